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
    now: clock ? async () => clock() : (db) => transactionTime.get(db ?? knex) ?? databaseNow(db ?? knex),
    catalogue: options.catalogue ?? { items: serviceItems },
  };
}

/**
 * The time of each transaction, read once: `now()` is the transaction's start and stays the same
 * until it ends, so a command asks the database at most once — or not at all when its lock
 * statement read it (issue 16: two `select now()` per completion before).
 */
const transactionTime = new WeakMap<Knex | Knex.Transaction, Promise<string>>();

/** Remembers the time a statement of `trx` read as `transaction_timestamp()`. */
export function rememberTransactionTime(trx: Knex.Transaction, at: string): void {
  transactionTime.set(trx, Promise.resolve(at));
}

/** Database time: deadlines compare against one clock however many nodes run. */
function databaseNow(db: Knex | Knex.Transaction): Promise<string> {
  const read = db
    .raw<{ rows: { now: Date }[] }>('select now() as now')
    .then(({ rows }) => rows[0]!.now.toISOString());
  // Only inside a transaction is the time fixed; a pool's next statement is a new instant.
  if ((db as Knex.Transaction).isTransaction) {
    transactionTime.set(db, read);
    read.catch(() => transactionTime.delete(db));
  }
  return read;
}
