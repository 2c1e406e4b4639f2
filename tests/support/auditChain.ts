import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

const GENESIS = '0'.repeat(64);

/** What is wrong with one case's audit chain; empty when it verifies. */
export interface ChainProblem {
  caseId: string;
  seq: number;
  problem: string;
}

/**
 * Recomputes every case's audit chain as runtime-api/src/commands/caseEvents.ts hashes it:
 * sha256(prevHash + JSON.stringify([case_id, seq, type, at, actor_id, element_id, activation_key,
 * payload])), seq 1, 2, 3 … with no gap, each prev_hash the previous row's hash.
 *
 * A test helper until the verifier from the `security` branch lands (it makes the hash canonical).
 * The payload is jsonb, which keeps keys in its own order (shorter first), not the order the
 * command wrote them in, so the hash is tried over the key orders of the stored payload until one
 * matches: any changed value, added or dropped key still fails; only key order is not pinned.
 */
export async function verifyAuditChains(
  knex: Knex,
): Promise<{ cases: number; events: number; problems: ChainProblem[] }> {
  const rows = await knex('case_events')
    .orderBy([{ column: 'case_id' }, { column: 'seq' }])
    .select();
  const problems: ChainProblem[] = [];
  let caseId: string | null = null;
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let cases = 0;
  for (const row of rows) {
    if (row.case_id !== caseId) {
      caseId = row.case_id;
      expectedSeq = 1;
      prevHash = GENESIS;
      cases++;
    }
    const at = new Date(row.at).toISOString();
    if (row.seq !== expectedSeq)
      problems.push({ caseId: row.case_id, seq: row.seq, problem: `expected seq ${expectedSeq}` });
    if (row.prev_hash !== prevHash)
      problems.push({ caseId: row.case_id, seq: row.seq, problem: 'prev_hash is not the previous hash' });
    let matches = false;
    // Lazily, stopping at the first order that matches (usually the first or second).
    for (const payload of payloadOrders(row.payload)) {
      const text = JSON.stringify([
        row.case_id,
        row.seq,
        row.type,
        at,
        row.actor_id,
        row.element_id,
        row.activation_key,
        payload,
      ]);
      if (createHash('sha256').update(row.prev_hash).update(text).digest('hex') === row.hash) {
        matches = true;
        break;
      }
    }
    if (!matches)
      problems.push({
        caseId: row.case_id,
        seq: row.seq,
        problem: `hash does not match the row (${row.type})`,
      });
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  return { cases, events: rows.length, problems };
}

/** The payload with its keys in every order, nested objects included (payloads are small). */
function* payloadOrders(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    yield* combine(value.map((v) => [...payloadOrders(v)]));
    return;
  }
  if (value === null || typeof value !== 'object') {
    yield value;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const variants = entries.map(([, v]) => [...payloadOrders(v)]);
  for (const order of permutations(entries.map((_, i) => i)))
    for (const values of combine(order.map((i) => variants[i]!)))
      yield Object.fromEntries(order.map((i, k) => [entries[i]![0], values[k]]));
}

function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((first, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]),
  );
}

function combine(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])),
    [[]],
  );
}
