import ICAL from 'ical.js';
import { z } from 'zod';
import { fillBoth, type Messages, validationReasons } from '../http/errorCodes';
import { invalidField, invalidFields } from '../http/errors';

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

/**
 * Reads the days of one year from a notice, JSON or iCalendar, and checks them: every date in
 * that year, no date twice, make-up working days only on weekends. Refuses with the date at fault.
 */
export function parseCalendarNotice(year: number, body: z.infer<typeof calendarNoticeBody>): NoticeDay[] {
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
  return [...days].sort((a, b) => a.date.localeCompare(b.date));
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
