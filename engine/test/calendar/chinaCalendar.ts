import { chineseDaysCalendar } from '@yijian/process-library';
import { createWorkCalendar, statutoryHolidays } from '../../src';

const data = chineseDaysCalendar();

/** The national calendar as the runtime loads it: 2004–2026 from `chinese-days`. */
export const chinaCalendar = createWorkCalendar({
  restDays: data.days.filter((d) => d.kind === 'rest').map((d) => d.date),
  makeUpWorkDays: data.days.filter((d) => d.kind === 'makeUpWork').map((d) => d.date),
  coveredYears: data.years,
});

/**
 * The same plus a 2027 notice as tests load it (not the real one): 元旦 1/1–1/4, one day more
 * than the law fixes, and Sat 1/9 worked; the rest of 2027 as the law fixes it.
 */
export const chinaCalendarWith2027 = createWorkCalendar({
  restDays: [
    ...data.days.filter((d) => d.kind === 'rest').map((d) => d.date),
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-01-04',
    ...statutoryHolidays(2027)
      .map((d) => d.date)
      .filter((d) => d > '2027-01-04'),
  ],
  makeUpWorkDays: [...data.days.filter((d) => d.kind === 'makeUpWork').map((d) => d.date), '2027-01-09'],
  coveredYears: [...data.years, 2027],
});
