/**
 * Checks for the parts of a paging cursor. A cursor comes back from the client, so each part is
 * checked as strictly as PostgreSQL will read it: a value it cannot read would be a 500, not the
 * client's 400.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as PostgreSQL's `uuid` reads it. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * An ISO instant with a real calendar date and time of day (no 2月30日, no 25:00), years 1–9999,
 * as `timestamptz` reads it.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

/** A sequence number as an `integer` column holds it (positive, at most 2³¹ − 1). */
export const isSeq = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 2_147_483_647;
