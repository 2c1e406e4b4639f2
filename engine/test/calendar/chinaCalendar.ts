import { chineseDaysCalendar } from '@yijian/process-library';
import { createWorkCalendar } from '../../src';

const data = chineseDaysCalendar();

/** The national calendar as the runtime loads it: 2004–2026 from `chinese-days`. */
export const chinaCalendar = createWorkCalendar({
  restDays: data.days.filter((d) => d.kind === 'rest').map((d) => d.date),
  makeUpWorkDays: data.days.filter((d) => d.kind === 'makeUpWork').map((d) => d.date),
  coveredYears: data.years,
});
