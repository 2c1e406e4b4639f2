import { GENESIS_HASH, hashCaseEvent, PREPARED } from '@yijian/db';
import type { Knex } from 'knex';
import { holdJobs, jobsInsert, type NewJob, scheduleJobs, takeHeldJobs } from '../jobs/jobQueries';
import { eventNotices, followUpCaseEvent } from '../notifications/caseEventFollowUps';
import { type Notice, noticeInsert } from '../notifications/notificationQueries';

/** Every kind of audit event a case has; the timeline's `type` (the API's schema lists the same). */
export const CASE_EVENT_TYPES = [
  'case.filed',
  'task.created',
  'task.claimed',
  'task.completed',
  /** 催办: the working day after a missed step deadline. */
  'task.urged',
  /** 督办: escalated to the supervisor after the grace period. */
  'task.supervised',
  /** 提醒: a step's deadline is near. */
  'task.reminded',
  /** 受理 (payload.deemed: by law, Art. 32 — the audit flag of a missed correction notice). */
  'case.accepted',
  /** 一次性补正告知 */
  'case.correctionNotice',
  /** 补正材料 */
  'case.correctionsReceived',
  /** 不予受理 */
  'case.rejected',
  /** 特别程序 or correction during review: the statutory clock stopped. */
  'clock.paused',
  'clock.resumed',
  /** 延期 with the approver and the reason told to the applicant. */
  'clock.extended',
  /** A holiday notice was loaded: the clock was counted again under the new calendar. */
  'clock.recounted',
  /** An item's own clock: near its deadline, missed (催办), escalated (督办). */
  'item.reminded',
  'item.urged',
  'item.supervised',
  'case.reminded',
  'case.urged',
  'case.supervised',
  'case.concluded',
  /** 领证/送达 */
  'case.delivered',
  /** 申请材料 handed in (at filing or later) or reused; see materials/materialEvents.ts. */
  'materials.attached',
  /** 核验: a clerk confirmed the applicant's upload (C → B). */
  'material.verified',
  /** 准予/不予许可: an item's decision with reasons, legal basis and the Art. 38 remedies. */
  'item.decided',
  /** 释放: a clerk put a claimed step back in the queue. */
  'task.released',
  /** 转办: a step handed to another clerk of the department. */
  'task.transferred',
  /** 委派: a step delegated; it returns to the delegator to confirm. */
  'task.delegated',
  /** 委派 handled: the delegate hands the step back to the delegator. */
  'task.delegationReturned',
  /** 退回: a step sent back to an earlier step of the same item, which reopens. */
  'task.returned',
  /** 撤回: the sender took a completed step back before the next step acted. */
  'task.recalled',
  /** 特别程序 of one item began / ended while the joint clock was already paused by another. */
  'item.paused',
  'item.resumed',
  /** 加签: a countersigner added to a step (before or after its holder). */
  'task.countersignAdded',
  /** 加签 done: the countersigner signed. */
  'task.countersigned',
  /** 补正 during review: a department asked for a material of its item (the item pauses). */
  'item.correctionRequested',
  /** The applicant answered the review's correction notice: the paused items count again. */
  'item.correctionsReceived',
  /** 撤回申请: the applicant withdrew the case before a decision. */
  'case.withdrawn',
  /** 电子证照出证: an item's result licence issued (trust A) and attached where accepted. */
  'eLicence.issued',
  /** A letter or certificate of the case generated (受理通知书 …), with its SHA-256. */
  'document.issued',
  /** 送达 recorded by the window: method and, by post, the tracking number. */
  'delivery.recorded',
  /** The applicant confirmed electronic receipt (电子送达回执). */
  'delivery.confirmed',
  /** 故障: a case cannot move at an element (engine) or a job ran out of attempts; see incidents/. */
  'incident.raised',
  /** An operator retried an incident (with the reason); the outcome follows as raised or resolved. */
  'incident.retried',
  /** The incident is over: the parked step ran after a retry, or its scope ended. */
  'incident.resolved',
  /** An admin changed case variables to fix an incident: each change before/after, with the reason. */
  'case.variablesEdited',
  /** 版本迁移: the case moved to a newer deployed version of its process, with the reason. */
  'case.migrated',
  /** 容缺: the applicant declared a secondary material missing when answering a correction. */
  'materials.toleratedGap',
  /** 好差评: the applicant's rating (1–5 with reasons), one per case. */
  'case.rated',
  /** 整改: a bad rating opened a rectification for a department, with its deadline. */
  'rectification.opened',
  /** 整改 answered by the department (the reply the applicant reads). */
  'rectification.resolved',
] as const;

export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export interface NewCaseEvent {
  type: CaseEventType;
  at: string;
  actorId: string | null;
  elementId?: string | null;
  activationKey?: string | null;
  payload?: Record<string, unknown>;
}

interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * The chain head each transaction last wrote per case, so a command reads it at most once — not
 * at all when its lock statement read the case row's `audit_seq`/`audit_hash` ({@link
 * rememberChainHead}). Keyed by the transaction object; a savepoint (nested transaction) keeps its
 * own. A cached head can be off (a released savepoint appended; one rolled back what the outer
 * transaction wrote during it): the write then changes nothing, and is made again on the head
 * read afresh.
 */
const heads = new WeakMap<Knex.Transaction, Map<string, ChainHead>>();

/**
 * Events held back to be written at once: a command's transaction asks for it
 * ({@link holdCaseEvents}) and writes them with {@link flushCaseEvents} before it commits — one
 * statement per case instead of one per event (issue 16).
 */
const held = new WeakMap<Knex.Transaction, Map<string, NewCaseEvent[]>>();

function headsOf(trx: Knex.Transaction): Map<string, ChainHead> {
  let cache = heads.get(trx);
  if (!cache) {
    cache = new Map();
    heads.set(trx, cache);
  }
  return cache;
}

/** The case's head as a lock statement read it (`c.audit_seq`, `c.audit_hash`), under the case lock. */
export function rememberChainHead(trx: Knex.Transaction, caseId: string, seq: number, hash: string): void {
  headsOf(trx).set(caseId, { seq, hash });
}

async function readHead(trx: Knex.Transaction, caseId: string): Promise<ChainHead> {
  const row = await trx('cases').where({ id: caseId }).first('audit_seq', 'audit_hash');
  return row ? { seq: row.audit_seq, hash: row.audit_hash } : { seq: 0, hash: GENESIS_HASH };
}

/** From now on, the events `trx` appends are written together by {@link flushCaseEvents}. */
export function holdCaseEvents(trx: Knex.Transaction): void {
  if (!held.has(trx)) held.set(trx, new Map());
  // Deadline jobs too: written in the first of those statements (jobQueries.ts).
  holdJobs(trx);
}

/**
 * Appends to the case's audit log. Each row hashes its content with the previous row's hash, so
 * any later edit breaks the chain. The caller holds the case row lock, which orders the appends.
 * In a transaction that holds its events, the event is written at {@link flushCaseEvents}.
 */
export async function appendCaseEvent(
  trx: Knex.Transaction,
  caseId: string,
  event: NewCaseEvent,
): Promise<void> {
  const holding = held.get(trx);
  if (holding) {
    const events = holding.get(caseId) ?? [];
    events.push(event);
    holding.set(caseId, events);
    return;
  }
  await writeEvents(trx, caseId, [event]);
}

/** Writes the events `trx` held, one statement per case, and their follow-ups; holds no more. */
export async function flushCaseEvents(trx: Knex.Transaction): Promise<void> {
  const holding = held.get(trx);
  if (!holding) return;
  held.delete(trx);
  let jobs = takeHeldJobs(trx);
  for (const [caseId, events] of holding) {
    await writeEvents(trx, caseId, events, jobs);
    jobs = [];
  }
  if (jobs.length > 0) await scheduleJobs(trx, jobs);
}

async function writeEvents(
  trx: Knex.Transaction,
  caseId: string,
  events: NewCaseEvent[],
  jobs: readonly NewJob[] = [],
): Promise<void> {
  const cache = headsOf(trx);
  let head = cache.get(caseId) ?? (await readHead(trx, caseId));
  // Notifications that need no read go into the append's own statement (one round trip fewer
  // per new step); the rest follow it (followUpCaseEvent).
  const notices = events.flatMap((event) =>
    eventNotices({ caseId, type: event.type, at: event.at, payload: event.payload ?? {} }),
  );
  for (let attempt = 0; ; attempt++) {
    const written = await insertEvents(trx, caseId, head, events, notices, attempt === 0 ? jobs : []);
    if (written) {
      cache.set(caseId, written.head);
      // Documents and notifications an event brings, in the same transaction (notifications/).
      for (const [i, event] of events.entries())
        await followUpCaseEvent(trx, {
          caseId,
          seq: written.firstSeq + i,
          type: event.type,
          at: event.at,
          payload: event.payload ?? {},
        });
      return;
    }
    if (attempt > 0) throw new Error(`Audit chain of case ${caseId} moved while appending`);
    head = await readHead(trx, caseId);
  }
}

/**
 * Writes `events` after `last` and moves the case row's head to the last of them, in one
 * statement, only when the case row still carries the head they were hashed on (the case lock
 * makes that so unless this transaction's own savepoints moved it). Null when it did not.
 */
async function insertEvents(
  trx: Knex.Transaction,
  caseId: string,
  last: ChainHead,
  events: NewCaseEvent[],
  notices: Notice[],
  jobs: readonly NewJob[],
): Promise<{ firstSeq: number; head: ChainHead } | null> {
  let prev = last;
  const values: Knex.Value[] = [];
  for (const event of events) {
    const row = {
      case_id: caseId,
      seq: prev.seq + 1,
      type: event.type,
      at: event.at,
      actor_id: event.actorId,
      element_id: event.elementId ?? null,
      activation_key: event.activationKey ?? null,
      payload: event.payload ?? {},
    };
    // Canonical text (db/src/audit/eventHash.ts), so a verifier can recompute it from the stored row.
    const hash = hashCaseEvent(prev.hash, {
      caseId: row.case_id,
      seq: row.seq,
      type: row.type,
      at: row.at,
      actorId: row.actor_id,
      elementId: row.element_id,
      activationKey: row.activation_key,
      payload: row.payload,
    });
    values.push(
      row.case_id,
      row.seq,
      row.type,
      row.at,
      row.actor_id,
      row.element_id,
      row.activation_key,
      JSON.stringify(row.payload),
      prev.hash,
      hash,
    );
    prev = { seq: row.seq, hash };
  }
  const tuple =
    '(?::uuid, ?::int, ?::text, ?::timestamptz, ?::uuid, ?::text, ?::text, ?::jsonb, ?::text, ?::text)';
  // Written only with the events: when the head moved, nothing of this statement is.
  const told = notices.map((notice) => noticeInsert(trx, notice, 'exists (select 1 from head)'));
  // The command's held deadline jobs (upserts by key; written whatever the head did: the
  // retry after a moved head must not write them twice, so the first attempt always does).
  const scheduled = jobs.length > 0 ? jobsInsert(trx, jobs) : null;
  const { rows: inserted } = await trx
    .raw(
      `with head as (
       update cases set audit_seq = ?::int, audit_hash = ?::text
        where id = ?::uuid and audit_seq = ?::int and audit_hash = ?::text
       returning id)${told.map((n, i) => `,\n     told${i} as (${n.sql})`).join('')}${scheduled ? `,\n     scheduled as (${scheduled.sql})` : ''}
     insert into case_events
       (case_id, seq, type, at, actor_id, element_id, activation_key, payload, prev_hash, hash)
     select v.* from (values ${events.map(() => tuple).join(', ')}) as v
      where exists (select 1 from head)
     returning seq`,
      [
        prev.seq,
        prev.hash,
        caseId,
        last.seq,
        last.hash,
        ...told.flatMap((n) => n.bindings),
        ...(scheduled?.bindings ?? []),
        ...values,
      ],
    )
    .options(PREPARED);
  return inserted.length === events.length ? { firstSeq: last.seq + 1, head: prev } : null;
}
