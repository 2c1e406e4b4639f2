import {
  type CaseEvent,
  type CaseSnapshot,
  type Effect,
  transition,
  type WorkCalendar,
} from '@yijian/engine';
import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import type { AppContext } from '../context';
import { ApiError, notFound } from '../http/errors';
import { executeEffects } from './executeEffects';

/**
 * Runs one engine event on a case whose row the caller has locked: the pure `transition` with
 * the command's time and the calendar of the case's region, then the snapshot write (optimistic
 * on `version`) and the effects, all in the caller's transaction. `calendar` overrides the cached
 * calendar (a notice being loaded is visible only inside its own transaction).
 */
export async function applyCaseEvent(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    caseId: string;
    event: CaseEvent;
    actorId: string | null;
    now?: string;
    calendar?: WorkCalendar;
  },
): Promise<{ now: string; effects: Effect[] }> {
  const kase = await trx('cases')
    .where({ id: input.caseId })
    .first('id', 'snapshot', 'version', 'definition_key', 'definition_version', 'calendar_region');
  if (!kase) throw notFound('case', input.caseId);
  const [definition, calendar, now] = await Promise.all([
    // Through this transaction's connection: never wait for the pool while holding a case lock.
    ctx.definitions.get(kase.definition_key, kase.definition_version, trx),
    input.calendar ?? ctx.calendar.get(kase.calendar_region ?? NATIONAL_REGION, trx),
    input.now ?? ctx.now(trx),
  ]);
  const { snapshot, effects } = transition(definition, kase.snapshot as CaseSnapshot, input.event, {
    now,
    calendar,
  });
  const updated = await trx('cases')
    .where({ id: kase.id, version: kase.version })
    .update({ snapshot: JSON.stringify(snapshot), status: snapshot.phase, version: kase.version + 1 });
  if (updated !== 1) throw new ApiError('case_changed');
  await executeEffects(trx, kase.id, effects, {
    now,
    actorId: input.actorId,
    calendar,
    definition,
    cause: causeOf(input.event),
  });
  return { now, effects };
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
