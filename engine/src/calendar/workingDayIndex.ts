import { dateToUtcMs, isWorkingDay, type WorkCalendar } from './workCalendar';

/**
 * Working days counted by table instead of by walking: a manager's summary and every queue row
 * ask for a light, and each light counts the working days between today and a due date — one
 * day at a time that was most of the monitor's time (issue 16). Per calendar and year we keep the
 * running count of working days, so a count is two look-ups plus the whole years between.
 *
 * A calendar is immutable data (its sets are read-only), so the index hangs off the calendar
 * object itself; a reloaded calendar is a new object with a new index, and the index of one that
 * is dropped goes with it.
 */
interface YearIndex {
  /** `through[i]`: working days from 1 January through day `i` of the year (0-based), inclusive. */
  through: Uint16Array;
  total: number;
  /** The year has no loaded notice: each of its days is judged provisionally. */
  provisional: boolean;
}

const DAY_MS = 86_400_000;
const indexes = new WeakMap<WorkCalendar, Map<number, YearIndex>>();

function yearIndex(calendar: WorkCalendar, year: number): YearIndex {
  let years = indexes.get(calendar);
  if (!years) {
    years = new Map();
    indexes.set(calendar, years);
  }
  let index = years.get(year);
  if (!index) {
    const first = Date.UTC(year, 0, 1);
    const days = Math.round((Date.UTC(year + 1, 0, 1) - first) / DAY_MS);
    const through = new Uint16Array(days);
    let count = 0;
    let provisional = false;
    for (let i = 0; i < days; i++) {
      const verdict = isWorkingDay(calendar, new Date(first + i * DAY_MS).toISOString().slice(0, 10));
      provisional ||= verdict.provisional;
      if (verdict.working) count += 1;
      through[i] = count;
    }
    index = { through, total: count, provisional };
    years.set(year, index);
  }
  return index;
}

/** Year and 0-based day of year of a validated 'YYYY-MM-DD'. */
function position(date: string): { year: number; day: number } {
  const ms = dateToUtcMs(date);
  const year = Number(date.slice(0, 4));
  return { year, day: Math.round((ms - Date.UTC(year, 0, 1)) / DAY_MS) };
}

/**
 * Working days in the half-open span (`from`, `to`] for `from` ≤ `to`, and whether any day of it
 * lies in a year with no loaded notice.
 */
export function workingDaysAfterThrough(
  calendar: WorkCalendar,
  from: string,
  to: string,
): { days: number; provisional: boolean } {
  const a = position(from);
  const b = position(to);
  const startIndex = yearIndex(calendar, a.year);
  if (a.year === b.year) {
    const days = startIndex.through[b.day]! - startIndex.through[a.day]!;
    return { days, provisional: startIndex.provisional && b.day > a.day };
  }
  // The rest of the first year, the whole years between, and the last year up to `to`.
  let days = startIndex.total - startIndex.through[a.day]!;
  const daysInFirst = startIndex.through.length;
  let provisional = startIndex.provisional && a.day < daysInFirst - 1;
  for (let year = a.year + 1; year < b.year; year++) {
    const index = yearIndex(calendar, year);
    days += index.total;
    provisional ||= index.provisional;
  }
  const endIndex = yearIndex(calendar, b.year);
  days += endIndex.through[b.day]!;
  provisional ||= endIndex.provisional;
  return { days, provisional };
}
