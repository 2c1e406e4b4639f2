import { GENESIS_HASH, hashCaseEvent } from '@yijian/db';
import type { Knex } from 'knex';
import { followUpCaseEvent } from '../notifications/caseEventFollowUps';

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
 * The chain head each transaction last wrote per case, so a command that appends several events
 * reads the head once (issue 16: the read ran about three times per completion). Keyed by the
 * transaction object; a savepoint (nested transaction) keeps its own. A cached head can be off
 * (a released savepoint appended; one rolled back what the outer transaction wrote during it):
 * the insert then writes nothing, and the append is made again on the head read afresh.
 */
const heads = new WeakMap<Knex.Transaction, Map<string, ChainHead>>();

async function readHead(trx: Knex.Transaction, caseId: string): Promise<ChainHead> {
  const last = await trx('case_events')
    .where({ case_id: caseId })
    .orderBy('seq', 'desc')
    .first('seq', 'hash');
  return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends to the case's audit log. Each row hashes its content with the previous row's hash, so
 * any later edit breaks the chain. The caller holds the case row lock, which orders the appends.
 */
export async function appendCaseEvent(
  trx: Knex.Transaction,
  caseId: string,
  event: NewCaseEvent,
): Promise<void> {
  let cache = heads.get(trx);
  if (!cache) {
    cache = new Map();
    heads.set(trx, cache);
  }
  let head = cache.get(caseId) ?? (await readHead(trx, caseId));
  for (let attempt = 0; ; attempt++) {
    const written = await insertEvent(trx, caseId, head, event);
    if (written) {
      cache.set(caseId, written);
      // Documents and notifications an event brings, in the same transaction (notifications/).
      await followUpCaseEvent(trx, {
        caseId,
        seq: written.seq,
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

async function insertEvent(
  trx: Knex.Transaction,
  caseId: string,
  last: ChainHead,
  event: NewCaseEvent,
): Promise<ChainHead | null> {
  const seq = last.seq + 1;
  const prevHash = last.hash;
  const row = {
    case_id: caseId,
    seq,
    type: event.type,
    at: event.at,
    actor_id: event.actorId,
    element_id: event.elementId ?? null,
    activation_key: event.activationKey ?? null,
    payload: event.payload ?? {},
  };
  // Canonical text (db/src/audit/eventHash.ts), so a verifier can recompute it from the stored row.
  const hash = hashCaseEvent(prevHash, {
    caseId: row.case_id,
    seq: row.seq,
    type: row.type,
    at: row.at,
    actorId: row.actor_id,
    elementId: row.element_id,
    activationKey: row.activation_key,
    payload: row.payload,
  });
  // Written only onto the head it was hashed with: the seq must be free and the previous row
  // must carry prevHash, checked in the same statement (an index probe, no extra round trip).
  const { rows: inserted } = await trx.raw(
    `insert into case_events
       (case_id, seq, type, at, actor_id, element_id, activation_key, payload, prev_hash, hash)
     select ?::uuid, ?::int, ?::text, ?::timestamptz, ?::uuid, ?::text, ?::text, ?::jsonb, ?::text, ?::text
     where ?::int = 1
        or exists (select 1 from case_events where case_id = ?::uuid and seq = ?::int and hash = ?::text)
     on conflict (case_id, seq) do nothing
     returning seq`,
    [
      row.case_id,
      row.seq,
      row.type,
      row.at,
      row.actor_id,
      row.element_id,
      row.activation_key,
      JSON.stringify(row.payload),
      prevHash,
      hash,
      seq,
      caseId,
      last.seq,
      prevHash,
    ],
  );
  return inserted.length ? { seq, hash } : null;
}
