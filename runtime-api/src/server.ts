import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKnex, migrateToLatest } from '@yijian/db';
import type { ServiceItem } from '@yijian/process-library';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { type AppOptions, createApp } from './app';
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
  const settings = options.settings ?? readRuntimeSettings();
  // Migrations and seeding may run long on a big database: their own connection, no statement timeout.
  const setup = createKnex(options.databaseUrl, { poolMax: 2, poolWaitMs: 0, acquireTimeoutMs: 60_000 });
  try {
    await migrateToLatest(setup);
    if (options.seed !== false) await seedCatalogue(setup);
  } finally {
    await setup.destroy();
  }
  const knex = createKnex(options.databaseUrl, settings.pool);
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
  const app = createApp(ctx, options.app);
  const worker = options.worker
    ? startJobWorker(ctx, { ...settings.jobs, outbound: outboundChannelsFromEnv(process.env) })
    : null;
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await knex.destroy();
      await readKnex?.destroy();
    },
  };
}
