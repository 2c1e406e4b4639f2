import { FESTIVAL_DATES, FESTIVAL_YEARS } from './festivalDates';

/** The festivals the 全国年节及纪念日放假办法 makes holidays for all citizens (全体公民放假的节日). */
export type StatutoryFestival =
  | 'newYear'
  | 'springFestival'
  | 'qingming'
  | 'labourDay'
  | 'dragonBoat'
  | 'midAutumn'
  | 'nationalDay';

/** zh-CN first, English second: the names a refused notice is told in. */
export const FESTIVAL_NAMES: Readonly<Record<StatutoryFestival, { zh: string; en: string }>> = {
  newYear: { zh: '元旦', en: "New Year's Day" },
  springFestival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labourDay: { zh: '劳动节', en: 'Labour Day' },
  dragonBoat: { zh: '端午节', en: 'Dragon Boat Festival' },
  midAutumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  nationalDay: { zh: '国庆节', en: 'National Day' },
};

/** One day that the law itself makes a holiday, before any 调休 arrangement. */
export interface StatutoryHoliday {
  date: string;
  festival: StatutoryFestival;
}

/**
 * The holiday days fixed by law for `year`, under the version of the 全国年节及纪念日放假办法 in
 * force that year (国务院令 270 / 513 / 644 / 795):
 * - from 2025 (amended 2024-11-10, 令第795号): 元旦 1-1; 春节 除夕 and 正月初一–初三 (4 days);
 *   清明 (the solar term); 劳动节 5-1, 5-2; 端午 (五月初五); 中秋 (八月十五); 国庆 10-1–10-3;
 * - 2014–2024 (令第644号): 春节 初一–初三, 劳动节 5-1 only, otherwise the same;
 * - 2008–2013 (令第513号): 春节 除夕, 初一, 初二; 劳动节 5-1;
 * - before 2008 (令第270号): 春节 初一–初三; 劳动节 5-1–5-3; no 清明, 端午, 中秋.
 * The lunar and solar-term dates come from a table for 2004–2100 ({@link FESTIVAL_DATES}); outside
 * it only the fixed-date festivals are known. 调休 make-up days and the 补假 of holidays that fall
 * on a weekend are the State Council's yearly arrangement, not part of this list.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year)) throw new RangeError(`Expected a year, got ${year}`);
  const y = String(year).padStart(4, '0');
  const days: StatutoryHoliday[] = [];
  const add = (festival: StatutoryFestival, ...dates: string[]) => {
    for (const date of dates) days.push({ date, festival });
  };
  add('newYear', `${y}-01-01`);
  add(
    'labourDay',
    ...(year >= 2025 ? ['05-01', '05-02'] : year >= 2008 ? ['05-01'] : ['05-01', '05-02', '05-03']).map(
      (d) => `${y}-${d}`,
    ),
  );
  add('nationalDay', `${y}-10-01`, `${y}-10-02`, `${y}-10-03`);
  const lunar = lunarFestivals(year);
  if (lunar) {
    const [eve, first, qingming, dragonBoat, midAutumn] = lunar;
    const spring =
      year >= 2025
        ? [eve, first, nextDay(first), nextDay(nextDay(first))]
        : year >= 2008 && year <= 2013
          ? [eve, first, nextDay(first)]
          : [first, nextDay(first), nextDay(nextDay(first))];
    add('springFestival', ...spring);
    if (year >= 2008) {
      add('qingming', qingming);
      add('dragonBoat', dragonBoat);
      add('midAutumn', midAutumn);
    }
  }
  // 除夕 can fall in the previous Gregorian year's table row only for years we do not have; the
  // Spring Festival of `year` never starts before 21 January, so its days are all in `year`.
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** Whether the lunar festivals of `year` are known (the table's range). */
export function festivalDatesKnown(year: number): boolean {
  return year >= FESTIVAL_YEARS.first && year <= FESTIVAL_YEARS.last;
}

const byYear = new Map<number, readonly [string, string, string, string, string]>();
for (const [year, ...dates] of FESTIVAL_DATES) {
  byYear.set(
    year,
    dates.map((d) => `${year}-${d}`) as unknown as readonly [string, string, string, string, string],
  );
}

function lunarFestivals(year: number) {
  return byYear.get(year);
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const restDaysByYear = new Map<number, ReadonlySet<string>>();

/**
 * The rest days of a year with no loaded notice (DOMAIN rule 4's provisional baseline): the
 * statutory holidays of {@link statutoryHolidays}. Memoised per year; pure.
 */
export function provisionalRestDays(year: number): ReadonlySet<string> {
  let days = restDaysByYear.get(year);
  if (!days) {
    days = new Set(statutoryHolidays(year).map((d) => d.date));
    restDaysByYear.set(year, days);
  }
  return days;
}
