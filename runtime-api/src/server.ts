import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appLoginUrl,
  createKnex,
  DEFAULT_APP_ROLE,
  defaultAppLogin,
  derivedAppPassword,
  grantAppLogin,
  grantAppRole,
  migrateToLatest,
} from '@yijian/db';
import type { ServiceItem } from '@yijian/process-library';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { type AppOptions, createApp } from './app';
import { startAuditCheckpoints } from './audit/verifyAuditLog';
import { bootstrapAdmin, refuseDemoPasswordsInProduction } from './auth/accounts';
import { checkCalendarNotice } from './calendar/calendarStatus';
import { addPackagedCalendarYears } from './calendar/loadCalendarYear';
import { seedCatalogue } from './catalogue/seedCatalogue';
import { type AppContext, createContext } from './context';
import { startJobWorker } from './jobs/jobWorker';
import { outboundChannelsFromEnv } from './notifications/outboundChannels';
import { type RuntimeSettings, readRuntimeSettings } from './settings';

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
   * The app's own login (APP_DATABASE_URL), made by the operator with the rights of the app role
   * only. Without it every start creates the login `appLogin` itself (as the owner, a member of the
   * app role only) and the app's pool connects as it, never as the owner.
   */
  appDatabaseUrl?: string;
  /** The login the start creates when there is no appDatabaseUrl (YJ_DB_APP_LOGIN, default `<appRole>_login`). */
  appLogin?: string;
  /**
   * Its password (YJ_DB_APP_PASSWORD); by default derived from the owner's connection string, so
   * all nodes agree (see derivedAppPassword). Ignored where pg_hba trusts the host.
   */
  appPassword?: string;
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
  /** Pool, timeouts and job settings; from the environment (DB_POOL_MAX, …) when not given. */
  settings?: RuntimeSettings;
  /** A replica for the read-only endpoints; overrides the settings' DATABASE_READ_URL. */
  readDatabaseUrl?: string;
}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  if (options.production && options.demoUsers)
    throw new Error('Demo accounts cannot be seeded in production mode');
  const settings = options.settings ?? readRuntimeSettings();
  // Migrations and seeds as the owner, on their own connection with no statement timeout (they may
  // run long on a big database); then the app's pool with the app role's rights only.
  const appRole = options.appRole ?? DEFAULT_APP_ROLE;
  const appLogin = options.appLogin ?? defaultAppLogin(appRole);
  const appPassword = options.appPassword ?? derivedAppPassword(options.databaseUrl, appLogin);
  const setup = createKnex(options.databaseUrl, { poolMax: 2, poolWaitMs: 0, acquireTimeoutMs: 60_000 });
  try {
    await migrateToLatest(setup);
    if (options.seed !== false) await seedCatalogue(setup, { demoUsers: options.demoUsers === true });
    if (options.admin) await bootstrapAdmin(setup, options.admin);
    await grantAppRole(setup, appRole);
    if (!options.appDatabaseUrl)
      await grantAppLogin(setup, { role: appRole, login: appLogin, password: appPassword });
    if (options.production) await refuseDemoPasswordsInProduction(setup);
  } finally {
    await setup.destroy();
  }
  // The app's queries run on a login of their own, never the owner's: `RESET ROLE` or `SET ROLE
  // <owner>` on it cannot regain the owner's rights.
  const knex = createKnex(
    options.appDatabaseUrl ?? appLoginUrl(options.databaseUrl, appLogin, appPassword),
    settings.pool,
  );
  // A hot standby refuses every write whoever connects, so its pool needs no SET ROLE (its login
  // need not be a member of the app role).
  const readUrl = options.readDatabaseUrl ?? settings.readReplicaUrl;
  const readKnex = readUrl ? createKnex(readUrl, settings.pool) : undefined;
  const ctx = createContext(knex, log, { clock: options.clock, catalogue: options.catalogue, readKnex });
  if (options.seed !== false) {
    // Upgrades: years a newer holiday package brings, never over an admin's load.
    const added = await addPackagedCalendarYears(ctx);
    if (added.length > 0) log.info({ years: added }, 'holiday calendar: packaged years added');
  }
  // Warns from 1 November when next year's notice is missing; then yearly as a job.
  await checkCalendarNotice(knex, await ctx.now());
  // Warm the national calendar so no request has to wait for its first load.
  await ctx.calendar.get();
  // The login page lists the demo accounts only when they were seeded, and never in production.
  const demoAccounts = options.demoUsers === true && options.production !== true;
  const app = createApp(ctx, { ...options.app, demoAccounts });
  const worker = options.worker
    ? startJobWorker(ctx, { ...settings.jobs, outbound: outboundChannelsFromEnv(process.env) })
    : null;
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
      await readKnex?.destroy();
    },
  };
}
