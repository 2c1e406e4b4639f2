import type { Knex } from 'knex';
import type { CaseEventType } from '../commands/caseEvents';
import { isInstant, isSeq, isUuid } from '../http/cursorFields';
import { casesOfDepartment } from '../sql/caseQueries';

/** Where a department system's feed stands: the last event it read, in (at, case, seq) order. */
export interface FeedCursor {
  at: string;
  caseId: string;
  seq: number;
}

export const encodeFeedCursor = (c: FeedCursor) =>
  Buffer.from(JSON.stringify([c.at, c.caseId, c.seq])).toString('base64url');

export function decodeFeedCursor(raw: string): FeedCursor | null {
  try {
    const [at, caseId, seq] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (isInstant(at) && isUuid(caseId) && isSeq(seq)) return { at, caseId, seq };
  } catch {
    // an unreadable cursor is the client's error
  }
  return null;
}

/**
 * The case events a department system receives (DOMAIN rule 19: filed, accepted, correction
 * notice, special procedure, concluded …), for every case its department works on, oldest first,
 * read by keyset on (at, case_id, seq) so a system that polls pays for what is new only. Each event
 * is keyed by case number and, for a step, the item code.
 */
/** One event of the department feed, with its case and, for a step's event, the step's item and department. */
export interface FeedEventRow {
  case_id: string;
  case_number: string;
  bundle_key: string;
  seq: number;
  type: CaseEventType;
  at: Date;
  /** The exact instant (microseconds) as text, for the cursor. */
  at_exact: string;
  element_id: string | null;
  item_code: string | null;
  step_department_id: string | null;
  payload: Record<string, unknown> | null;
  hash: string;
}

export function departmentFeedQuery(
  knex: Knex,
  input: { departmentId: string; after: FeedCursor | null; limit: number },
): Promise<FeedEventRow[]> {
  const q = knex('case_events as e')
    .join('cases as c', 'c.id', 'e.case_id')
    .leftJoin('tasks as t', (j) =>
      j.on('t.case_id', 'e.case_id').andOn('t.activation_key', 'e.activation_key'),
    )
    .whereIn('e.case_id', casesOfDepartment(knex, input.departmentId))
    .orderBy([{ column: 'e.at' }, { column: 'e.case_id' }, { column: 'e.seq' }])
    .limit(input.limit)
    .select(
      'e.case_id',
      'c.case_number',
      'c.bundle_key',
      'e.seq',
      'e.type',
      'e.at',
      // The exact instant (microseconds) for the cursor: a JS Date keeps milliseconds only.
      knex.raw('e.at::text as at_exact'),
      'e.element_id',
      't.item_code',
      't.department_id as step_department_id',
      'e.payload',
      'e.hash',
    );
  if (input.after)
    q.whereRaw('(e.at, e.case_id, e.seq) > (?::timestamptz, ?::uuid, ?::int)', [
      input.after.at,
      input.after.caseId,
      input.after.seq,
    ]);
  return q;
}
