import type { TimerSpec } from '../definition/types';
import { IncidentError } from '../errors';
import { evaluateFeel } from '../feel/evaluateFeel';
import { incidentMessages } from '../runtime/incidentMessages';

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** A date-time with or without a zone; without one it is read in Asia/Shanghai. */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/;
/** China has had no daylight saving time since 1991, so Asia/Shanghai is always UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Whether a literal timer expression is valid, as a sentence saying how to fix it, or null. */
export function checkTimerLiteral(spec: TimerSpec): string | null {
  const text = spec.expression.trim();
  if (spec.kind === 'duration') {
    return DURATION.test(text)
      ? null
      : `"${text}" is not an ISO-8601 duration; write e.g. P3D (3 days), PT2H (2 hours) or P1DT12H.`;
  }
  return parseDateTime(text) === null
    ? `"${text}" is not an ISO-8601 date-time; write e.g. 2026-03-02T09:00:00+08:00.`
    : null;
}

/**
 * The absolute instant a timer is due, from the moment it is armed (`now`). Months and years are
 * counted on the Shanghai calendar (the 31st in a 30-day month becomes its last day).
 */
export function timerDue(
  spec: TimerSpec,
  now: string,
  variables: Record<string, unknown>,
  elementId: string,
): string {
  let text = spec.expression.trim();
  if (text.startsWith('=')) {
    const value = evaluateFeel(text, variables, elementId);
    if (typeof value !== 'string') {
      throw new IncidentError(
        'timer_invalid',
        incidentMessages.timer_not_text({ elementId, value, kind: spec.kind }),
        elementId,
      );
    }
    text = value.trim();
  }
  if (spec.kind === 'date') {
    const ms = parseDateTime(text);
    if (ms === null) throw badTimer(elementId, text, spec.kind);
    return new Date(ms).toISOString();
  }
  const match = DURATION.exec(text);
  if (!match) throw badTimer(elementId, text, spec.kind);
  const [years, months, weeks, days, hours, minutes] = match
    .slice(1, 7)
    .map((v) => Number(v ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const local = new Date(Date.parse(now) + SHANGHAI_OFFSET_MS);
  if (years! > 0 || months! > 0) {
    const monthIndex = local.getUTCMonth() + months! + 12 * years!;
    const day = local.getUTCDate();
    local.setUTCDate(1);
    local.setUTCFullYear(local.getUTCFullYear() + Math.floor(monthIndex / 12), monthIndex % 12);
    const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
    local.setUTCDate(Math.min(day, lastDay));
  }
  const ms =
    local.getTime() -
    SHANGHAI_OFFSET_MS +
    ((weeks! * 7 + days!) * 86_400 + hours! * 3_600 + minutes! * 60 + seconds) * 1000;
  return new Date(ms).toISOString();
}

function parseDateTime(text: string): number | null {
  const match = DATE_TIME.exec(text);
  if (!match) return null;
  const [, date, time = '00:00', zone] = match;
  const ms = Date.parse(`${date}T${time}${zone ?? '+08:00'}`);
  return Number.isNaN(ms) ? null : ms;
}

function badTimer(elementId: string, text: string, kind: TimerSpec['kind']): IncidentError {
  return new IncidentError(
    'timer_invalid',
    incidentMessages.timer_text_invalid({ elementId, text, kind }),
    elementId,
  );
}
