import { GENESIS_HASH, hashCaseEvent } from '@yijian/db';
import type { Knex } from 'knex';
import { safeErrorLog } from '../http/safeLog';
import { removeExpiredUploads } from '../materials/uploadLimits';

/** How one link of a case's audit chain (审计链) is broken. */
export type AuditBreakKind =
  /** The row's content no longer gives its stored hash: it was edited. */
  | 'hash_mismatch'
  /** The row does not point at the hash of the row before it. */
  | 'prev_hash_mismatch'
  /** A sequence number is absent between two present ones: a row was removed. */
  | 'missing'
  /** A checkpointed row is absent or has another hash than when it was checkpointed. */
  | 'checkpoint_mismatch'
  /** The case ends before its last checkpoint: rows at its end (or all of them) were removed. */
  | 'truncated';

export interface AuditBreak {
  caseId: string;
  seq: number;
  kind: AuditBreakKind;
}

export interface AuditReport {
  ok: boolean;
  casesChecked: number;
  eventsChecked: number;
  /** The first broken link in (case, seq) order, or null. */
  firstBreak: AuditBreak | null;
  /** Every broken link found, in (case, seq) order. */
  breaks: AuditBreak[];
}

/**
 * Recomputes the hash chain of one case, or of every case the log or its checkpoints know, from
 * the stored rows alone, and compares with the checkpoints (`audit_checkpoints`) so removing
 * events — even the whole table — is found too. Reads case by case, so memory is one case's log.
 */
export async function verifyAuditLog(knex: Knex, options: { caseId?: string } = {}): Promise<AuditReport> {
  const caseIds = options.caseId
    ? [options.caseId]
    : (
        await knex.raw<{ rows: { case_id: string }[] }>(
          'select case_id from case_events union select case_id from audit_checkpoints order by case_id',
        )
      ).rows.map((r) => r.case_id);
  const breaks: AuditBreak[] = [];
  let eventsChecked = 0;
  for (const caseId of caseIds) {
    const rows = await knex('case_events').where({ case_id: caseId }).orderBy('seq');
    const checkpoints = await knex('audit_checkpoints')
      .where({ case_id: caseId })
      .orderBy('seq')
      .select('seq', 'hash');
    const stored = new Map<number, string>();
    const found: AuditBreak[] = [];
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      eventsChecked++;
      for (; expectedSeq < row.seq; expectedSeq++) found.push({ caseId, seq: expectedSeq, kind: 'missing' });
      if (row.prev_hash !== prevHash) found.push({ caseId, seq: row.seq, kind: 'prev_hash_mismatch' });
      const hash = hashCaseEvent(row.prev_hash, {
        caseId: row.case_id,
        seq: row.seq,
        type: row.type,
        at: row.at,
        actorId: row.actor_id,
        elementId: row.element_id,
        activationKey: row.activation_key,
        payload: row.payload,
      });
      if (hash !== row.hash) found.push({ caseId, seq: row.seq, kind: 'hash_mismatch' });
      stored.set(row.seq, row.hash);
      prevHash = row.hash;
      expectedSeq = row.seq + 1;
    }
    const lastSeq = rows.at(-1)?.seq ?? 0;
    for (const cp of checkpoints) {
      if (cp.seq > lastSeq) {
        found.push({ caseId, seq: lastSeq + 1, kind: 'truncated' });
        break;
      }
      const hash = stored.get(cp.seq);
      if (hash !== undefined && hash !== cp.hash)
        found.push({ caseId, seq: cp.seq, kind: 'checkpoint_mismatch' });
    }
    found.sort((a, b) => a.seq - b.seq);
    breaks.push(...found);
  }
  return {
    ok: breaks.length === 0,
    casesChecked: caseIds.length,
    eventsChecked,
    firstBreak: breaks[0] ?? null,
    breaks,
  };
}

/**
 * Records the head (last seq and hash) of every case whose log grew since its last checkpoint.
 * The app role may only add checkpoints, never change them, so a later removal of events shows.
 *
 * Incremental: only cases with events written since the previous round are looked at — events
 * whose transaction id is at or above that round's watermark (migration 021). The round's own
 * watermark is the oldest transaction still running when it starts: whatever such a transaction
 * writes is seen by the next round. One round at a time (an advisory lock); a round that finds
 * another running returns 0. Returns how many heads were recorded.
 */
export async function takeAuditCheckpoint(knex: Knex): Promise<number> {
  return knex.transaction(async (trx) => {
    const { rows: locked } = await trx.raw<{ rows: { ok: boolean }[] }>(
      "select pg_try_advisory_xact_lock(hashtext('yijian.audit_checkpoint')) as ok",
    );
    if (!locked[0]?.ok) return 0;
    // Taken before looking: every transaction below it has finished, so its events are seen now.
    const { rows: mark } = await trx.raw<{ rows: { watermark: string }[] }>(
      'select pg_snapshot_xmin(pg_current_snapshot())::text as watermark',
    );
    const previous = await trx('audit_checkpoint_rounds').orderBy('id', 'desc').first('watermark');
    const grown = previous
      ? trx.raw('select distinct case_id from case_events where txid >= ?', [previous.watermark])
      : trx.raw('select id as case_id from cases');
    const { rowCount } = await trx.raw(
      `insert into audit_checkpoints (case_id, seq, hash)
       select e.case_id, e.seq, e.hash
       from (${grown.toQuery()}) g
       cross join lateral (
         select seq, hash, case_id from case_events where case_id = g.case_id order by seq desc limit 1
       ) e
       where e.seq > coalesce(
         (select max(seq) from audit_checkpoints a where a.case_id = g.case_id), 0)`,
    );
    const heads = rowCount ?? 0;
    await trx('audit_checkpoint_rounds').insert({ watermark: mark[0]!.watermark, heads });
    return heads;
  });
}

/**
 * Every `intervalMs` (default 10 minutes) until stopped: takes an audit checkpoint and removes
 * expired unattached uploads. A failure is logged and the next round tries again.
 */
export function startAuditCheckpoints(
  knex: Knex,
  log: { warn(obj: object, msg: string): void },
  intervalMs = 10 * 60_000,
): { stop(): void } {
  const timer = setInterval(() => {
    takeAuditCheckpoint(knex).catch((err: unknown) =>
      log.warn({ err: safeErrorLog(err) }, 'audit checkpoint failed'),
    );
    removeExpiredUploads(knex).catch((err: unknown) =>
      log.warn({ err: safeErrorLog(err) }, 'removing expired uploads failed'),
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
