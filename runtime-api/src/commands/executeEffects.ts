import { type Effect, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { caseEffects } from '../effects/caseEffects';
import { clockEffects } from '../effects/clockEffects';
import { deadlineEffects } from '../effects/deadlineEffects';
import { type EffectHandlers, type EffectMeta, type EffectRun, logAppender } from '../effects/effectRun';
import { itemEffects } from '../effects/itemEffects';
import { taskEffects } from '../effects/taskEffects';
import { waitEffects } from '../effects/waitEffects';

export { INTAKE_NAME } from '../effects/taskEffects';

const handlers: EffectHandlers = {
  ...taskEffects,
  ...caseEffects,
  ...clockEffects,
  ...deadlineEffects,
  ...itemEffects,
  ...waitEffects,
};

/**
 * Runs the engine's effects inside the command's transaction, so the snapshot, the tasks and the
 * audit log commit together or not at all: one handler per effect type (runtime-api/src/effects/).
 * Answers the items the effects opened a step for, when that is known for sure (EffectRun).
 */
export async function executeEffects(
  trx: Knex.Transaction,
  caseId: string,
  effects: readonly Effect[],
  meta: EffectMeta,
): Promise<{ openedItems: ReadonlySet<string> }> {
  const run: EffectRun = {
    trx,
    caseId,
    meta,
    today: shanghaiDate(meta.now),
    openedItems: new Set(),
    log: logAppender(trx, caseId, meta),
  };
  for (const effect of effects) await handlers[effect.type](run, effect as never);
  return { openedItems: run.openedItems ?? new Set() };
}
