import { shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { startOfShanghaiDay } from '../deadlines/deadlineJobs';
import { scheduleJob } from '../jobs/jobQueries';

/**
 * From this day (Shanghai) an admin is warned when next year's notice is not loaded: the State
 * Council publishes it in November (2026's on 2025-11-04), and deadlines reaching into January
 * are counted provisionally until it is in.
 */
export const NOTICE_WARNING_FROM = '11-01';

/**
 * One key per check day: the worker deletes a job by id after its handler, so the handler's next
 * check must be a new row, and nodes starting at once schedule the same one.
 */
export const calendarCheckJobKey = (day: string) => `calendar:check:${day}`;

/** The next 1 November after `today` (Shanghai dates). */
function nextWarningDay(today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${NOTICE_WARNING_FROM}`;
  return today < thisYear ? thisYear : `${year + 1}-${NOTICE_WARNING_FROM}`;
}

export interface CalendarStatus {
  today: string;
  year: number;
  nextYear: number;
  /** Whether the national notice of the current and of the next year are loaded. */
  yearLoaded: boolean;
  nextYearLoaded: boolean;
  /** Set when an admin should act: a year in use or coming up has no notice. */
  warning: { code: 'calendar_notice_missing'; year: number; message: { zh: string; en: string } } | null;
}

/** What the national calendar covers as of `now`, and whether an admin must load a notice. */
export async function calendarStatus(db: Knex | Knex.Transaction, now: string): Promise<CalendarStatus> {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const rows = await db('calendar_years')
    .where({ region: NATIONAL_REGION })
    .whereIn('year', [year, year + 1])
    .select('year');
  const loaded = new Set(rows.map((r) => r.year as number));
  const missing = !loaded.has(year)
    ? year
    : today.slice(5) >= NOTICE_WARNING_FROM && !loaded.has(year + 1)
      ? year + 1
      : null;
  return {
    today,
    year,
    nextYear: year + 1,
    yearLoaded: loaded.has(year),
    nextYearLoaded: loaded.has(year + 1),
    warning:
      missing === null
        ? null
        : {
            code: 'calendar_notice_missing',
            year: missing,
            message: {
              zh: `${missing} 年节假日安排尚未载入：跨入 ${missing} 年的期限按法定节日暂计（不含调休），载入通知后重算。`,
              en: `The ${missing} holiday notice is not loaded: deadlines reaching into ${missing} are provisional (statutory holidays only, no make-up working days) until it is.`,
            },
          },
  };
}

/**
 * Records the missing-notice warning as an admin notification (once per region and year; loading
 * the notice resolves it), and schedules the next check: the coming 1 November, when the next
 * warning can first be due (a job that runs once a year, not a daily sweep).
 */
export async function checkCalendarNotice(db: Knex | Knex.Transaction, now: string): Promise<CalendarStatus> {
  const status = await calendarStatus(db, now);
  if (status.warning) {
    await db('admin_notifications')
      .insert({
        key: `calendar.missing:${NATIONAL_REGION}:${status.warning.year}`,
        kind: 'calendar.missing',
        title_zh: status.warning.message.zh,
        title_en: status.warning.message.en,
        detail: JSON.stringify({ region: NATIONAL_REGION, year: status.warning.year, since: status.today }),
        created_at: now,
      })
      .onConflict('key')
      .ignore();
  }
  const next = nextWarningDay(status.today);
  await scheduleJob(db, {
    key: calendarCheckJobKey(next),
    kind: 'calendar.check',
    caseId: null,
    runAt: startOfShanghaiDay(next),
  });
  return status;
}
