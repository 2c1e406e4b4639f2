/** Display helpers. Times are shown in Asia/Shanghai whatever the browser's zone, as the statutory
 * clock counts Beijing working days. */
import type { Limit } from './api';
import type { Translate } from './i18n';

const TIME_ZONE = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(dateTimeParts.formatToParts(date).map((p) => [p.type, p.value]));
}

/** `2026-03-18 14:05` in Beijing time; an empty value renders as a dash. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : iso;
}

/** `2026-03-18`, the Beijing calendar day of an instant. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day}` : iso;
}

/** 办结时限 as text: limits are typed (working days, calendar days, months). */
export function limitText(t: Translate, limit: Limit): string {
  switch (limit.unit) {
    case 'workingDays':
      return t('limit.workingDays', { n: limit.value });
    case 'calendarDays':
      return t('limit.calendarDays', { n: limit.value });
    case 'calendarMonths':
      return t('limit.calendarMonths', { n: limit.value });
    default:
      return `${limit.value} ${limit.unit}`;
  }
}

/** "3 working days left", "due today" or "2 working days overdue". */
export function remainingText(t: Translate, remainingWorkingDays: number): string {
  if (remainingWorkingDays === 1) return t('case.oneDayLeft');
  if (remainingWorkingDays > 0) return t('case.daysLeft', { n: remainingWorkingDays });
  if (remainingWorkingDays === 0) return t('case.dueToday');
  if (remainingWorkingDays === -1) return t('case.oneDayOverdue');
  return t('case.daysOverdue', { n: -remainingWorkingDays });
}
