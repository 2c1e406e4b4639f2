import { existsSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { poolStats } from '@yijian/db';
import express, { type Express } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { absolutePath as swaggerAssets } from 'swagger-ui-dist';
import { OidcLogin, type OidcOptions } from './auth/oidc';
import { calendarStatus } from './calendar/calendarStatus';
import type { AppContext } from './context';
import { authenticate } from './http/auth';
import { things } from './http/errorCodes';
import { ApiError, errorHandler, rateLimitedHandler } from './http/errors';
import { createRegistry, openApiDocument, swaggerHtml, swaggerInit } from './http/openapi';
import { safeErrorLog, safeRequestLog } from './http/safeLog';
import { adminConsoleRoutes } from './routes/adminConsoleRoutes';
import { adminRoutes } from './routes/adminRoutes';
import { applicantRoutes } from './routes/applicantRoutes';
import { auditRoutes } from './routes/auditRoutes';
import { authRoutes } from './routes/authRoutes';
import { bundleRoutes } from './routes/bundleRoutes';
import { calendarRoutes } from './routes/calendarRoutes';
import { caseRoutes } from './routes/caseRoutes';
import { catalogueEditRoutes } from './routes/catalogueEditRoutes';
import { clerkActionRoutes } from './routes/clerkActionRoutes';
import { definitionRoutes } from './routes/definitionRoutes';
import { doneTaskRoutes } from './routes/doneTaskRoutes';
import { incidentRoutes } from './routes/incidentRoutes';
import { itemRoutes } from './routes/itemRoutes';
import { lifecycleRoutes } from './routes/lifecycleRoutes';
import { materialRoutes } from './routes/materialRoutes';
import { messageRoutes } from './routes/messageRoutes';
import { modelerRoutes } from './routes/modelerRoutes';
import { monitorRoutes } from './routes/monitorRoutes';
import { resultRoutes } from './routes/resultRoutes';
import { systemRoutes } from './routes/systemRoutes';
import { taskRoutes } from './routes/taskRoutes';

export interface AppOptions {
  /** Folder of the built web app (designer/dist); served on the same port when present. */
  webDist?: string;
  /** Login attempts per minute per client address. */
  loginRateLimit?: number;
  /**
   * Express `trust proxy`: off by default, so `X-Forwarded-For` from anyone is ignored and rate
   * limits key on the real peer. Set it (TRUST_PROXY) to the proxies in front, e.g. `loopback`,
   * `10.0.0.0/8` or a hop count.
   */
  trustProxy?: boolean | string | number;
  /** Single sign-on over OpenID Connect (OIDC_ISSUER …); local accounts only without it. */
  oidc?: OidcOptions;
  /**
   * The demo accounts were seeded (`npm start --demo`, tests): the login page may list them
   * (`GET /api/auth/demo-accounts`). Never in production, where the list is empty.
   */
  demoAccounts?: boolean;
}

/** Mounts every API route on the router and registers its schemas in the OpenAPI registry. */
function registerApiRoutes(
  router: express.Router,
  registry: OpenAPIRegistry,
  ctx: AppContext,
  oidc: OidcLogin | null,
  demoAccounts = false,
): void {
  authRoutes(router, registry, ctx, oidc, demoAccounts);
  auditRoutes(router, registry, ctx);
  bundleRoutes(router, registry, ctx);
  caseRoutes(router, registry, ctx);
  // GET /api/tasks/done before GET /api/tasks/:id, which would take `done` for an id.
  doneTaskRoutes(router, registry, ctx);
  taskRoutes(router, registry, ctx);
  lifecycleRoutes(router, registry, ctx);
  messageRoutes(router, registry, ctx);
  monitorRoutes(router, registry, ctx);
  systemRoutes(router, registry, ctx);
  materialRoutes(router, registry, ctx);
  calendarRoutes(router, registry, ctx);
  itemRoutes(router, registry, ctx);
  catalogueEditRoutes(router, registry, ctx);
  clerkActionRoutes(router, registry, ctx);
  resultRoutes(router, registry, ctx);
  incidentRoutes(router, registry, ctx);
  definitionRoutes(router, registry, ctx);
  adminConsoleRoutes(router, registry, ctx);
  adminRoutes(router, registry, ctx);
  modelerRoutes(router, registry, ctx);
  applicantRoutes(router, registry, ctx);
}

/**
 * The OpenAPI document without a server or database: routes only read the context when they
 * answer, so a context that refuses every use is enough. The web app's client is generated from it.
 */
export function apiDocument(): ReturnType<typeof openApiDocument> {
  const unavailable = new Proxy({} as AppContext, {
    get(_target, name) {
      throw new Error(`apiDocument: the routes read ctx.${String(name)} while registering`);
    },
  });
  const registry = createRegistry();
  registerApiRoutes(express.Router(), registry, unavailable, null);
  return openApiDocument(registry);
}

/** The Express application: API under /api, OpenAPI at /api/docs, the web app everywhere else. */
export function createApp(ctx: AppContext, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // antd and bpmn-js set styles at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          // Inline previews of PDFs (materials, documents) fetched with the session and shown from blob: URLs.
          frameSrc: ["'self'", 'blob:'],
          objectSrc: ["'self'", 'blob:'],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: ctx.log,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: { req: safeRequestLog, err: safeErrorLog },
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api/') },
    }),
  );
  // Answers carry personal data (names, ID numbers, case files): no cache may keep them.
  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', express.json({ limit: '1mb' }));
  app.use(
    '/api/auth/login',
    rateLimit({
      windowMs: 60_000,
      limit: options.loginRateLimit ?? 60,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: rateLimitedHandler,
    }),
  );
  app.use('/api', authenticate(ctx.knex));

  const router = express.Router();
  const registry = createRegistry();
  registerApiRoutes(
    router,
    registry,
    ctx,
    options.oidc ? new OidcLogin(options.oidc) : null,
    options.demoAccounts === true,
  );
  const document = openApiDocument(registry);
  router.get('/api/openapi.json', (_req, res) => void res.json(document));
  router.get('/api/docs', (_req, res) => void res.type('html').send(swaggerHtml));
  router.get('/api/docs/init.js', (_req, res) => void res.type('js').send(swaggerInit));
  router.use('/api/docs/assets', express.static(swaggerAssets()));
  // Liveness: answered from this process alone, so it stays fast however busy the database is.
  router.get('/api/health', (_req, res) => {
    res.json({ status: 'ok', pool: poolStats(ctx.knex) });
  });
  // Readiness: one round trip to the database; an exhausted pool answers 503 like any request.
  // It also says whether next year's holiday notice is missing (a warning from 1 November).
  router.get('/api/health/ready', async (_req, res) => {
    const calendar = await calendarStatus(ctx.knex, await ctx.now());
    res.json({
      status: 'ok',
      pool: poolStats(ctx.knex),
      checks: {
        calendar: {
          status: calendar.warning ? 'warn' : 'ok',
          nextYear: calendar.nextYear,
          nextYearLoaded: calendar.nextYearLoaded,
          ...(calendar.warning ? { warning: calendar.warning } : {}),
        },
      },
    });
  });
  router.use('/api', (req) => {
    throw new ApiError('not_found', { what: things.route, id: `${req.method} ${req.originalUrl}` });
  });
  app.use(router);

  const dist = options.webDist;
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    app.use(express.static(dist, { index: false, maxAge: '1h' }));
    // Client-side routes (/inbox, /cases/…) all load the single page.
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(path.join(dist, 'index.html')));
  }
  app.use(errorHandler);
  return app;
}
