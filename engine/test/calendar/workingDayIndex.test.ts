import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, countWorkingDays, isWorkingDay, type WorkCalendar } from '../../src';
import { chinaCalendar, chinaCalendarWith2027 } from './chinaCalendar';

/** The definition, one day at a time: what the indexed count must equal. */
function walked(calendar: WorkCalendar, today: string, due: string) {
  const forward = today < due;
  const [from, to] = forward ? [today, due] : [due, today];
  let days = 0;
  let provisional = false;
  for (let date = from; date !== to; ) {
    date = addCalendarDays(date, 1);
    const verdict = isWorkingDay(calendar, date);
    provisional ||= verdict.provisional;
    if (verdict.working) days += 1;
  }
  return { days: forward ? days : -days, provisional };
}

const dateIn = (fromYear: number, toYear: number) =>
  fc
    .integer({ min: Date.UTC(fromYear, 0, 1), max: Date.UTC(toYear, 11, 31) })
    .map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10));

describe('working days counted from the per-year index', () => {
  it('should equal the day-by-day count in both directions, across years and unloaded years', () => {
    for (const calendar of [chinaCalendar, chinaCalendarWith2027])
      fc.assert(
        fc.property(dateIn(2025, 2028), dateIn(2025, 2028), (today, due) => {
          expect(countWorkingDays(calendar, today, due)).toEqual(
            today === due ? { days: 0, provisional: false } : walked(calendar, today, due),
          );
        }),
        { numRuns: 150 },
      );
  }, 60_000);

  it('should mark a count that reaches an unloaded year as provisional, and one that ends before it not', () => {
    expect(countWorkingDays(chinaCalendar, '2026-12-30', '2027-01-05').provisional).toBe(true);
    expect(countWorkingDays(chinaCalendar, '2026-12-30', '2026-12-31').provisional).toBe(false);
    // From the last day of a loaded year: only days after it count.
    expect(countWorkingDays(chinaCalendar, '2026-12-31', '2027-01-05').provisional).toBe(true);
    expect(countWorkingDays(chinaCalendar, '2027-01-05', '2026-12-31').provisional).toBe(true);
  });

  it('should refuse an impossible date as before', () => {
    expect(() => countWorkingDays(chinaCalendar, '2026-02-30', '2026-03-02')).toThrow(RangeError);
    expect(() => countWorkingDays(chinaCalendar, '2026-03-02', '2026-03-02x')).toThrow(RangeError);
  });
});
