import { FESTIVAL_NAMES, type StatutoryFestival, statutoryHolidays } from '@yijian/engine';
import ICAL from 'ical.js';
import { z } from 'zod';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { fillBoth, type Messages, validationReasons } from '../http/errorCodes';
import { ApiError, invalidField, invalidFields } from '../http/errors';

export interface NoticeDay {
  date: string;
  kind: 'rest' | 'makeUpWork';
  name: string;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

/** A State Council notice (or a regional override) as JSON: rest days and make-up working days. */
export const calendarNoticeBody = z
  .object({
    source: z.string().trim().min(1).max(200).openapi({ example: '国办发明电〔2026〕7号' }),
    days: z
      .array(
        z.object({
          date: isoDate,
          kind: z.enum(['rest', 'makeUpWork']),
          name: z.string().trim().min(1).max(50),
        }),
      )
      .max(366)
      .optional(),
    ics: z.string().max(1_000_000).optional().openapi({ description: 'An iCalendar file instead of `days`' }),
  })
  .strict()
  .refine((b) => (b.days ? !b.ics : !!b.ics), { message: 'Send either days or ics', path: ['days'] });

/** At most this many make-up working days (调休上班) in a year; the notices since 2008 have had 3–8. */
const MAX_MAKE_UP_DAYS = 12;
/** A make-up day is worked to bridge a holiday: it lies within this many days of one. */
const MAKE_UP_REACH_DAYS = 14;

/**
 * Reads the days of one year from a notice, JSON or iCalendar, and checks them: every date in
 * that year, no date twice, make-up working days only on weekends. Refuses with the date at fault.
 * A national notice must also be complete ({@link checkNationalNotice}); a region's notice only
 * adds or overrides days, so it is not.
 */
export function parseCalendarNotice(
  year: number,
  body: z.infer<typeof calendarNoticeBody>,
  region: string = NATIONAL_REGION,
): NoticeDay[] {
  const days = body.ics ? daysFromIcs(body.ics, year) : (body.days ?? []);
  const seen = new Set<string>();
  const problems: { path: string; messages: Messages }[] = [];
  days.forEach((day, i) => {
    const at = `days.${i}.date`;
    const parsed = new Date(`${day.date}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day.date) {
      problems.push({ path: at, messages: fillBoth(validationReasons.notADate, { date: day.date }) });
      return;
    }
    if (parsed.getUTCFullYear() !== year)
      problems.push({ path: at, messages: fillBoth(validationReasons.notInYear, { date: day.date, year }) });
    if (seen.has(day.date))
      problems.push({ path: at, messages: fillBoth(validationReasons.dayTwice, { date: day.date }) });
    seen.add(day.date);
    const weekday = parsed.getUTCDay();
    if (day.kind === 'makeUpWork' && weekday !== 0 && weekday !== 6) {
      problems.push({
        path: at,
        messages: fillBoth(validationReasons.makeUpDayOnWeekday, { date: day.date }),
      });
    }
  });
  if (days.length === 0)
    problems.push({ path: 'days', messages: fillBoth(validationReasons.noDaysInYear, { year }) });
  if (problems.length > 0) {
    throw invalidFields(problems);
  }
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  if (region === NATIONAL_REGION) checkNationalNotice(year, sorted);
  return sorted;
}

/**
 * A national notice replaces the whole year, so it must be whole: every holiday the 全国年节及纪念日
 * 放假办法 fixes for that year is a day off (listed as rest, or a weekend not listed as worked),
 * and the make-up working days are plausible (at most {@link MAX_MAKE_UP_DAYS}, none on a
 * statutory holiday, each within {@link MAKE_UP_REACH_DAYS} days of a listed rest day or of next
 * year's New Year's Day). Every published notice 2004–2026 passes (tested). Refuses
 * with `calendar_notice_incomplete`, naming each missing festival and its dates.
 */
export function checkNationalNotice(year: number, days: NoticeDay[]): void {
  const kind = new Map(days.map((d) => [d.date, d.kind]));
  const missing = new Map<StatutoryFestival, string[]>();
  for (const holiday of statutoryHolidays(year)) {
    const listed = kind.get(holiday.date);
    const weekday = new Date(`${holiday.date}T00:00:00Z`).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (listed === 'rest' || (weekend && listed !== 'makeUpWork')) continue;
    missing.set(holiday.festival, [...(missing.get(holiday.festival) ?? []), holiday.date]);
  }
  const problems: { path: string; messages: Messages }[] = [...missing].map(([festival, dates]) => {
    const name = FESTIVAL_NAMES[festival];
    return {
      path: 'days',
      messages: fillBoth(validationReasons.festivalMissing, {
        festival: { 'zh-CN': name.zh, en: name.en },
        dates: { 'zh-CN': dates.join('、'), en: dates.join(', ') },
      }),
    };
  });
  // Next year's New Year's Day counts as a holiday too: a late-December Saturday is often worked to
  // bridge it (2006-12-30, 2011-12-31), in this year's notice.
  const rest = [
    ...days.filter((d) => d.kind === 'rest').map((d) => Date.parse(`${d.date}T00:00:00Z`)),
    Date.parse(`${year + 1}-01-01T00:00:00Z`),
  ];
  const makeUp = days.filter((d) => d.kind === 'makeUpWork');
  if (makeUp.length > MAX_MAKE_UP_DAYS) {
    problems.push({
      path: 'days',
      messages: fillBoth(validationReasons.tooManyMakeUpDays, {
        count: makeUp.length,
        max: MAX_MAKE_UP_DAYS,
      }),
    });
  }
  for (const day of makeUp) {
    const at = Date.parse(`${day.date}T00:00:00Z`);
    if (!rest.some((r) => Math.abs(r - at) <= MAKE_UP_REACH_DAYS * 86_400_000)) {
      problems.push({
        // The days are sorted by now: the message names the date rather than an index.
        path: 'days',
        messages: fillBoth(validationReasons.makeUpDayFarFromHoliday, {
          date: day.date,
          days: MAKE_UP_REACH_DAYS,
        }),
      });
    }
  }
  if (problems.length > 0) {
    throw new ApiError(
      'calendar_notice_incomplete',
      { year, reason: problems[0]!.messages },
      problems.map((p) => ({ path: p.path, message: p.messages.en, messages: p.messages })),
    );
  }
}

/**
 * All-day events of an iCalendar file that fall in `year`. "(班)" or 班 in the summary/description
 * marks a make-up working day, everything else a rest day — the convention of the public Chinese
 * holiday calendars (e.g. the one `chinese-days` publishes).
 */
function daysFromIcs(ics: string, year: number): NoticeDay[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(ics) as unknown as unknown[]);
  } catch (error) {
    throw invalidField('ics', validationReasons.icalUnparseable, { detail: (error as Error).message });
  }
  const days: NoticeDay[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    const text = `${event.summary ?? ''} ${event.description ?? ''}`;
    const kind = /班/.test(text) && !/休/.test(event.summary ?? '') ? 'makeUpWork' : 'rest';
    const name =
      (event.summary ?? '').replace(/[(（][休班][)）]/, '').trim() || (kind === 'rest' ? '休' : '班');
    // All-day events: DTEND is exclusive.
    const start = event.startDate.toJSDate();
    const end = event.endDate ? event.endDate.toJSDate() : start;
    const first = ymd(event.startDate);
    const count = Math.max(1, Math.round((end.getTime() - start.getTime()) / 86_400_000));
    for (let i = 0; i < count; i++) {
      const date = new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
      if (Number(date.slice(0, 4)) === year) days.push({ date, kind, name });
    }
  }
  return days;
}

/** The calendar date of an ICAL.Time as written in the file, independent of the host TZ. */
function ymd(time: ICAL.Time): string {
  return `${time.year}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
}
