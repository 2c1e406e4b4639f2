import type { Knex } from 'knex';
import { type RectificationRow, rectificationRows } from '../applicant/ratings';
import { isInstant, isUuid } from '../http/cursorFields';
import { type RowsQuery, rowsOf } from './caseQueries';

/**
 * Where a page of 差评整改 continues: after this row in (due date, opened, id) order. `openedAt`
 * is PostgreSQL's own rendering to the microsecond: a JS Date keeps only milliseconds, and a
 * truncated instant would repeat or skip rows opened within the same millisecond.
 */
export interface RectificationCursor {
  dueDate: string;
  openedAt: string;
  id: string;
}

export const encodeRectificationCursor = (c: RectificationCursor) =>
  Buffer.from(JSON.stringify([c.dueDate, c.openedAt, c.id])).toString('base64url');

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The cursor, or null when it is not one this API gave (the caller answers 400). */
export function decodeRectificationCursor(raw: string): RectificationCursor | null {
  try {
    const [dueDate, openedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof dueDate === 'string' && DATE.test(dueDate) && isInstant(`${dueDate}T00:00:00Z`)) {
      if (isInstant(openedAt) && isUuid(id)) return { dueDate, openedAt, id };
    }
  } catch {
    // fall through: an unreadable cursor is a client error
  }
  return null;
}

/** A row of {@link rectificationPageQuery}: the list's row plus its place for the next cursor. */
export type RectificationPageRow = RectificationRow & { cursor_opened_at: string };

/**
 * One page of rectifications by deadline (oldest due first, then opened, then id), by keyset:
 * the ids are picked from `rectifications` alone, so one index range serves each filter —
 * (department_id, status, …), (department_id, …), (status, …) or (due_date, …), all ending in
 * due_date, opened_at, id (migration 040) — and only the page's rows are joined.
 */
export function rectificationPageQuery(
  db: Knex,
  input: {
    departmentId?: string;
    status: 'open' | 'resolved' | 'all';
    after: RectificationCursor | null;
    limit: number;
  },
): RowsQuery<RectificationPageRow> {
  const ids = db('rectifications')
    .select('id')
    .orderBy([
      { column: 'due_date', order: 'asc' },
      { column: 'opened_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .limit(input.limit);
  if (input.departmentId) ids.where('department_id', input.departmentId);
  if (input.status !== 'all') ids.where('status', input.status);
  if (input.after)
    ids.whereRaw('(due_date, opened_at, id) > (?::date, ?::timestamptz, ?::uuid)', [
      input.after.dueDate,
      input.after.openedAt,
      input.after.id,
    ]);
  const q = rectificationRows(db)
    .join(ids.as('page'), 'page.id', 'r.id')
    .select(
      db.raw(`to_char(r.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_opened_at`),
    )
    .orderBy([
      { column: 'r.due_date', order: 'asc' },
      { column: 'r.opened_at', order: 'asc' },
      { column: 'r.id', order: 'asc' },
    ]);
  return rowsOf<RectificationPageRow>(q);
}
