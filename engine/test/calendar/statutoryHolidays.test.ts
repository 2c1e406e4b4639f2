import { chineseDaysCalendar } from '@yijian/process-library';
import { describe, expect, it } from 'vitest';
import {
  addCalendarPeriod,
  addWorkingDays,
  countWorkingDays,
  createWorkCalendar,
  isWorkingDay,
  shanghaiDate,
  statutoryHolidays,
  warningLight,
  workingDaysBetween,
} from '../../src';
import { endOfShanghaiDay } from '../../src/calendar/workCalendar';
import { chinaCalendar as calendar } from './chinaCalendar';

/** The published notices 2004–2026 (chinese-days) with no year marked loaded: all provisional. */
const published = chineseDaysCalendar();
const nothingLoaded = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [] });

describe('statutory holidays of a year with no notice (全国年节及纪念日放假办法)', () => {
  it.each(published.years)(
    'should find every statutory holiday of %i off in the published notice',
    (year) => {
      // Given the holidays the law fixes for the year (by the version in force that year)
      const days = statutoryHolidays(year);
      // Then each is a day off in the State Council's notice for that year (a weekend counts too)
      for (const day of days)
        expect(isWorkingDay(calendar, day.date), `${day.festival} ${day.date}`).toMatchObject({
          working: false,
        });
      // And each festival of the law is there (清明/端午/中秋 from 2008)
      const festivals = new Set(days.map((d) => d.festival));
      expect(festivals.size).toBe(year >= 2008 ? 7 : 4);
    },
  );

  it('should give 2027 its lunar festivals and the 2024 rule (春节 from 除夕, 劳动节 two days)', () => {
    const days = statutoryHolidays(2027).map((d) => `${d.festival} ${d.date}`);
    expect(days).toEqual([
      'newYear 2027-01-01',
      'springFestival 2027-02-05',
      'springFestival 2027-02-06',
      'springFestival 2027-02-07',
      'springFestival 2027-02-08',
      'qingming 2027-04-05',
      'labourDay 2027-05-01',
      'labourDay 2027-05-02',
      'dragonBoat 2027-06-09',
      'midAutumn 2027-09-15',
      'nationalDay 2027-10-01',
      'nationalDay 2027-10-02',
      'nationalDay 2027-10-03',
    ]);
  });

  it('should keep New Year, Labour Day and National Day off in a year with no notice, provisionally', () => {
    // Fri 2027-01-01 is New Year's Day: not a working day, and provisional
    expect(isWorkingDay(calendar, '2027-01-01')).toEqual({ working: false, provisional: true });
    expect(isWorkingDay(calendar, '2027-10-01')).toEqual({ working: false, provisional: true });
    // Mon 2027-02-08 (初三) is off; Tue 2027-02-09 is an ordinary working day until the notice says otherwise
    expect(isWorkingDay(calendar, '2027-02-08').working).toBe(false);
    expect(isWorkingDay(calendar, '2027-02-09')).toEqual({ working: true, provisional: true });
  });

  it('should not land a one-month period from 1 December on New Year’s Day of an unloaded year', () => {
    // Given 2026 is loaded and 2027 is not: 2026-12-01 + 1 month = Fri 2027-01-01, a holiday by law
    expect(addCalendarPeriod(calendar, '2026-12-01', 1, 'calendarMonths')).toEqual({
      date: '2027-01-04',
      provisional: true,
    });
  });

  it('should count a period that crosses into an unloaded year past its fixed holidays', () => {
    // Thu 2026-12-24 + 10 working days: 12-25, 28, 29, 30, 31, (1-1 off), 1-4 … 1-8 → 2027-01-08
    expect(addWorkingDays(calendar, '2026-12-24', 10)).toEqual({ date: '2027-01-08', provisional: true });
    // And the Spring Festival of 2027 (2/5–2/8) is skipped: Thu 2027-02-04 + 1 → Tue 2027-02-09
    expect(addWorkingDays(calendar, '2027-02-04', 1).date).toBe('2027-02-09');
  });

  it('should mark remaining days and the light provisional when they cross an unloaded year', () => {
    expect(countWorkingDays(calendar, '2026-12-30', '2027-01-05')).toEqual({ days: 3, provisional: true });
    expect(countWorkingDays(calendar, '2026-12-01', '2026-12-04')).toEqual({ days: 3, provisional: false });
    expect(warningLight(calendar, endOfShanghaiDay('2027-01-05'), '2026-12-30T02:00:00Z')).toMatchObject({
      remainingWorkingDays: 3,
      provisional: true,
    });
  });

  it('should judge every year with no notice by the same law, whatever else is loaded', () => {
    expect(isWorkingDay(nothingLoaded, '2026-10-02')).toEqual({ working: false, provisional: true });
    // A make-up Saturday is unknown without the notice: still a rest day
    expect(isWorkingDay(nothingLoaded, '2026-02-14').working).toBe(false);
  });
});

describe('a region’s calendar (national days overlaid by its own)', () => {
  /** As the runtime builds it: the national rows, then the region's rows winning on the same date. */
  const regional = (extra: string[]) =>
    createWorkCalendar({
      restDays: [...published.days.filter((d) => d.kind === 'rest').map((d) => d.date), ...extra],
      makeUpWorkDays: published.days.filter((d) => d.kind === 'makeUpWork').map((d) => d.date),
      coveredYears: published.years,
    });

  it('should move a deadline past a local holiday for that region only', () => {
    // Given a local holiday on Thu 2026-12-10 in the region
    const zhejiang = regional(['2026-12-10']);
    // Then 5 working days from Mon 12-07 end on Tue 12-15 there, Mon 12-14 nationally
    expect(addWorkingDays(zhejiang, '2026-12-07', 5)).toEqual({ date: '2026-12-15', provisional: false });
    expect(addWorkingDays(calendar, '2026-12-07', 5)).toEqual({ date: '2026-12-14', provisional: false });
  });

  it('should keep a local holiday in a year the national notice does not cover yet, provisionally', () => {
    const zhejiang = regional(['2027-01-05']);
    expect(isWorkingDay(zhejiang, '2027-01-05')).toEqual({ working: false, provisional: true });
    expect(isWorkingDay(calendar, '2027-01-05')).toEqual({ working: true, provisional: true });
  });
});

describe('pure calendar API hygiene', () => {
  it('should refuse impossible dates instead of rolling them over', () => {
    expect(() => addWorkingDays(calendar, '2026-02-30', 1)).toThrow(/Not a calendar date/);
    expect(() => addWorkingDays(calendar, '2026-02-30', 0)).toThrow(/Not a calendar date/);
    expect(() => isWorkingDay(calendar, '2026-13-01')).toThrow(RangeError);
    expect(() => workingDaysBetween(calendar, '2026-04-31', '2026-05-06')).toThrow(RangeError);
    expect(() => addCalendarPeriod(calendar, '2026-02-29', 1, 'calendarMonths')).toThrow(RangeError);
  });

  it('should refuse an unknown unit instead of treating it as months', () => {
    expect(() => addCalendarPeriod(calendar, '2026-01-15', 1, 'weeks' as never)).toThrow(/unit/);
  });

  it('should refuse an instant without an offset instead of reading it in the host TZ', () => {
    expect(() => shanghaiDate('2026-03-01T23:30:00')).toThrow(/offset/);
    expect(() => shanghaiDate('2026-03-01')).toThrow(/offset/);
    expect(shanghaiDate('2026-03-01T23:30:00+08:00')).toBe('2026-03-01');
    expect(shanghaiDate('2026-03-01T16:30:00.000Z')).toBe('2026-03-02');
  });
});
