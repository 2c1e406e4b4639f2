import { verifyAuditLog } from '@yijian/runtime-api';
import type { Knex } from 'knex';

/** What is wrong with one case's audit chain; empty when it verifies. */
export interface ChainProblem {
  caseId: string;
  seq: number;
  problem: string;
}

/**
 * Recomputes every case's audit chain with the runtime's verifier (`verifyAuditLog`: the
 * canonical hash of db/src/audit/eventHash.ts, seq 1, 2, 3 … with no gap, each prev_hash the
 * previous row's hash, and the checkpoints), in the shape the failover test reads.
 */
export async function verifyAuditChains(
  knex: Knex,
): Promise<{ cases: number; events: number; problems: ChainProblem[] }> {
  const report = await verifyAuditLog(knex);
  return {
    cases: report.casesChecked,
    events: report.eventsChecked,
    problems: report.breaks.map((b) => ({ caseId: b.caseId, seq: b.seq, problem: b.kind })),
  };
}
