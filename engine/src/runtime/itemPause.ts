import { type PauseKind, SPECIAL_PROCEDURES, type SpecialProcedure } from '../clock/statutoryClock';
import { RunError } from '../errors';
import { scopesWithin } from '../process/scopes';
import type { Run } from './run';
import { ROOT_SCOPE, type TimerRecord, type TokenState } from './tokens';

/**
 * 特别程序 of one item (Art. 45): the time is excluded from that licence's period only. The item's
 * steps wait, its BPMN timers and clock stop, and the bundle's joint clock stops with it; the
 * other items keep running.
 */
export interface ItemPause {
  /** The item's sub-process instance. */
  scopeKey: string;
  itemCode: string;
  kind: PauseKind;
  procedure: SpecialProcedure | null;
  reason: string;
  expectedWorkingDays: number | null;
  from: string;
  actorId: string;
}

/** The request of a pause, checked the same way for the whole case and for one item. */
export interface PauseRequest {
  kind: PauseKind;
  procedure?: SpecialProcedure;
  reason: string;
  expectedWorkingDays?: number;
}

/** Refuses a pause without its reason, or a special procedure without its kind and expected duration. */
export function checkPauseRequest(e: PauseRequest): void {
  if (e.kind === 'specialProcedure') {
    if (!e.procedure || !SPECIAL_PROCEDURES.includes(e.procedure))
      throw new RunError(
        'unknown_special_procedure',
        `A special procedure is one of ${SPECIAL_PROCEDURES.join(', ')} (Art. 45).`,
        { procedures: SPECIAL_PROCEDURES },
      );
    if (!Number.isInteger(e.expectedWorkingDays) || (e.expectedWorkingDays ?? 0) < 1)
      throw new RunError(
        'expected_duration_required',
        'The applicant is told the expected duration of a special procedure in working days (Art. 45).',
      );
  }
  if (!e.reason.trim()) throw new RunError('reason_required', 'A pause needs its reason.');
}

/** The running sub-process instance of item `itemCode`, or a refusal naming it. */
export function itemScope(run: Run, itemCode: string): string {
  const instance = run.state.scopes.find((s) => {
    const node = run.definition.nodes[s.elementId];
    return node?.kind === 'subProcess' && node.itemCode === itemCode;
  });
  if (!instance)
    throw new RunError(
      'item_not_running',
      `Item ${itemCode} is not running in this case; only a running item pauses.`,
      {
        item: itemCode,
      },
    );
  return instance.key;
}

/** Whether a token in `scope` sits inside one of the paused items. */
export function inPausedItem(
  state: TokenState,
  pauses: readonly ItemPause[],
  scope: string | undefined,
): boolean {
  if (pauses.length === 0) return false;
  const where = scope ?? ROOT_SCOPE;
  return pauses.some((p) => scopesWithin(state, p.scopeKey).has(where));
}

/** A timer filter: the timers inside the given item scopes. */
export function timersWithin(
  state: TokenState,
  scopeKeys: readonly string[],
): (timer: TimerRecord) => boolean {
  const inside = new Set(scopeKeys.flatMap((k) => [...scopesWithin(state, k)]));
  return (timer) => inside.has(timer.scope);
}
