import {
  type CaseEvent,
  type CaseSnapshot,
  type Effect,
  type OpenDeadline,
  type ProcessDefinition,
  transition,
  type WorkCalendar,
} from '@yijian/engine';
import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { type AppContext, rememberTransactionTime } from '../context';
import { ApiError, notFound } from '../http/errors';
import { itemDeadlines } from '../sql/itemWrites';
import { stepDeadlines } from '../sql/taskWrites';
import { rememberChainHead } from './caseEvents';
import { executeEffects } from './executeEffects';

/** What an engine event on a case needs besides the case: see {@link applyCaseEvent}. */
export interface CaseEventInput {
  caseId: string;
  event: CaseEvent;
  actorId: string | null;
  now?: string;
  calendar?: WorkCalendar;
  /** The case row as the command locked it (lockTask reads it with the task): not read again. */
  locked?: LockedCase;
}

/** An engine event worked out (the pure `transition`) but not yet written: {@link planCaseEvent}. */
export interface PlannedCaseEvent {
  input: CaseEventInput;
  kase: LockedCase;
  definition: ProcessDefinition;
  calendar: WorkCalendar;
  now: string;
  snapshot: CaseSnapshot;
  effects: Effect[];
}

/**
 * Runs one engine event on a case whose row the caller has locked: the pure `transition` with
 * the command's time and the calendar of the case's region, then the snapshot write (optimistic
 * on `version`) and the effects, all in the caller's transaction. `calendar` overrides the cached
 * calendar (a notice being loaded is visible only inside its own transaction).
 */
export async function applyCaseEvent(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: CaseEventInput,
): Promise<{ now: string; effects: Effect[]; openedItems: ReadonlySet<string> }> {
  const plan = await planCaseEvent(ctx, trx, input);
  const write = caseSnapshotWrite(plan);
  const updated = await trx('cases')
    .where({ id: write.id, version: write.version })
    .update({ snapshot: write.snapshot, status: write.status, version: write.version + 1 });
  return runCaseEffects(trx, plan, updated);
}

/**
 * The first half of {@link applyCaseEvent}: reads what the event needs (cached, or through the
 * transaction) and runs the engine, writing nothing. A command that writes the snapshot in one of
 * its own statements ({@link caseSnapshotWrite}) then calls {@link runCaseEffects}.
 */
export async function planCaseEvent(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: CaseEventInput,
): Promise<PlannedCaseEvent> {
  const kase: LockedCase | undefined =
    input.locked ??
    (await trx('cases')
      .where({ id: input.caseId })
      .first('id', 'snapshot', 'version', 'definition_key', 'definition_version', 'calendar_region'));
  if (!kase) throw notFound('case', input.caseId);
  // One after another: a transaction is one connection, and pg queues concurrent queries on it
  // (with a deprecation warning). Through this transaction's connection: never wait for the pool
  // while holding a case lock. All three are usually cached: no round trip at all.
  const definition = await ctx.definitions.get(kase.definition_key, kase.definition_version, trx);
  const calendar = input.calendar ?? (await ctx.calendar.get(kase.calendar_region ?? NATIONAL_REGION, trx));
  const now = input.now ?? (await ctx.now(trx));
  const { snapshot, effects } = transition(definition, kase.snapshot as CaseSnapshot, input.event, {
    now,
    calendar,
    ...(MOVES_WORK.has(input.event.type) ? { openDeadlines: await openDeadlines(trx, kase.id) } : {}),
  });
  return { input, kase, definition, calendar, now, snapshot, effects };
}

/**
 * The snapshot write of a planned event: set `snapshot`, `status` and `version + 1` on the case
 * row `id` only where it still has `version` (optimistic; the caller counts the rows written).
 */
export function caseSnapshotWrite(plan: PlannedCaseEvent): {
  id: string;
  version: number;
  snapshot: string;
  status: string;
} {
  return {
    id: plan.kase.id,
    version: plan.kase.version,
    snapshot: JSON.stringify(plan.snapshot),
    status: plan.snapshot.phase,
  };
}

/**
 * The second half of {@link applyCaseEvent}, after the snapshot write changed `updated` rows:
 * refuses a case that changed meanwhile, then runs the effects.
 */
export async function runCaseEffects(
  trx: Knex.Transaction,
  plan: PlannedCaseEvent,
  updated: number,
): Promise<{ now: string; effects: Effect[]; openedItems: ReadonlySet<string> }> {
  if (updated !== 1) throw new ApiError('case_changed');
  const { now, effects, calendar, definition, input } = plan;
  const { openedItems } = await executeEffects(trx, plan.kase.id, effects, {
    now,
    actorId: input.actorId,
    calendar,
    definition,
    cause: causeOf(input.event),
  });
  return { now, effects, openedItems };
}

/** The events that pause or resume work: the engine moves the open step and item deadlines. */
const MOVES_WORK = new Set<CaseEvent['type']>(['clock.pause', 'clock.resume', 'item.pause', 'item.resume']);

/** The case's open step and item deadlines, read under the case lock for the engine to move. */
async function openDeadlines(trx: Knex.Transaction, caseId: string): Promise<OpenDeadline[]> {
  return [...(await stepDeadlines(trx, caseId)), ...(await itemDeadlines(trx, caseId))];
}

/** What an engine event needs of the case row. */
export interface LockedCase {
  id: string;
  snapshot: unknown;
  version: number;
  definition_key: string;
  definition_version: number;
  calendar_region: string | null;
}

/** The case columns a lock statement reads beside its own (`c` is the case), and the time. */
export const LOCKED_CASE_COLUMNS = [
  'c.snapshot as case_snapshot',
  'c.version as case_version',
  'c.definition_key as case_definition_key',
  'c.definition_version as case_definition_version',
  'c.calendar_region as case_calendar_region',
  'c.status as case_status',
  'c.id as case_locked_id',
  // The audit chain head, so the command's events need no read of it (caseEvents.ts).
  'c.audit_seq as case_audit_seq',
  'c.audit_hash as case_audit_hash',
] as const;

/**
 * The case part of a row read with {@link LOCKED_CASE_COLUMNS}. Also remembers the transaction's
 * time read with it — `now()` is the same for the whole transaction — for `ctx.now(trx)`.
 */
export function lockedCaseOf(trx: Knex.Transaction, row: Record<string, unknown>): LockedCase {
  if (row.tx_now instanceof Date) rememberTransactionTime(trx, row.tx_now.toISOString());
  if (typeof row.case_audit_seq === 'number')
    rememberChainHead(trx, row.case_locked_id as string, row.case_audit_seq, row.case_audit_hash as string);
  return {
    id: row.case_locked_id as string,
    snapshot: row.case_snapshot,
    version: row.case_version as number,
    definition_key: row.case_definition_key as string,
    definition_version: row.case_definition_version as number,
    calendar_region: row.case_calendar_region as string | null,
  };
}

/** What raised an incident, as the incident row records it: the event and what it was about. */
function causeOf(event: CaseEvent): Record<string, unknown> {
  switch (event.type) {
    case 'task.complete':
      return { event: event.type, activationKey: event.activationKey };
    case 'timer.fire':
      return { event: event.type, timerKey: event.key };
    case 'message.receive':
      return { event: event.type, message: event.name };
    case 'incident.retry':
      return { event: event.type, incidentKey: event.key };
    default:
      return { event: event.type };
  }
}
