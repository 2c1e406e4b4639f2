import { GENESIS_HASH, hashCaseEvent } from '@yijian/db';
import type { Knex } from 'knex';

export type CaseEventType =
  | 'case.filed'
  | 'task.created'
  | 'task.claimed'
  | 'task.completed'
  /** 催办: the working day after a missed step deadline. */
  | 'task.urged'
  /** 督办: escalated to the supervisor after the grace period. */
  | 'task.supervised'
  /** 提醒: a step's deadline is near. */
  | 'task.reminded'
  /** 受理 (payload.deemed: by law, Art. 32 — the audit flag of a missed correction notice). */
  | 'case.accepted'
  /** 一次性补正告知 */
  | 'case.correctionNotice'
  /** 补正材料 */
  | 'case.correctionsReceived'
  /** 不予受理 */
  | 'case.rejected'
  /** 特别程序 or correction during review: the statutory clock stopped. */
  | 'clock.paused'
  | 'clock.resumed'
  /** 延期 with the approver and the reason told to the applicant. */
  | 'clock.extended'
  /** An item's own clock: near its deadline, missed (催办), escalated (督办). */
  | 'item.reminded'
  | 'item.urged'
  | 'item.supervised'
  | 'case.reminded'
  | 'case.urged'
  | 'case.supervised'
  | 'case.concluded'
  /** 领证/送达 */
  | 'case.delivered'
  /** 申请材料 handed in (at filing or later) or reused; see materials/materialEvents.ts. */
  | 'materials.attached'
  /** 核验: a clerk confirmed the applicant's upload (C → B). */
  | 'material.verified'
  /** 电子证照出证: an item's result licence issued (trust A) and attached where accepted. */
  | 'eLicence.issued';

export interface NewCaseEvent {
  type: CaseEventType;
  at: string;
  actorId: string | null;
  elementId?: string | null;
  activationKey?: string | null;
  payload?: Record<string, unknown>;
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
  const last = await trx('case_events')
    .where({ case_id: caseId })
    .orderBy('seq', 'desc')
    .first('seq', 'hash');
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  // Canonical text (audit/eventHash.ts), so the verifier can recompute it from the stored row.
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
  await trx('case_events').insert({
    ...row,
    payload: JSON.stringify(row.payload),
    prev_hash: prevHash,
    hash,
  });
}
