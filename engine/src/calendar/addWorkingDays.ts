import { addCalendarDays, isWorkingDay, type WorkCalendar } from './workCalendar';

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
  const forward = today < due;
  let count = 0;
  let date = today;
  const end = due;
  while (date !== end) {
    date = addCalendarDays(date, forward ? 1 : -1);
    // Counting backwards, the day we land on is past the deadline only once we leave `due`.
    const day = forward ? date : addCalendarDays(date, 1);
    if (isWorkingDay(calendar, day).working) count += 1;
  }
  return forward ? count : -count;
}
