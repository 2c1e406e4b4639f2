import { createHash } from 'node:crypto';
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
  /** 准予/不予许可: an item's decision with reasons, legal basis and the Art. 38 remedies. */
  | 'item.decided'
  /** 释放: a clerk put a claimed step back in the queue. */
  | 'task.released'
  /** 转办: a step handed to another clerk of the department. */
  | 'task.transferred'
  /** 委派: a step delegated; it returns to the delegator to confirm. */
  | 'task.delegated'
  /** 委派 handled: the delegate hands the step back to the delegator. */
  | 'task.delegationReturned'
  /** 退回: a step sent back to an earlier step of the same item, which reopens. */
  | 'task.returned'
  /** 撤回: the sender took a completed step back before the next step acted. */
  | 'task.recalled'
  /** 特别程序 of one item began / ended while the joint clock was already paused by another. */
  | 'item.paused'
  | 'item.resumed'
  /** 撤回申请: the applicant withdrew the case before a decision. */
  | 'case.withdrawn'
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

const GENESIS = '0'.repeat(64);

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
  const prevHash = last?.hash ?? GENESIS;
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
  const hash = createHash('sha256')
    .update(prevHash)
    .update(
      JSON.stringify([
        row.case_id,
        row.seq,
        row.type,
        row.at,
        row.actor_id,
        row.element_id,
        row.activation_key,
        row.payload,
      ]),
    )
    .digest('hex');
  await trx('case_events').insert({
    ...row,
    payload: JSON.stringify(row.payload),
    prev_hash: prevHash,
    hash,
  });
}
