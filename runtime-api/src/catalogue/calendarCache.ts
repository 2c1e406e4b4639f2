import { createWorkCalendar, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';

/** The national calendar; regions add local rest days or override national ones. */
export const NATIONAL_REGION = 'CN';

/**
 * Working-day calendars read from `calendar_days`, cached per region. They change about once a
 * year; this node drops its copy when it loads a notice itself, and every node re-reads after
 * `ttlMs` so a notice loaded on another node is seen within a minute.
 */
export class CalendarCache {
  private readonly byRegion = new Map<string, { calendar: Promise<WorkCalendar>; loadedAt: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = 60_000,
  ) {}

  get(region = NATIONAL_REGION): Promise<WorkCalendar> {
    const cached = this.byRegion.get(region);
    if (cached && Date.now() - cached.loadedAt < this.ttlMs) return cached.calendar;
    const calendar = loadCalendar(this.knex, region);
    this.byRegion.set(region, { calendar, loadedAt: Date.now() });
    calendar.catch(() => this.byRegion.delete(region));
    return calendar;
  }

  invalidate(): void {
    this.byRegion.clear();
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
  const [rows, years] = await Promise.all([
    db('calendar_days').whereIn('region', regions).select('region', 'date', 'kind'),
    db('calendar_years').where({ region: NATIONAL_REGION }).select('year'),
  ]);
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
