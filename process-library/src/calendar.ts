import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface CalendarDay {
  date: string;
  kind: 'rest' | 'makeUpWork';
  name: string;
}

/**
 * Holiday and 调休 days 2004–2026 from `chinese-days`. We read its raw data rather than its
 * functions: those parse 'YYYY-MM-DD' in the host TZ and go wrong west of UTC (DOMAIN rule 4).
 */
export function chineseDaysCalendar(): { days: CalendarDay[]; years: number[] } {
  const data = require('chinese-days/dist/chinese-days.json') as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const days: CalendarDay[] = [
    ...Object.entries(data.holidays).map(([date, info]) => ({
      date,
      kind: 'rest' as const,
      name: label(info),
    })),
    ...Object.entries(data.workdays).map(([date, info]) => ({
      date,
      kind: 'makeUpWork' as const,
      name: label(info),
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
  return { days, years };
}

/** "Spring Festival,春节,4" → "春节". */
function label(info: string): string {
  return info.split(',')[1] ?? info;
}
