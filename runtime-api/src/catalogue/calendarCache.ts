import { createWorkCalendar, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import type { Logger } from 'pino';

/** The national calendar; regions add local rest days or override national ones. */
export const NATIONAL_REGION = 'CN';

interface Entry {
  calendar: WorkCalendar;
  loadedAt: number;
  refreshing: boolean;
  /** Order in which loads began: a slow load never overwrites a newer one. */
  seq: number;
}

/**
 * Working-day calendars read from `calendar_days`, cached per region. They change about once a
 * year: a copy older than `ttlMs` is still served while a fresh one loads in the background
 * through the pool, so a notice loaded on another node is seen within about a minute and no
 * command ever waits for the pool while it holds a transaction. A failed refresh keeps the old
 * copy (and is tried again on a later read); the cache never empties itself.
 *
 * Only the very first read of a region waits for a load: through the caller's transaction when it
 * passes one, else through the pool. The server warms the national calendar at start.
 */
export class CalendarCache {
  private readonly byRegion = new Map<string, Entry>();
  private readonly firstLoads = new Map<string, Promise<WorkCalendar>>();
  private loads = 0;

  constructor(
    private readonly knex: Knex,
    private readonly log?: Logger,
    private readonly ttlMs = 60_000,
  ) {}

  /** The region's calendar; `db` is the caller's transaction, used only if nothing is cached yet. */
  async get(region = NATIONAL_REGION, db?: Knex.Transaction): Promise<WorkCalendar> {
    const entry = this.byRegion.get(region);
    if (entry) {
      if (!entry.refreshing && Date.now() - entry.loadedAt >= this.ttlMs) void this.refresh(region);
      return entry.calendar;
    }
    if (db) {
      const seq = ++this.loads;
      const calendar = await loadCalendar(db, region);
      this.store(region, calendar, seq);
      return calendar;
    }
    let first = this.firstLoads.get(region);
    if (!first) {
      const seq = ++this.loads;
      first = loadCalendar(this.knex, region)
        .then((calendar) => {
          this.store(region, calendar, seq);
          return this.byRegion.get(region)!.calendar;
        })
        .finally(() => this.firstLoads.delete(region));
      this.firstLoads.set(region, first);
    }
    return first;
  }

  /**
   * Reloads every cached region now, through the pool (never call it inside a transaction): after
   * this node loaded a notice, its next command uses the new days. A failure keeps the old copies.
   */
  async reload(): Promise<void> {
    await Promise.all([...this.byRegion.keys()].map((region) => this.refresh(region)));
  }

  private store(region: string, calendar: WorkCalendar, seq: number): void {
    const current = this.byRegion.get(region);
    if (current && current.seq > seq) return;
    this.byRegion.set(region, { calendar, loadedAt: Date.now(), refreshing: false, seq });
  }

  private async refresh(region: string): Promise<void> {
    const entry = this.byRegion.get(region);
    if (entry) entry.refreshing = true;
    const seq = ++this.loads;
    try {
      this.store(region, await loadCalendar(this.knex, region), seq);
    } catch (error) {
      // Keep serving the copy we have; the next read after the TTL tries again.
      if (entry) entry.refreshing = false;
      this.log?.warn({ err: error, region }, 'calendar refresh failed; keeping the cached copy');
    }
  }
}

/**
 * A region's calendar as of `db` (a transaction sees its own uncommitted notice): national days
 * overlaid by the region's own, a regional row winning on the same date.
 */
export async function loadCalendar(
  db: Knex | Knex.Transaction,
  region = NATIONAL_REGION,
): Promise<WorkCalendar> {
  const regions = region === NATIONAL_REGION ? [NATIONAL_REGION] : [NATIONAL_REGION, region];
  // One after another: `db` may be a transaction, whose one connection takes one query at a time.
  const rows = await db('calendar_days').whereIn('region', regions).select('region', 'date', 'kind');
  const years = await db('calendar_years').where({ region: NATIONAL_REGION }).select('year');
  const byDate = new Map<string, string>();
  for (const row of rows.filter((r) => r.region === NATIONAL_REGION)) byDate.set(row.date, row.kind);
  for (const row of rows.filter((r) => r.region !== NATIONAL_REGION)) byDate.set(row.date, row.kind);
  const entries = [...byDate.entries()];
  return createWorkCalendar({
    restDays: entries.filter(([, kind]) => kind === 'rest').map(([date]) => date),
    makeUpWorkDays: entries.filter(([, kind]) => kind === 'makeUpWork').map(([date]) => date),
    coveredYears: years.map((y) => y.year as number),
  });
}
