import { GENESIS_HASH, hashCaseEvent } from '@yijian/db';
import type { Knex } from 'knex';
import type { NewCaseEvent } from '../commands/caseEvents';
import type { AppContext } from '../context';
import { staffText } from '../notifications/notificationTexts';
import {
  deadlineEvent,
  deadlineKindOf,
  superviseJobFor,
  type WatchedRow,
  type WatchedRows,
  watchedFromRows,
} from './jobHandlers';
import { type JobRow, type NewJob, scheduleJobs } from './jobQueries';

const pastTense = { remind: 'reminded', urge: 'urged', supervise: 'supervised' } as const;

/** Whether a job is a deadline job (提醒/催办/督办) the batch path can fire. */
export const isDeadlineJob = (job: JobRow) => deadlineKindOf(job.kind) !== null;

/**
 * Fires a batch's deadline jobs (提醒, 催办, 督办) together, in set-based statements, instead of
 * one after another: each job costs nothing but its share of
 * - one read of the audit chain heads of all their cases, and one insert of all their events;
 * - one insert of the clerks' (and, for 督办, the managers') notifications;
 * - one upsert of the 督办 jobs the 催办 schedule.
 * What each job does is the same as its handler's (jobHandlers.ts: the same watched rows, event,
 * notification and 督办); the caller holds every case lock (takeDueJobs) and passes only jobs
 * whose case no earlier job of the batch touched, with the rows read before the batch, so this is
 * what running them one by one would have written. A failure throws, and the caller runs the
 * batch again job by job.
 */
export async function fireDeadlineJobs(
  ctx: AppContext,
  trx: Knex.Transaction,
  jobs: readonly JobRow[],
  rows: WatchedRows,
  now: string,
): Promise<void> {
  const events: { caseId: string; event: NewCaseEvent; row: WatchedRow }[] = [];
  const supervise: NewJob[] = [];
  for (const job of jobs) {
    const kind = deadlineKindOf(job.kind);
    if (!kind) throw new Error(`job ${job.key} is not a deadline job`);
    const row = watchedFromRows(job, kind.owner, rows);
    if (!row) continue;
    events.push({
      caseId: row.case_id,
      event: deadlineEvent(`${kind.owner}.${pastTense[kind.level]}`, row, now),
      row,
    });
    if (kind.level === 'urge') supervise.push(await superviseJobFor(ctx, trx, kind.owner, row, job, now));
  }
  if (events.length === 0) return;
  await appendCaseEvents(trx, events);
  await notifyStaff(trx, events);
  if (supervise.length > 0) await scheduleJobs(trx, supervise);
}

/**
 * Appends events of many cases in three statements: the chain heads of all the cases (kept on the
 * case rows, as caseEvents.ts keeps them), every row, each hashed onto the one before it as
 * `appendCaseEvent` does, and the moved heads. The caller holds the case locks, so the heads read
 * are the heads written onto; a row already at a seq (which the locks rule out) fails the insert
 * on the primary key rather than fork the chain.
 */
async function appendCaseEvents(
  trx: Knex.Transaction,
  entries: readonly { caseId: string; event: NewCaseEvent }[],
): Promise<void> {
  const caseIds = [...new Set(entries.map((e) => e.caseId))];
  const headRows: { case_id: string; seq: number | null; hash: string | null }[] = await trx('cases')
    .whereIn('id', caseIds)
    .select('id as case_id', 'audit_seq as seq', 'audit_hash as hash');
  const heads = new Map(headRows.map((h) => [h.case_id, { seq: h.seq ?? 0, hash: h.hash ?? GENESIS_HASH }]));
  const rows = entries.map(({ caseId, event }) => {
    const head = heads.get(caseId)!;
    const row = {
      case_id: caseId,
      seq: head.seq + 1,
      type: event.type,
      at: event.at,
      actor_id: event.actorId,
      element_id: event.elementId ?? null,
      activation_key: event.activationKey ?? null,
      payload: event.payload ?? {},
      prev_hash: head.hash,
      hash: '',
    };
    row.hash = hashCaseEvent(head.hash, {
      caseId: row.case_id,
      seq: row.seq,
      type: row.type,
      at: row.at,
      actorId: row.actor_id,
      elementId: row.element_id,
      activationKey: row.activation_key,
      payload: row.payload,
    });
    heads.set(caseId, { seq: row.seq, hash: row.hash });
    return row;
  });
  await trx.raw(
    `insert into case_events
       (case_id, seq, type, at, actor_id, element_id, activation_key, payload, prev_hash, hash)
     select case_id, seq, type, at, actor_id, element_id, activation_key, payload, prev_hash, hash
       from jsonb_to_recordset(?::jsonb) as r(case_id uuid, seq int, type text, at timestamptz,
         actor_id uuid, element_id text, activation_key text, payload jsonb, prev_hash text, hash text)`,
    [JSON.stringify(rows)],
  );
  await trx.raw(
    `update cases c set audit_seq = h.seq, audit_hash = h.hash
       from jsonb_to_recordset(?::jsonb) as h(case_id uuid, seq int, hash text)
      where c.id = h.case_id`,
    [
      JSON.stringify(
        [...heads].map(([caseId, head]) => ({ case_id: caseId, seq: head.seq, hash: head.hash })),
      ),
    ],
  );
}

/**
 * The notifications of deadline events (notifications/caseEventFollowUps.ts): the department's
 * clerks (the step's, the item's, or the bundle's lead department for the case clock), or the
 * clerk holding the step; for 督办 also the department's managers and those without a
 * department. One insert for all of them.
 */
async function notifyStaff(
  trx: Knex.Transaction,
  events: readonly { caseId: string; event: NewCaseEvent; row: WatchedRow }[],
): Promise<void> {
  const wanted: Record<string, unknown>[] = [];
  for (const [ord, { caseId, event, row }] of events.entries()) {
    const payload = event.payload ?? {};
    const text = staffText(event.type, payload);
    const departmentId: string | undefined =
      (payload.departmentId as string | undefined) ?? row.lead_department_id ?? undefined;
    if (!text || !departmentId) continue;
    const holder =
      event.type.startsWith('task.') && typeof payload.assigneeId === 'string' ? payload.assigneeId : null;
    const common = {
      case_id: caseId,
      kind: text.kind,
      title_zh: text.title.zh,
      title_en: text.title.en,
      body_zh: text.body.zh,
      body_en: text.body.en,
      link: `/cases/${caseId}`,
      created_at: event.at,
      department_id: departmentId,
    };
    wanted.push({ ...common, ord: ord * 2, audience: holder ? 'user' : 'clerks', user_id: holder });
    if (event.type.endsWith('.supervised'))
      wanted.push({ ...common, ord: ord * 2 + 1, audience: 'managers' });
  }
  if (wanted.length === 0) return;
  await trx.raw(
    `with n as (
       select * from jsonb_to_recordset(?::jsonb) as r(ord int, audience text, user_id uuid, department_id text,
         case_id uuid, kind text, title_zh text, title_en text, body_zh text, body_en text, link text,
         created_at timestamptz)
     ), recipients as (
       select n.*, u.id as recipient from n join users u on u.id = n.user_id where n.audience = 'user'
       union all
       select n.*, u.id from n join users u on u.role = 'clerk' and u.department_id = n.department_id
        where n.audience = 'clerks'
       union all
       select n.*, u.id from n join users u
         on u.role = 'manager' and (u.department_id is null or u.department_id = n.department_id)
        where n.audience = 'managers'
     )
     insert into notifications (user_id, case_id, kind, title_zh, title_en, body_zh, body_en, link, created_at)
     select recipient, case_id, kind, title_zh, title_en, body_zh, body_en, link, created_at
       from recipients order by ord, recipient`,
    [JSON.stringify(wanted)],
  );
}
