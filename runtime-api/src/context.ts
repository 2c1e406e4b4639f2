import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { CalendarCache } from './catalogue/calendarCache';
import { DefinitionCache } from './catalogue/definitionCache';

/** What request handlers and commands share: the pool and the per-process caches. */
export interface AppContext {
  knex: Knex;
  definitions: DefinitionCache;
  calendar: CalendarCache;
  log: Logger;
}

export function createContext(knex: Knex, log: Logger): AppContext {
  return { knex, definitions: new DefinitionCache(knex), calendar: new CalendarCache(knex), log };
}

/** Database time: deadlines compare against one clock however many nodes run. */
export async function databaseNow(trx: Knex | Knex.Transaction): Promise<string> {
  const { rows } = await trx.raw<{ rows: { now: Date }[] }>('select now() as now');
  return rows[0]!.now.toISOString();
}
