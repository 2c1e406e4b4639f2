import { createHash } from 'node:crypto';

/** The `prev_hash` of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of one audit row (审计日志), as written or as read back from PostgreSQL. */
export interface HashedEventFields {
  caseId: string;
  seq: number;
  type: string;
  /** An ISO string when written, a Date when read back: both hash as the same instant. */
  at: string | Date;
  actorId: string | null;
  elementId: string | null;
  activationKey: string | null;
  payload: unknown;
}

/**
 * JSON with object keys in code-point order at every level, so the text does not depend on the
 * order a writer used or the order `jsonb` gives back. Values are first taken through JSON (what
 * `jsonb` stores): `undefined` members vanish, dates become strings.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * The exact text an audit row's hash covers: its fields in a fixed order, the instant as UTC ISO
 * with milliseconds (what `timestamptz` gives back to node-postgres) and the payload canonical.
 * A verifier recomputes it from the stored row alone.
 */
export function eventHashText(e: HashedEventFields): string {
  return canonicalJson([
    e.caseId,
    e.seq,
    e.type,
    new Date(e.at).toISOString(),
    e.actorId,
    e.elementId,
    e.activationKey,
    e.payload ?? {},
  ]);
}

/** sha256(previous hash ‖ canonical text): any later edit of a row, or removal, breaks the chain. */
export function hashCaseEvent(prevHash: string, e: HashedEventFields): string {
  return createHash('sha256').update(prevHash).update(eventHashText(e)).digest('hex');
}
