/**
 * A working-day calendar as plain data (法定节假日 + 调休). The engine never loads it itself:
 * the host passes it in, so deadlines are reproducible and testable.
 */
export interface WorkCalendar {
  /** Weekdays declared rest days (holidays), as 'YYYY-MM-DD'. */
  restDays: ReadonlySet<string>;
  /** Weekend days declared working days (调休上班), as 'YYYY-MM-DD'. */
  makeUpWorkDays: ReadonlySet<string>;
  /** Years whose State Council notice is loaded; outside them only the weekend rule applies. */
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

/** The calendar date in Asia/Shanghai of an instant, whatever the server's TZ. */
export function shanghaiDate(instant: string | Date): string {
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

export function dateToUtcMs(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${date}"`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new RangeError(`Not a valid date: "${date}"`);
  return ms;
}

export interface DayVerdict {
  working: boolean;
  /** True when the year has no loaded notice and only the weekend rule was applied. */
  provisional: boolean;
}

/** Whether a date is a working day: Mon–Fri minus rest days, plus make-up working days. */
export function isWorkingDay(calendar: WorkCalendar, date: string): DayVerdict {
  const year = Number(date.slice(0, 4));
  const weekday = new Date(dateToUtcMs(date)).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  if (!calendar.coveredYears.has(year)) return { working: !weekend, provisional: true };
  if (calendar.restDays.has(date)) return { working: false, provisional: false };
  if (calendar.makeUpWorkDays.has(date)) return { working: true, provisional: false };
  return { working: !weekend, provisional: false };
}
