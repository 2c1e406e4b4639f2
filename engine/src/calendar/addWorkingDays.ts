import { addCalendarDays, dateToUtcMs, isWorkingDay, type WorkCalendar } from './workCalendar';
import { workingDaysAfterThrough } from './workingDayIndex';

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
  // Checked even when nothing is added: an impossible date must not pass.
  dateToUtcMs(from);
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
 * The working day `workingDays` working days before `date` (0: the date itself): the deadline of
 * something that is that many working days overdue on `date`.
 */
export function subtractWorkingDays(
  calendar: WorkCalendar,
  date: string,
  workingDays: number,
): CalendarResult {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`Working days must be a non-negative integer, got ${workingDays}`);
  }
  dateToUtcMs(date);
  let day = date;
  let provisional = false;
  for (let left = workingDays; left > 0; ) {
    day = addCalendarDays(day, -1);
    const verdict = isWorkingDay(calendar, day);
    provisional ||= verdict.provisional;
    if (verdict.working) left -= 1;
  }
  return { date: day, provisional };
}

/**
 * Working days left from `today` until `due`: days after today up to and including the due
 * date. Negative when overdue (counts the working days past it).
 */
export function workingDaysBetween(calendar: WorkCalendar, today: string, due: string): number {
  return countWorkingDays(calendar, today, due).days;
}

/**
 * {@link workingDaysBetween} with whether the count crossed a year with no loaded notice: a
 * remaining-days figure or a light derived from it is then provisional too.
 */
export function countWorkingDays(
  calendar: WorkCalendar,
  today: string,
  due: string,
): { days: number; provisional: boolean } {
  if (today === due) {
    dateToUtcMs(today);
    return { days: 0, provisional: false };
  }
  // Forward: the days after today up to and including the due date. Backward (overdue): the days
  // after the due date up to and including today, counted negative.
  if (today < due) return workingDaysAfterThrough(calendar, today, due);
  const past = workingDaysAfterThrough(calendar, due, today);
  return { days: -past.days, provisional: past.provisional };
}
