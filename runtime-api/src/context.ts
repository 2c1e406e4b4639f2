import { type ServiceItem, serviceItems } from '@yijian/process-library';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { CalendarCache } from './catalogue/calendarCache';
import { DefinitionCache } from './catalogue/definitionCache';

/** What request handlers and commands share: the pool, the per-process caches and the clock. */
export interface AppContext {
  knex: Knex;
  /**
   * Reads that may lag the primary a little: the queue, the monitor summary, the service guide. A
   * replica's pool when DATABASE_READ_URL is set, else the same pool as `knex`.
   */
  readKnex: Knex;
  definitions: DefinitionCache;
  calendar: CalendarCache;
  log: Logger;
  /** The current instant for a command, read in its transaction (see {@link createContext}). */
  now(db?: Knex | Knex.Transaction): Promise<string>;
  /** The service items bundles are composed from (组合一件事); the process library's by default. */
  catalogue: { items: readonly ServiceItem[] };
}

export interface ContextOptions {
  /**
   * Replaces database time with a fixed or simulated instant. Only for tests and demos that must
   * run "on" a given day; production always uses database time.
   */
  clock?: () => string;
  /**
   * The item catalogue to compose bundles from; the process library's `serviceItems` by default.
   * A locality's own catalogue, or a test's with deliberately broken items.
   */
  catalogue?: { items: readonly ServiceItem[] };
  /** A replica's pool for the read-only endpoints; see {@link AppContext.readKnex}. */
  readKnex?: Knex;
}

export function createContext(knex: Knex, log: Logger, options: ContextOptions = {}): AppContext {
  const clock = options.clock;
  return {
    knex,
    readKnex: options.readKnex ?? knex,
    definitions: new DefinitionCache(knex),
    calendar: new CalendarCache(knex, log),
    log,
    now: clock ? async () => clock() : (db) => databaseNow(db ?? knex),
    catalogue: options.catalogue ?? { items: serviceItems },
  };
}

/** Database time: deadlines compare against one clock however many nodes run. */
async function databaseNow(db: Knex | Knex.Transaction): Promise<string> {
  const { rows } = await db.raw<{ rows: { now: Date }[] }>('select now() as now');
  return rows[0]!.now.toISOString();
}
