import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { assertRoleName } from './appRole';
import { startEmbeddedPostgres } from './embedded';
import { guardPool, type PoolStats } from './poolGuard';
import { PreparingPgClient } from './preparedStatements';

// Return `date` columns as 'YYYY-MM-DD' strings: a JS Date would shift them by the host TZ.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint counts (count(*)) fit easily in a JS number here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** How a process uses its connections; see runtime-api's README ("Database settings"). */
export interface PoolSettings {
  /** Most connections this process opens (default 10). */
  poolMax?: number;
  /** Longest a query waits for a connection in any case, in ms (knex's acquire timeout; default 10 000). */
  acquireTimeoutMs?: number;
  /**
   * A request waiting for a connection fails with {@link DatabaseBusyError} once none has come free
   * for this long, in ms (default 500); 0 turns the guard off (wait up to `acquireTimeoutMs`).
   */
  poolWaitMs?: number;
  /** PostgreSQL's `statement_timeout` for every connection, in ms; 0 or unset = none. */
  statementTimeoutMs?: number;
}

/** Who the pool's queries run as. */
export interface PoolRole {
  /**
   * Every connection does `SET ROLE role` before use: the queries then run with that role's
   * rights only (see appRole.ts), even on the owner's login.
   */
  role?: string;
}

/** A knex on `url` whose pool fails fast when exhausted (see {@link guardPool}). */
export function createKnex(url: string, options: PoolSettings & PoolRole = {}): Knex {
  const role = options.role;
  if (role) assertRoleName(role);
  const knex = knexFactory({
    // knex's pg client, with named statements for queries marked PREPARED (preparedStatements.ts).
    client: PreparingPgClient as unknown as typeof knexFactory.Client,
    connection: {
      connectionString: url,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      ...(role
        ? {
            afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
              conn.query(`set role ${role}`).then(
                () => done(null, conn),
                (err: Error) => done(err, conn),
              );
            },
          }
        : {}),
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
  });
  const waitMs = options.poolWaitMs ?? 500;
  if (waitMs > 0) poolGuards.set(knex, guardPool(knex, { waitMs }));
  return knex;
}

const poolGuards = new WeakMap<Knex, { stats(): PoolStats }>();

/** The pool's state (connections used, free, waiting), or null for a knex not made by createKnex. */
export function poolStats(knex: Knex): PoolStats | null {
  return poolGuards.get(knex)?.stats() ?? null;
}

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise an embedded PostgreSQL whose data lives in `dataDir`
 * (default `.data/postgres` under the repository, git-ignored).
 */
export async function resolveDatabase(
  options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ResolvedDatabase> {
  const env = options.env ?? process.env;
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = options.dataDir ?? path.join(repositoryRoot(), '.data', 'postgres');
  const server = await startEmbeddedPostgres({ dataDir });
  const url = withDatabase(server.url, 'yijian');
  await ensureDatabaseExists(server.url, 'yijian');
  return { url, embedded: true, stop: server.stop };
}

/** Creates a database on the server of `serverUrl` if it does not exist yet. */
export async function ensureDatabaseExists(serverUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/** Drops a database, disconnecting anyone still on it (used by tests). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertIdentifier(name);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
}

export function repositoryRoot(): string {
  return path.resolve(new URL('.', import.meta.url).pathname, '..', '..');
}
