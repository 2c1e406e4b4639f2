import type { Effect, ProcessDefinition, WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import { appendCaseEvent, type NewCaseEvent } from '../commands/caseEvents';

export interface EffectMeta {
  now: string;
  actorId: string | null;
  calendar: WorkCalendar;
  definition: ProcessDefinition;
  /** What the effects answer: the case event (and its task or timer), or the job that ran it. */
  cause?: Record<string, unknown>;
}

/** What every effect handler is given: the command's transaction, its case and its time. */
export interface EffectRun {
  trx: Knex.Transaction;
  caseId: string;
  meta: EffectMeta;
  /** The command's day in Shanghai (deadlines count from it). */
  today: string;
  /**
   * The items a step was opened for by these effects (a new live task): the command then knows,
   * without a read, that the item is not concluded (issueResultLicence). Null once a step was
   * cancelled, since that may have been one of them.
   */
  openedItems: Set<string> | null;
  /** Appends an audit event of the case at the command's time and actor (overridable in `extra`). */
  log(
    type: NewCaseEvent['type'],
    payload: Record<string, unknown>,
    extra?: Partial<Omit<NewCaseEvent, 'type' | 'payload'>>,
  ): Promise<void>;
}

export type EffectHandler<E extends Effect> = (run: EffectRun, effect: E) => Promise<void>;

/** One handler per effect type: the compiler refuses a type without one. */
export type EffectHandlers = { [T in Effect['type']]: EffectHandler<Extract<Effect, { type: T }>> };

export function logAppender(trx: Knex.Transaction, caseId: string, meta: EffectMeta): EffectRun['log'] {
  return (type, payload, extra = {}) =>
    appendCaseEvent(trx, caseId, { type, at: meta.now, actorId: meta.actorId, payload, ...extra });
}
