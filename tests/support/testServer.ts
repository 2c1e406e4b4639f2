import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabaseExists, withDatabase } from '@yijian/db';
import type { ServiceItem } from '@yijian/process-library';
import {
  type AppOptions,
  type RunningServer,
  type RuntimeSettings,
  startServer,
  webDistPath,
} from '@yijian/runtime-api';
import pino from 'pino';
import { inject } from 'vitest';

export interface TestServer extends RunningServer {
  databaseName: string;
  /** Stops the server and drops its database. */
  dispose(): Promise<void>;
}

/**
 * A running Yijian on a free port with its own fresh database, named after the test file, on the
 * run's real PostgreSQL. Each test file gets one, so files run in parallel without interfering.
 */
export async function startTestServer(
  name: string,
  options: {
    web?: boolean;
    clock?: () => string;
    catalogue?: { items: readonly ServiceItem[] };
    /** Seed the demo accounts (default true: the suites log in as them). */
    demoUsers?: boolean;
    production?: boolean;
    /** A fixed port (0 or absent: any free one). */
    port?: number;
    /** More app options, e.g. `oidc`. */
    app?: Partial<AppOptions>;
    /** Pool and job settings (default: the environment's, as in production). */
    settings?: RuntimeSettings;
  } = {},
): Promise<TestServer> {
  const serverUrl = inject('databaseServerUrl');
  const databaseName = `yj_${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await ensureDatabaseExists(serverUrl, databaseName);
  const running = await startServer({
    databaseUrl: withDatabase(serverUrl, databaseName),
    // Errors always show: an unhandled error answers 500, a bug a browser test would only see as
    // a row that stays; YJ_TEST_LOG=info (or debug) shows more.
    log: pino({ level: process.env.YJ_TEST_LOG ?? 'error' }),
    port: options.port,
    app: { webDist: options.web ? webDistPath() : undefined, loginRateLimit: 1000, ...options.app },
    clock: options.clock,
    catalogue: options.catalogue,
    demoUsers: options.demoUsers ?? true,
    production: options.production,
    settings: options.settings,
  });
  return {
    ...running,
    databaseName,
    async dispose() {
      await running.close();
      await dropDatabase(serverUrl, databaseName);
    },
  };
}
