/**
 * Named (server-side prepared) statements for the hottest queries (issue 16).
 *
 * knex sends every query unnamed, so PostgreSQL parses and plans it on every execution; for the
 * few statements a task completion sends, planning cost more than executing (0.3–0.8 ms against
 * 0.2–0.6 ms each, by pg_stat_statements' `track_planning`). A query marked with
 * `.options(PREPARED)` is sent under a name taken from a hash of its text instead: the connection
 * parses it once and PostgreSQL may keep its plan (`plan_cache_mode`). Only statements whose plan
 * does not depend on their values (lookups by key) should be marked.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';

/** Pass to a query's `.options()` to send it as a named statement. */
export const PREPARED = Object.freeze({ prepared: true });

/**
 * Most statements one connection keeps prepared; past it a marked query runs unnamed (a bound on
 * the server's memory, should a marked query's text vary without end, as a multi-row insert's).
 */
export const MAX_PREPARED_PER_CONNECTION = 200;

interface CompiledQuery {
  sql: string;
  options?: Record<string, unknown>;
}

/** A pg client; its protocol connection records the statements it has parsed. */
interface PgConnection {
  connection?: { parsedStatements?: Record<string, string> };
}

type PgClientClass = new (
  config: Knex.Config,
) => {
  _query(connection: PgConnection, obj: CompiledQuery): Promise<unknown>;
};

// knex's own PostgreSQL client; a subclass passed as `client` is knex's documented extension point.
const KnexPgClient = createRequire(import.meta.url)('knex/lib/dialects/postgres/index.js') as PgClientClass;

const names = new Map<string, string>();

/** The statement's name: the same text always gets the same name, on every connection. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `yj_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}

export class PreparingPgClient extends KnexPgClient {
  override _query(connection: PgConnection, obj: CompiledQuery): Promise<unknown> {
    if (obj.options?.prepared) {
      const { prepared: _, ...rest } = obj.options;
      const name = statementName(obj.sql);
      const parsed = connection.connection?.parsedStatements ?? {};
      const room = name in parsed || Object.keys(parsed).length < MAX_PREPARED_PER_CONNECTION;
      obj.options = room ? { ...rest, name } : rest;
    }
    return super._query(connection, obj);
  }
}
