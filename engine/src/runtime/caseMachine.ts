import { enqueueActions, setup } from 'xstate';
import { shanghaiDate } from '../calendar/workCalendar';
import {
  type ClockSnapshot,
  type PauseKind,
  recountClock,
  type SpecialProcedure,
  stepClock,
} from '../clock/statutoryClock';
import type { ProcessDefinition } from '../definition/types';
import { RunError } from '../errors';
import { findSubscription, fireTimer, receiveMessage } from '../events/triggerEvent';
import { clearScope } from '../process/scopes';
import { returnTask } from '../tasks/returnTask';
import { completeTask } from '../tasks/userTask';
import { advance } from './advance';
import type { Effect } from './effects';
import { type ParkedSite, ParkSignal, retryIncident } from './incidents';
import { checkPauseRequest, type ItemPause, inPausedItem, itemScope, timersWithin } from './itemPause';
import {
  type CorrectionNotice,
  clockEffect,
  closeIntake,
  concludeClock,
  deadlineEffect,
  type IntakeState,
  type IssuanceDeadline,
  maxExtension,
  moveWork,
  openIntake,
  pauseTimers,
  recountIntake,
  recountIssuance,
  resumeTimers,
  startCaseClock,
} from './lifecycle';
import { createRun, type Run } from './run';
import { cloneTokenState, ROOT_SCOPE, type StepContext, type TokenState } from './tokens';

/** Case variables: plain JSON (form answers, task and message outputs). */
export type Variables = Record<string, unknown>;

/** Events a case accepts. `now` and the calendar are attached by {@link transition}, never read here. */
export type CaseEvent =
  /**
   * 申办: the applicant files; `variables` are the form answers the conditions read. The case
   * waits at the window (预审) unless it is accepted on the spot (当场受理, Art. 32).
   */
  | { type: 'case.file'; actorId: string | null; variables?: Variables; acceptOnTheSpot?: boolean }
  /** 受理: the window accepts; the statutory clock starts and the department steps open. */
  | { type: 'intake.accept'; actorId: string }
  /** 一次性补正告知: the window tells every correction at once; nothing runs until they are in. */
  | {
      type: 'intake.requestCorrection';
      actorId: string;
      items: { subject: string; reason: string }[];
      note?: string;
    }
  /** 补正: the applicant hands in the corrections (changed answers in `variables`). */
  | { type: 'correction.submit'; actorId: string; variables?: Variables; note?: string }
  /** 不予受理: refused at the window, with the reason. */
  | { type: 'intake.reject'; actorId: string; reason: string }
  /**
   * 办理: a clerk completed a task. `variables` are its outputs; `error` ends it in a business
   * error (BpmnError) that an error boundary event catches.
   */
  | {
      type: 'task.complete';
      activationKey: string;
      actorId: string | null;
      outcome: string;
      variables?: Variables;
      error?: { errorCode: string };
    }
  /**
   * 退回: the waiting step goes back to `toElementId`, an earlier step of the same item, which
   * opens again; the clocks keep running. The host records `reason` in the audit log.
   */
  | { type: 'task.return'; activationKey: string; toElementId: string; actorId: string }
  /** 撤回申请: the applicant withdraws before a decision; open steps close and the clock stops. */
  | { type: 'case.withdraw'; actorId: string; reason: string }
  /** The host's timer for `key` is due. Unknown or cancelled keys are a no-op. */
  | { type: 'timer.fire'; key: string }
  /** A message for the case. Nothing waiting for it is a no-op (messages are not buffered). */
  | { type: 'message.receive'; name: string; correlation?: string | null; variables?: Variables }
  /**
   * 特别程序 (Art. 45) or a correction during review: the statutory clock and the case's BPMN
   * timers stop, keeping the time they had left.
   */
  | {
      type: 'clock.pause';
      actorId: string;
      kind: PauseKind;
      procedure?: SpecialProcedure;
      reason: string;
      expectedWorkingDays?: number;
    }
  /** The special procedure's result is in: the clock counts the remaining days again. */
  | { type: 'clock.resume'; actorId: string; result: string }
  /**
   * 特别程序 of one item (Art. 45): that item's steps, BPMN timers and clock pause, and the joint
   * clock with them; the bundle's other items keep running.
   */
  | {
      type: 'item.pause';
      actorId: string;
      itemCode: string;
      kind: PauseKind;
      procedure?: SpecialProcedure;
      reason: string;
      expectedWorkingDays?: number;
    }
  /** The item's special procedure is over: its clocks (and the joint one, if no other item waits) count again. */
  | { type: 'item.resume'; actorId: string; itemCode: string; result: string }
  /** 延期 (Art. 42): one extension, approved by `approverId`, with the reason told to the applicant. */
  | { type: 'clock.extend'; approverId: string; workingDays: number; reason: string }
  /** 领证/送达: the results are handed over. */
  | { type: 'case.deliver'; actorId: string; method: string }
  /**
   * An operator fixed what an incident tripped on and tries the parked step again. `variables`
   * (optional) are merged into the case variables first (the host audits them with a reason).
   * A retry that fails again keeps the incident, one attempt more.
   */
  | { type: 'incident.retry'; actorId: string; key: string; variables?: Variables }
  /**
   * The working-day calendar changed (a year's notice loaded, a region's holiday added): the new
   * calendar comes in `ctx`. Every deadline the engine keeps is counted again from its recorded
   * basis — the deemed-acceptance timer of an open intake, the statutory clock (pauses and the
   * extension replayed on their days), the issuance deadline — and the moved ones go out as the
   * usual effects, so the host's rows and jobs agree with the snapshot. Accepted in every phase.
   */
  | { type: 'calendar.changed' };

export type MachineEvent = CaseEvent & { ctx: StepContext };

export interface CaseContext {
  tokens: TokenState;
  filedAt: string | null;
  concludedAt: string | null;
  /** The statutory deadline now in force (moved by pauses and the extension). */
  deadline: { dueDate: string; dueAt: string; provisional: boolean } | null;
  // Absent in snapshots written before the lifecycle existed (they were accepted at filing).
  intake?: IntakeState | null;
  clock?: ClockSnapshot | null;
  issuance?: IssuanceDeadline | null;
  deliveredAt?: string | null;
  /** Items paused on their own (Art. 45); absent in snapshots from before per-item pauses. */
  itemPauses?: ItemPause[];
}

const MAX_INCIDENTS_PER_STEP = 100;

/** Deadline fields of the case context, read off the clock. */
const deadlineOf = (clock: ClockSnapshot | null): CaseContext['deadline'] =>
  clock && {
    dueDate: clock.context.dueDate,
    dueAt: clock.context.dueAt,
    provisional: clock.context.provisional,
  };

/**
 * The case lifecycle as an xstate machine: filed → pre-review at the window (→ correction →
 * pre-review) → accepted and in progress (the BPMN graph in `tokens` decides which steps are
 * active; the statutory clock runs, pauses, is extended) → concluded (issuance deadline) →
 * delivered; or rejected at the window. Effects leave the machine as `effect` actions with the
 * effect as params, so xstate's pure `transition()` returns them as data instead of running them.
 */
export function createCaseMachine(definition: ProcessDefinition) {
  /**
   * Runs one pure BPMN step on a copy of the tokens. A token that meets an incident fault starts
   * the step again from its input with that place parked (incidents.ts), so the event that led
   * there still commits and the rest of the case moves on.
   */
  const step = (
    tokens: Partial<TokenState>,
    ctx: StepContext,
    variables: Variables | undefined,
    act: (run: Run) => void,
  ): Run => {
    const parks: ParkedSite[] = [];
    for (;;) {
      const run = createRun(definition, withVariables(tokens, variables), ctx);
      run.parks = parks;
      try {
        act(run);
        advance(run);
        return run;
      } catch (error) {
        if (!(error instanceof ParkSignal)) throw error;
        // Each attempt parks one more place; a step touches far fewer places than this.
        if (parks.length >= MAX_INCIDENTS_PER_STEP) throw error.error;
        parks.push({ site: error.site, error: error.error });
      }
    }
  };

  /**
   * 受理: starts the clock from `acceptedOn` and the process at its start event. The clock counts
   * from the acceptance date even when the acceptance is applied later (deemed acceptance).
   */
  const accept = (
    context: CaseContext,
    ctx: StepContext,
    acceptance: { acceptedOn: string; deemed: boolean; actorId: string | null },
    effects: Effect[],
  ): Partial<CaseContext> => {
    const receivedOn = context.intake?.receivedOn ?? acceptance.acceptedOn;
    effects.push({
      type: 'case.accepted',
      acceptedOn: acceptance.acceptedOn,
      receivedOn,
      deemed: acceptance.deemed,
      at: ctx.now,
    });
    const clock = startCaseClock(definition, acceptance.acceptedOn, ctx, effects);
    const run = step(context.tokens, ctx, undefined, (r) =>
      r.queue.push({ elementId: definition.startEventId, viaFlow: null, scope: ROOT_SCOPE, outcome: null }),
    );
    effects.push(...run.effects);
    // A process with nothing to do by hand concludes at once.
    const done = run.state.completed ? concludeClock(clock, ctx, effects) : null;
    return {
      tokens: run.state,
      clock: done ? done.clock : clock,
      issuance: done ? done.issuance : null,
      concludedAt: done ? ctx.now : null,
      deadline: deadlineOf(clock),
      intake: context.intake && {
        ...context.intake,
        acceptedOn: acceptance.acceptedOn,
        acceptedBy: acceptance.actorId,
        deemed: acceptance.deemed,
      },
    };
  };

  /** After a step of the process: a paused case keeps new timers paused; the end stops the clock. */
  const settle = (
    context: CaseContext,
    run: Run,
    ctx: StepContext,
    effects: Effect[],
  ): Partial<CaseContext> => {
    effects.push(...run.effects);
    if (run.state.completed) {
      const { clock, issuance } = concludeClock(context.clock ?? null, ctx, effects);
      return { tokens: run.state, concludedAt: ctx.now, clock, issuance };
    }
    // Paused as a whole: every new timer waits. Items paused on their own: only theirs.
    const pauses = context.itemPauses ?? [];
    if (pauses.length > 0) {
      const only = timersWithin(
        run.state,
        pauses.map((p) => p.scopeKey),
      );
      return { tokens: pauseTimers(run.state, ctx.now, effects, only), concludedAt: null };
    }
    const paused = context.clock?.state === 'paused';
    return { tokens: paused ? pauseTimers(run.state, ctx.now, effects) : run.state, concludedAt: null };
  };

  return setup({
    types: { context: {} as CaseContext, events: {} as MachineEvent },
    actions: {
      // The host executes effects; inside the machine they are inert markers.
      effect: (_, _params: Effect) => {},
    },
    guards: {
      processCompleted: ({ context }) => context.tokens.completed,
      onTheSpot: ({ event }) => event.type === 'case.file' && event.acceptOnTheSpot === true,
      timerHeld: ({ context, event }) =>
        event.type === 'timer.fire' &&
        (context.tokens.timers ?? []).some((t) => t.key === event.key && t.remainingMs === undefined),
      deemedAcceptanceDue: ({ context, event }) =>
        event.type === 'timer.fire' && !!context.intake && context.intake.deemedTimerKey === event.key,
      firstNotice: ({ context }) => !context.intake?.correctionNotice,
      messageAwaited: ({ context, event }) =>
        event.type === 'message.receive' &&
        findSubscription(context.tokens.subscriptions ?? [], event.name, event.correlation) !== undefined,
      clockRunning: ({ context }) => context.clock?.state === 'running',
      // Paused as a whole, not because items are (those resume with item.resume).
      clockPaused: ({ context }) => context.clock?.state === 'paused' && !context.itemPauses?.length,
      // An item pauses on its own unless the whole case is paused already.
      itemsWorkable: ({ context }) => context.clock?.state !== 'paused' || !!context.itemPauses?.length,
    },
  }).createMachine({
    id: `case:${definition.key}:v${definition.version}`,
    initial: 'draft',
    on: {
      'calendar.changed': {
        actions: enqueueActions(
          update<'calendar.changed'>((context, e, effects) => {
            const next: Partial<CaseContext> = {};
            if (context.intake?.deemedTimerKey) recountIntake(context.intake, e.ctx, effects);
            const clock = context.clock;
            if (clock && clock.state !== 'stopped') {
              const recounted = recountClock(clock, e.ctx.calendar);
              if (JSON.stringify(recounted) !== JSON.stringify(clock)) {
                if (recounted.state === 'running') effects.push(deadlineEffect(recounted));
                effects.push(clockEffect('recounted', recounted, e.ctx));
                next.clock = recounted;
                if (recounted.state === 'running') next.deadline = deadlineOf(recounted);
              }
            }
            if (context.issuance && !context.deliveredAt) {
              const issuance = recountIssuance(context.issuance, e.ctx, effects);
              if (issuance) next.issuance = issuance;
            }
            return next;
          }),
        ),
      },
    },
    context: {
      tokens: cloneTokenState({}),
      filedAt: null,
      concludedAt: null,
      deadline: null,
      intake: null,
      clock: null,
      issuance: null,
      deliveredAt: null,
    },
    states: {
      draft: {
        on: {
          'case.file': [
            {
              guard: 'onTheSpot',
              target: 'routing',
              actions: enqueueActions(
                update<'case.file'>((context, e, effects) => {
                  const receivedOn = shanghaiDate(e.ctx.now);
                  const tokens = withVariables(context.tokens, e.variables);
                  const filed = { ...context, tokens, filedAt: e.ctx.now };
                  const accepted = accept(
                    filed,
                    e.ctx,
                    { acceptedOn: receivedOn, deemed: false, actorId: e.actorId },
                    effects,
                  );
                  return { ...filed, ...accepted };
                }),
              ),
            },
            {
              target: 'preReview',
              actions: enqueueActions(
                update<'case.file'>((context, e, effects) => {
                  const receivedOn = shanghaiDate(e.ctx.now);
                  const tokens = withVariables(context.tokens, e.variables);
                  const round = openIntake(1, receivedOn, e.ctx, effects);
                  return {
                    tokens,
                    filedAt: e.ctx.now,
                    intake: {
                      receivedOn,
                      ...round,
                      correctionNotice: null,
                      correctionsReceivedOn: null,
                      acceptedOn: null,
                      acceptedBy: null,
                      deemed: false,
                      rejection: null,
                    },
                  };
                }),
              ),
            },
          ],
        },
      },
      // 预审: the window checks the materials.
      preReview: {
        on: {
          'intake.accept': {
            target: 'routing',
            actions: enqueueActions(
              update<'intake.accept'>((context, e, effects) => {
                const intake = closeIntake(context.intake!, 'accepted', effects);
                // Rule 6: after a correction the acceptance date is the day the corrections came in.
                const acceptedOn = intake.correctionsReceivedOn ?? shanghaiDate(e.ctx.now);
                return accept(
                  { ...context, intake },
                  e.ctx,
                  { acceptedOn, deemed: false, actorId: e.actorId },
                  effects,
                );
              }),
            ),
          },
          'timer.fire': {
            guard: 'deemedAcceptanceDue',
            target: 'routing',
            actions: enqueueActions(
              update<'timer.fire'>((context, e, effects) => {
                const intake = closeIntake(context.intake!, 'deemedAccepted', effects);
                // Art. 32: accepted as of the day the materials (or the corrections) were received.
                const acceptedOn = intake.correctionsReceivedOn ?? intake.receivedOn;
                return accept(
                  { ...context, intake },
                  e.ctx,
                  { acceptedOn, deemed: true, actorId: null },
                  effects,
                );
              }),
            ),
          },
          'intake.requestCorrection': {
            guard: 'firstNotice',
            target: 'correction',
            actions: enqueueActions(
              update<'intake.requestCorrection'>((context, e, effects) => {
                if (e.items.length === 0)
                  throw new RunError(
                    'empty_correction_notice',
                    'A correction notice names at least one correction.',
                  );
                const intake = closeIntake(context.intake!, 'correction', effects);
                const notice: CorrectionNotice = {
                  items: e.items.map((i) => ({ subject: i.subject, reason: i.reason })),
                  ...(e.note ? { note: e.note } : {}),
                  actorId: e.actorId,
                  on: shanghaiDate(e.ctx.now),
                };
                effects.push({ type: 'case.correctionNotice', notice, at: e.ctx.now });
                return { intake: { ...intake, correctionNotice: notice } };
              }),
            ),
          },
          'intake.reject': { target: 'rejected', actions: enqueueActions(reject) },
          'case.withdraw': { target: 'withdrawn', actions: enqueueActions(withdraw) },
        },
      },
      // 补正: nothing runs until every correction is in (rule 6).
      correction: {
        on: {
          'correction.submit': {
            target: 'preReview',
            actions: enqueueActions(
              update<'correction.submit'>((context, e, effects) => {
                const on = shanghaiDate(e.ctx.now);
                const tokens = withVariables(context.tokens, e.variables);
                effects.push({
                  type: 'case.correctionsReceived',
                  on,
                  ...(e.note ? { note: e.note } : {}),
                  at: e.ctx.now,
                });
                const round = openIntake(context.intake!.round + 1, on, e.ctx, effects);
                return { tokens, intake: { ...context.intake!, ...round, correctionsReceivedOn: on } };
              }),
            ),
          },
          'intake.reject': { target: 'rejected', actions: enqueueActions(reject) },
          'case.withdraw': { target: 'withdrawn', actions: enqueueActions(withdraw) },
        },
      },
      // Transient: decides between waiting on steps and having concluded.
      routing: {
        always: [{ guard: 'processCompleted', target: 'concluded' }, { target: 'inProgress' }],
      },
      inProgress: {
        on: {
          'task.complete': {
            target: 'routing',
            actions: enqueueActions(
              update<'task.complete'>((context, e, effects) => {
                const waiting = context.tokens.waiting.find((t) => t.activationKey === e.activationKey);
                if (waiting && inPausedItem(context.tokens, context.itemPauses ?? [], waiting.scope))
                  throw new RunError(
                    'item_paused',
                    `Task ${e.activationKey} belongs to an item in a special procedure (Art. 45); resume the item first.`,
                  );
                const run = step(context.tokens, e.ctx, e.variables, (r) =>
                  completeTask(r, e.activationKey, e.outcome, e.error?.errorCode ?? null),
                );
                return settle(context, run, e.ctx, effects);
              }),
            ),
          },
          'task.return': {
            target: 'routing',
            actions: enqueueActions(
              update<'task.return'>((context, e, effects) => {
                const run = step(context.tokens, e.ctx, undefined, (r) =>
                  returnTask(r, e.activationKey, e.toElementId),
                );
                return settle(context, run, e.ctx, effects);
              }),
            ),
          },
          'case.withdraw': {
            target: 'withdrawn',
            actions: enqueueActions(
              update<'case.withdraw'>((context, e, effects) => {
                const run = createRun(definition, cloneTokenState(context.tokens), e.ctx);
                clearScope(run, ROOT_SCOPE);
                effects.push(...run.effects);
                let clock = context.clock ?? null;
                if (clock && clock.state !== 'stopped') {
                  clock = stepClock(
                    clock,
                    { type: 'clock.stop', on: shanghaiDate(e.ctx.now) },
                    e.ctx.calendar,
                  );
                  effects.push(clockEffect('stopped', clock, e.ctx));
                }
                return { ...withdrawal(e, effects), tokens: run.state, clock };
              }),
            ),
          },
          'timer.fire': {
            guard: 'timerHeld',
            target: 'routing',
            actions: enqueueActions(
              update<'timer.fire'>((context, e, effects) => {
                const run = step(context.tokens, e.ctx, undefined, (r) => fireTimer(r, e.key));
                return settle(context, run, e.ctx, effects);
              }),
            ),
          },
          'message.receive': {
            guard: 'messageAwaited',
            target: 'routing',
            actions: enqueueActions(
              update<'message.receive'>((context, e, effects) => {
                const run = step(context.tokens, e.ctx, e.variables, (r) =>
                  receiveMessage(r, e.name, e.correlation),
                );
                return settle(context, run, e.ctx, effects);
              }),
            ),
          },
          'incident.retry': {
            target: 'routing',
            actions: enqueueActions(
              update<'incident.retry'>((context, e, effects) => {
                const run = step(context.tokens, e.ctx, e.variables, (r) => retryIncident(r, e.key));
                if (!run.state.incidents.some((i) => i.key === e.key)) {
                  run.effects.push({
                    type: 'incident.resolve',
                    key: e.key,
                    resolution: 'retried',
                    at: e.ctx.now,
                  });
                }
                return settle(context, run, e.ctx, effects);
              }),
            ),
          },
          'clock.pause': {
            guard: 'clockRunning',
            actions: enqueueActions(
              update<'clock.pause'>((context, e, effects) => {
                checkPauseRequest(e);
                const on = shanghaiDate(e.ctx.now);
                const clock = stepClock(
                  context.clock!,
                  {
                    type: 'clock.pause',
                    on,
                    kind: e.kind,
                    ...(e.procedure ? { procedure: e.procedure } : {}),
                    reason: e.reason,
                    ...(e.expectedWorkingDays ? { expectedWorkingDays: e.expectedWorkingDays } : {}),
                  },
                  e.ctx.calendar,
                );
                const tokens = pauseTimers(context.tokens, e.ctx.now, effects);
                effects.push(clockEffect('paused', clock, e.ctx));
                moveWork('paused', e.ctx, on, null, effects);
                return { clock, tokens };
              }),
            ),
          },
          'clock.resume': {
            guard: 'clockPaused',
            actions: enqueueActions(
              update<'clock.resume'>((context, e, effects) => {
                const on = shanghaiDate(e.ctx.now);
                const clock = stepClock(
                  context.clock!,
                  { type: 'clock.resume', on, result: e.result },
                  e.ctx.calendar,
                );
                const tokens = resumeTimers(context.tokens, e.ctx.now, effects);
                effects.push(deadlineEffect(clock), clockEffect('resumed', clock, e.ctx));
                moveWork('resumed', e.ctx, on, null, effects);
                return { clock, tokens, deadline: deadlineOf(clock) };
              }),
            ),
          },
          'item.pause': {
            guard: 'itemsWorkable',
            actions: enqueueActions(
              update<'item.pause'>((context, e, effects) => {
                checkPauseRequest(e);
                const run = createRun(definition, context.tokens, e.ctx);
                const scopeKey = itemScope(run, e.itemCode);
                const pauses = context.itemPauses ?? [];
                if (pauses.some((p) => p.scopeKey === scopeKey))
                  throw new RunError('item_already_paused', `Item ${e.itemCode} is paused already.`, {
                    item: e.itemCode,
                  });
                const on = shanghaiDate(e.ctx.now);
                const pause: ItemPause = {
                  scopeKey,
                  itemCode: e.itemCode,
                  kind: e.kind,
                  procedure: e.procedure ?? null,
                  reason: e.reason,
                  expectedWorkingDays: e.expectedWorkingDays ?? null,
                  from: on,
                  actorId: e.actorId,
                };
                const tokens = pauseTimers(
                  context.tokens,
                  e.ctx.now,
                  effects,
                  timersWithin(context.tokens, [scopeKey]),
                );
                const item = { scopeKey, itemCode: e.itemCode };
                // The first paused item stops the joint clock (Art. 45); later ones find it stopped.
                if (context.clock?.state === 'running') {
                  const clock = stepClock(
                    context.clock,
                    {
                      type: 'clock.pause',
                      on,
                      kind: e.kind,
                      ...(e.procedure ? { procedure: e.procedure } : {}),
                      reason: e.reason,
                      ...(e.expectedWorkingDays ? { expectedWorkingDays: e.expectedWorkingDays } : {}),
                    },
                    e.ctx.calendar,
                  );
                  effects.push({ ...clockEffect('paused', clock, e.ctx), item });
                  moveWork('paused', e.ctx, on, item, effects);
                  return { clock, tokens, itemPauses: [...pauses, pause] };
                }
                effects.push({
                  type: 'item.clock',
                  change: 'paused',
                  ...item,
                  reason: e.reason,
                  procedure: e.procedure ?? null,
                  result: null,
                  on,
                  at: e.ctx.now,
                });
                moveWork('paused', e.ctx, on, item, effects);
                return { tokens, itemPauses: [...pauses, pause] };
              }),
            ),
          },
          'item.resume': {
            actions: enqueueActions(
              update<'item.resume'>((context, e, effects) => {
                const pauses = context.itemPauses ?? [];
                const pause = pauses.find((p) => p.itemCode === e.itemCode);
                if (!pause)
                  throw new RunError('item_not_paused', `Item ${e.itemCode} is not paused.`, {
                    item: e.itemCode,
                  });
                const rest = pauses.filter((p) => p !== pause);
                const on = shanghaiDate(e.ctx.now);
                const tokens = resumeTimers(
                  context.tokens,
                  e.ctx.now,
                  effects,
                  timersWithin(context.tokens, [pause.scopeKey]),
                );
                const item = { scopeKey: pause.scopeKey, itemCode: pause.itemCode };
                // The last paused item lets the joint clock count its remaining days again.
                if (rest.length === 0 && context.clock?.state === 'paused') {
                  const clock = stepClock(
                    context.clock,
                    { type: 'clock.resume', on, result: e.result },
                    e.ctx.calendar,
                  );
                  effects.push(deadlineEffect(clock), { ...clockEffect('resumed', clock, e.ctx), item });
                  moveWork('resumed', e.ctx, on, item, effects);
                  return { clock, tokens, itemPauses: rest, deadline: deadlineOf(clock) };
                }
                effects.push({
                  type: 'item.clock',
                  change: 'resumed',
                  ...item,
                  reason: pause.reason,
                  procedure: pause.procedure,
                  result: e.result,
                  on,
                  at: e.ctx.now,
                });
                moveWork('resumed', e.ctx, on, item, effects);
                return { tokens, itemPauses: rest };
              }),
            ),
          },
          'clock.extend': {
            actions: enqueueActions(
              update<'clock.extend'>((context, e, effects) => {
                if (!context.clock)
                  throw new RunError('no_clock', 'This process has no statutory limit to extend.');
                const clock = stepClock(
                  context.clock,
                  {
                    type: 'clock.extend',
                    on: shanghaiDate(e.ctx.now),
                    workingDays: e.workingDays,
                    maxWorkingDays: maxExtension(definition),
                    approverId: e.approverId,
                    reason: e.reason,
                  },
                  e.ctx.calendar,
                );
                // While paused the deadline stays put aside; resuming counts the extension in.
                const paused = clock.state === 'paused';
                if (!paused) effects.push(deadlineEffect(clock));
                effects.push(clockEffect('extended', clock, e.ctx));
                return paused ? { clock } : { clock, deadline: deadlineOf(clock) };
              }),
            ),
          },
        },
      },
      // 办结: decided; the results are issued within the issuance deadline.
      concluded: {
        on: {
          'case.deliver': {
            target: 'delivered',
            actions: enqueueActions(
              update<'case.deliver'>((_, e, effects) => {
                effects.push({ type: 'case.delivered', method: e.method, at: e.ctx.now });
                return { deliveredAt: e.ctx.now };
              }),
            ),
          },
        },
      },
      delivered: { type: 'final' },
      rejected: { type: 'final' },
      // 撤回申请: withdrawn by the applicant before a decision.
      withdrawn: { type: 'final' },
    },
  });
}

/**
 * Every transition of the case machine computes a context update and a list of effects from the
 * context and the event; this turns such a function into the `enqueueActions` body that assigns the
 * update and then emits the effects, in that order.
 */
function update<T extends CaseEvent['type']>(
  compute: (
    context: CaseContext,
    event: Extract<MachineEvent, { type: T }>,
    effects: Effect[],
  ) => Partial<CaseContext>,
) {
  // biome-ignore lint/suspicious/noExplicitAny: xstate's enqueue type is internal.
  return ({ enqueue, context, event }: { enqueue: any; context: CaseContext; event: MachineEvent }) => {
    const effects: Effect[] = [];
    enqueue.assign(compute(context, event as Extract<MachineEvent, { type: T }>, effects));
    for (const effect of effects) enqueue({ type: 'effect', params: effect });
  };
}

/** 不予受理 at the window, from pre-review or while corrections are awaited. */
const reject = update<'intake.reject'>((context, e, effects) => {
  if (!e.reason.trim()) throw new RunError('reason_required', 'A refusal at intake states its reason.');
  const intake = context.intake?.deemedTimerKey
    ? closeIntake(context.intake, 'rejected', effects)
    : context.intake!;
  effects.push({ type: 'case.rejected', reason: e.reason, at: e.ctx.now });
  return {
    intake: { ...intake, rejection: { reason: e.reason, actorId: e.actorId, on: shanghaiDate(e.ctx.now) } },
    concludedAt: e.ctx.now,
  };
});

/** 撤回申请: the reason is required; the case ends with it. */
function withdrawal(
  e: Extract<MachineEvent, { type: 'case.withdraw' }>,
  effects: Effect[],
): Partial<CaseContext> {
  if (!e.reason.trim()) throw new RunError('reason_required', 'A withdrawal states its reason.');
  effects.push({ type: 'case.withdrawn', reason: e.reason, at: e.ctx.now });
  return { concludedAt: e.ctx.now };
}

/** 撤回申请 at the window or while corrections are awaited: the intake round closes. */
const withdraw = update<'case.withdraw'>((context, e, effects) => {
  const intake =
    context.intake?.deemedTimerKey != null
      ? closeIntake(context.intake, 'withdrawn', effects)
      : context.intake;
  return { ...withdrawal(e, effects), intake: intake ?? null };
});

/** The tokens with an event's variables (form answers, corrections) merged into the case's. */
function withVariables(tokens: Partial<TokenState>, variables: Variables | undefined): TokenState {
  const next = cloneTokenState(tokens);
  if (variables !== undefined) next.variables = mergeVariables(next.variables, variables);
  return next;
}

/** Event variables merged over the case's: a JSON copy, so the snapshot shares nothing with the caller. */
function mergeVariables(current: Variables, variables: Variables): Variables {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new RunError('bad_variables', 'Event variables must be a JSON object of names to values.');
  }
  return { ...current, ...JSON.parse(JSON.stringify(variables)) };
}

export type CaseMachine = ReturnType<typeof createCaseMachine>;
