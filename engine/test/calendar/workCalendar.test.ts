import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarPeriod,
  addWorkingDays,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDate,
  warningLight,
  workingDaysBetween,
} from '../../src';
import { chinaCalendar } from './chinaCalendar';

const calendar = chinaCalendar;

describe('working-day calendar', () => {
  it.each([
    // DOMAIN rule 2: the checked cases.
    ['2026-02-12', 20, '2026-03-18'],
    ['2026-09-28', 20, '2026-10-30'],
    ['2026-02-13', 5, '2026-02-27'],
    // A make-up Saturday counts: 2026-02-14 (Sat) is a working day.
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-12', 0, '2026-02-12'],
  ])('should count %s + %i working days as %s', (from, n, due) => {
    expect(addWorkingDays(calendar, from, n)).toEqual({ date: due, provisional: false });
  });

  it('should mark a deadline that reaches an unloaded year as provisional', () => {
    expect(addWorkingDays(calendar, '2026-12-24', 10).provisional).toBe(true);
  });

  it('should move a calendar-month deadline off a holiday to the next working day', () => {
    // 2026-07-01 + 3 months = 2026-10-01, National Day; the next working day is 2026-10-08.
    expect(addCalendarPeriod(calendar, '2026-07-01', 3, 'calendarMonths')).toEqual({
      date: '2026-10-08',
      provisional: false,
    });
  });

  it('should read instants in Asia/Shanghai whatever the host TZ', () => {
    expect(shanghaiDate('2026-03-01T16:30:00Z')).toBe('2026-03-02');
    expect(endOfShanghaiDay('2026-03-18')).toBe('2026-03-18T15:59:59.999Z');
  });

  it('should count remaining working days and light the deadline', () => {
    expect(workingDaysBetween(calendar, '2026-09-28', '2026-10-30')).toBe(20);
    expect(workingDaysBetween(calendar, '2026-11-02', '2026-10-30')).toBe(-1);
    expect(warningLight(calendar, endOfShanghaiDay('2026-10-30'), '2026-10-29T02:00:00Z')).toEqual({
      light: 'yellow',
      remainingWorkingDays: 1,
      provisional: false,
    });
    expect(warningLight(calendar, endOfShanghaiDay('2026-10-30'), '2026-10-20T02:00:00Z').light).toBe(
      'green',
    );
    expect(warningLight(calendar, endOfShanghaiDay('2026-10-30'), '2026-10-31T02:00:00Z').light).toBe('red');
  });

  it('should count working days between any two dates as a day-by-day walk does, both ways', () => {
    // The reference: the working days in (earlier, later], negative when `due` is before `today`.
    const walk = (today: string, due: string) => {
      if (today === due) return 0;
      const [from, to] = today < due ? [today, due] : [due, today];
      let count = 0;
      for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1))
        if (isWorkingDay(calendar, d).working) count += 1;
      return today < due ? count : -count;
    };
    const day = fc.integer({ min: 0, max: 5 * 366 }).map((n) => addCalendarDays('2024-06-01', n));
    fc.assert(
      fc.property(day, day, (today, due) => {
        expect(workingDaysBetween(calendar, today, due)).toBe(walk(today, due));
      }),
      { numRuns: 300 },
    );
  });
});
