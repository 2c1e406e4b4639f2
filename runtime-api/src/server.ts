import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKnex, DEFAULT_APP_ROLE, grantAppRole, migrateToLatest } from '@yijian/db';
import type { ServiceItem } from '@yijian/process-library';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { type AppOptions, createApp } from './app';
import { startAuditCheckpoints } from './audit/verifyAuditLog';
import { bootstrapAdmin, refuseDemoPasswordsInProduction } from './auth/accounts';
import { seedCatalogue } from './catalogue/seedCatalogue';
import { type AppContext, createContext } from './context';
import { startJobWorker } from './jobs/jobWorker';

export interface RunningServer {
  url: string;
  knex: Knex;
  server: Server;
  /** The node's context, for tests that sweep jobs themselves (`runDueJobs`). */
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Migrates and seeds the database at `databaseUrl`, then serves the API (and the web app when
 * built) on `port` (0 = any free port). Used by `npm start`, the tests and the examples alike.
 */
export async function startServer(options: {
  databaseUrl: string;
  port?: number;
  host?: string;
  log?: Logger;
  seed?: boolean;
  /**
   * Seed the demo accounts (password `yijian123`); off unless asked (`npm start` asks with
   * `--demo`). With `production`, the server refuses to start while any demo password is present.
   */
  demoUsers?: boolean;
  /** Production mode (NODE_ENV=production): no demo accounts, no demo passwords. */
  production?: boolean;
  /**
   * The app's own login (APP_DATABASE_URL), with the rights of the app role only; without it the
   * app's pool does `SET ROLE appRole` on the owner's connection.
   */
  appDatabaseUrl?: string;
  /** The first administrator, created when no admin exists (YJ_ADMIN_USERNAME / YJ_ADMIN_PASSWORD). */
  admin?: { username: string; password: string };
  /** The least-privilege role the app's queries run as (YJ_DB_APP_ROLE, default yijian_app). */
  appRole?: string;
  app?: AppOptions;
  /** Sweep due jobs (deadlines, 催办/督办) in this process too; off in tests that drive sweeps. */
  worker?: boolean;
  /** Simulated time for tests and demos; see ContextOptions.clock. */
  clock?: () => string;
  /** The item catalogue bundles are composed from; see ContextOptions.catalogue. */
  catalogue?: { items: readonly ServiceItem[] };
}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  if (options.production && options.demoUsers)
    throw new Error('Demo accounts cannot be seeded in production mode');
  // Migrations and seeds as the owner; then the app's pool with the app role's rights only.
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  const owner = createKnex(options.databaseUrl, { poolMax: 2 });
  try {
    await migrateToLatest(owner);
    if (options.seed !== false) await seedCatalogue(owner, { demoUsers: options.demoUsers === true });
    if (options.admin) await bootstrapAdmin(owner, options.admin);
    await grantAppRole(owner, appRole);
    if (options.production) await refuseDemoPasswordsInProduction(owner);
  } finally {
    await owner.destroy();
  }
  const knex = options.appDatabaseUrl
    ? createKnex(options.appDatabaseUrl)
    : createKnex(options.databaseUrl, { role: appRole });
  const ctx = createContext(knex, log, { clock: options.clock, catalogue: options.catalogue });
  const app = createApp(ctx, options.app);
  const worker = options.worker ? startJobWorker(ctx) : null;
  const checkpoints = options.worker ? startAuditCheckpoints(knex, log) : null;
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    knex,
    server,
    ctx,
    async close() {
      await worker?.stop();
      checkpoints?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await knex.destroy();
    },
  };
}
