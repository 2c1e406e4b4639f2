import { addCalendarDays, dateToUtcMs, isWorkingDay, type WorkCalendar } from './workCalendar';

const DAY_MS = 86_400_000;

export interface CalendarResult {
  date: string;
  /** Some day on the way fell in a year with no loaded notice (DOMAIN rule 4). */
  provisional: boolean;
}

/**
 * The N-th working day after `from` (next-day counting, Civil Code Art. 201): the day of the
 * triggering act itself never counts.
 */
export function addWorkingDays(calendar: WorkCalendar, from: string, workingDays: number): CalendarResult {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`Working days must be a non-negative integer, got ${workingDays}`);
  }
  let date = from;
  let provisional = false;
  let left = workingDays;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    const verdict = isWorkingDay(calendar, date);
    provisional ||= verdict.provisional;
    if (verdict.working) left -= 1;
  }
  return { date, provisional };
}

/**
 * Working days left from `today` until `due`: days after today up to and including the due
 * date. Negative when overdue (counts the working days past it).
 */
export function workingDaysBetween(calendar: WorkCalendar, today: string, due: string): number {
  if (today === due) return 0;
  // Both ways it counts the working days in (earlier, later]: forward the days after today up to
  // the due date, backward the days after the due date up to today. Walked as UTC day numbers,
  // with one Date per day: summaries and queue pages call this for every deadline they light.
  const from = dateToUtcMs(today);
  const to = dateToUtcMs(due);
  const [earlier, later] = from < to ? [from, to] : [to, from];
  let count = 0;
  const day = new Date(earlier);
  for (let ms = earlier + DAY_MS; ms <= later; ms += DAY_MS) {
    day.setTime(ms);
    const weekday = day.getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (!calendar.coveredYears.has(day.getUTCFullYear())) {
      if (!weekend) count += 1;
      continue;
    }
    const date = day.toISOString().slice(0, 10);
    if (calendar.restDays.has(date)) continue;
    if (weekend && !calendar.makeUpWorkDays.has(date)) continue;
    count += 1;
  }
  return from < to ? count : -count;
}
