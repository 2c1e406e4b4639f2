import { provisionalRestDays } from './statutoryHolidays';

/**
 * A working-day calendar as plain data (法定节假日 + 调休). The engine never loads it itself:
 * the host passes it in, so deadlines are reproducible and testable.
 */
export interface WorkCalendar {
  /** Weekdays declared rest days (holidays), as 'YYYY-MM-DD'. */
  restDays: ReadonlySet<string>;
  /** Weekend days declared working days (调休上班), as 'YYYY-MM-DD'. */
  makeUpWorkDays: ReadonlySet<string>;
  /**
   * Years whose State Council notice is loaded. Outside them a day is judged provisionally: the
   * weekend rule plus the holidays fixed by law ({@link provisionalRestDays}); only the 调休 days
   * are unknown.
   */
  coveredYears: ReadonlySet<number>;
}

/** Builds a calendar from lists, e.g. the rows of the holiday table. */
export function createWorkCalendar(input: {
  restDays: Iterable<string>;
  makeUpWorkDays: Iterable<string>;
  coveredYears: Iterable<number>;
}): WorkCalendar {
  return {
    restDays: new Set(input.restDays),
    makeUpWorkDays: new Set(input.makeUpWorkDays),
    coveredYears: new Set(input.coveredYears),
  };
}

const DAY_MS = 86_400_000;
/** China has had no daylight saving time since 1991, so Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An ISO-8601 instant with its offset: `Z` or `±hh:mm`. Without one it would be read in the host's TZ. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The calendar date in Asia/Shanghai of an instant, whatever the server's TZ. A string must be an
 * ISO instant that carries its offset ('2026-03-01T09:00:00+08:00', '…Z'); one without is refused
 * rather than read in the host's time zone.
 */
export function shanghaiDate(instant: string | Date): string {
  if (typeof instant === 'string' && !INSTANT.test(instant))
    throw new RangeError(`Expected an ISO instant with an offset (Z or +08:00), got "${instant}"`);
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai calendar date, as an ISO instant: a deadline is the whole day. */
export function endOfShanghaiDay(date: string): string {
  return new Date(dateToUtcMs(date) + DAY_MS - 1 - SHANGHAI_OFFSET_MS).toISOString();
}

/** Adds calendar days to a 'YYYY-MM-DD' date using UTC arithmetic, so the host TZ cannot shift it. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight UTC of a 'YYYY-MM-DD' date. Impossible dates ('2026-02-30') throw instead of rolling over. */
export function dateToUtcMs(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse accepts day 30 of February and rolls it into March; a round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new RangeError(`Not a calendar date: "${date}"`);
  return ms;
}

export interface DayVerdict {
  working: boolean;
  /** True when the year has no loaded notice: judged by the weekend rule and the statutory holidays. */
  provisional: boolean;
}

/** Whether a date is a working day: Mon–Fri minus rest days, plus make-up working days. */
export function isWorkingDay(calendar: WorkCalendar, date: string): DayVerdict {
  const year = Number(date.slice(0, 4));
  const weekday = new Date(dateToUtcMs(date)).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (!calendar.coveredYears.has(year)) {
    // A region's own rest days still count in a year the national notice has not covered.
    if (calendar.restDays.has(date)) return { working: false, provisional: true };
    return { working: !weekend && !provisionalRestDays(year).has(date), provisional: true };
  }
  if (calendar.restDays.has(date)) return { working: false, provisional: false };
  if (calendar.makeUpWorkDays.has(date)) return { working: true, provisional: false };
  return { working: !weekend, provisional: false };
}
