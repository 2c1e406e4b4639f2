import type { CalendarResult } from './addWorkingDays';
import { addCalendarDays, dateToUtcMs, isWorkingDay, type WorkCalendar } from './workCalendar';

/**
 * A limit in calendar days or months. A deadline that lands on a non-working day moves to the
 * next working day (Civil Code Art. 203).
 */
export function addCalendarPeriod(
  calendar: WorkCalendar,
  from: string,
  value: number,
  unit: 'calendarDays' | 'calendarMonths',
): CalendarResult {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`Expected a non-negative integer, got ${value}`);
  if (unit !== 'calendarDays' && unit !== 'calendarMonths')
    throw new RangeError(`Expected the unit calendarDays or calendarMonths, got "${String(unit)}"`);
  dateToUtcMs(from);
  let date = unit === 'calendarDays' ? addCalendarDays(from, value) : addMonths(from, value);
  let verdict = isWorkingDay(calendar, date);
  let provisional = verdict.provisional;
  while (!verdict.working) {
    date = addCalendarDays(date, 1);
    verdict = isWorkingDay(calendar, date);
    provisional ||= verdict.provisional;
  }
  return { date, provisional };
}

/** Same day of the month N months later; the 31st in a 30-day month becomes its last day. */
function addMonths(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
