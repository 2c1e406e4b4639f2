import { addWorkingDays } from '../calendar/addWorkingDays';
import { endOfShanghaiDay, shanghaiDate } from '../calendar/workCalendar';
import { type ClockSnapshot, startClock, stepClock } from '../clock/statutoryClock';
import {
  extendedClockBasis,
  moveWorkDeadlines,
  type PausedScope,
  pausedWorkingDays,
  resumedClockBasis,
} from '../clock/workDeadlines';
import type { ProcessDefinition } from '../definition/types';
import { deadlineFor, governingLimit } from './deadlines';
import type { ClockChangedEffect, Effect } from './effects';
import type { StepContext, TimerRecord, TokenState } from './tokens';

/** Art. 32: corrections are told at once, on the spot or within 5 working days of receipt. */
export const CORRECTION_NOTICE_WORKING_DAYS = 5;
/** Art. 44: the result is issued within 10 working days of the decision. */
export const ISSUANCE_WORKING_DAYS = 10;
/** Art. 42: one extension of up to 10 working days for an item, 15 for a joint bundle. */
export const MAX_EXTENSION_ITEM = 10;
export const MAX_EXTENSION_JOINT = 15;

/** 一次性补正告知: what is missing or wrong, all of it, told once. */
export interface CorrectionNotice {
  items: { subject: string; reason: string }[];
  note?: string;
  actorId: string;
  on: string;
}

/** 预审 → 受理: how the case got (or did not get) past the window. */
export interface IntakeState {
  /** The day the materials were received (filing); deemed acceptance dates back to it. */
  receivedOn: string;
  round: number;
  activationKey: string;
  /** The timer that applies deemed acceptance when the window does not act in time. */
  deemedTimerKey: string | null;
  correctionNotice: CorrectionNotice | null;
  correctionsReceivedOn: string | null;
  acceptedOn: string | null;
  acceptedBy: string | null;
  deemed: boolean;
  rejection: { reason: string; actorId: string; on: string } | null;
}

export interface IssuanceDeadline {
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** A bundle of several items is handled jointly (Art. 26): its extension may be up to 15. */
export function maxExtension(definition: ProcessDefinition): number {
  const items = new Set(
    Object.values(definition.nodes)
      .map((n) => n.itemCode)
      .filter(Boolean),
  );
  return items.size > 1 ? MAX_EXTENSION_JOINT : MAX_EXTENSION_ITEM;
}

/**
 * Opens an intake round at the window. Its due date is the 5th working day after the day the
 * materials (or the corrections) came in; a timer just after that day applies deemed acceptance.
 */
export function openIntake(
  round: number,
  receivedOn: string,
  ctx: StepContext,
  effects: Effect[],
): Pick<IntakeState, 'round' | 'activationKey' | 'deemedTimerKey'> {
  const due = addWorkingDays(ctx.calendar, receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
  const dueAt = endOfShanghaiDay(due.date);
  const activationKey = `intake#${round}`;
  const deemedTimerKey = `intake:deemedAcceptance#${round}`;
  effects.push(
    {
      type: 'intake.open',
      activationKey,
      round,
      receivedOn,
      dueDate: due.date,
      dueAt,
      dueProvisional: due.provisional,
    },
    {
      type: 'timer.schedule',
      key: deemedTimerKey,
      // The first instant after the notice deadline day: only then is the notice missed.
      dueAt: new Date(Date.parse(dueAt) + 1).toISOString(),
      elementId: 'intake',
    },
  );
  return { round, activationKey, deemedTimerKey };
}

/**
 * The open intake round counted again with a new calendar: the notice deadline (5 working days
 * after the materials or corrections came in) and the deemed-acceptance timer move with it, so
 * Art. 32's deemed acceptance cannot fire a working day early. Emits nothing when nothing moved.
 */
export function recountIntake(intake: IntakeState, ctx: StepContext, effects: Effect[]): void {
  if (!intake.deemedTimerKey) return;
  const receivedOn = intake.correctionsReceivedOn ?? intake.receivedOn;
  const due = addWorkingDays(ctx.calendar, receivedOn, CORRECTION_NOTICE_WORKING_DAYS);
  const dueAt = endOfShanghaiDay(due.date);
  effects.push(
    {
      type: 'intake.deadline',
      activationKey: intake.activationKey,
      receivedOn,
      dueDate: due.date,
      dueAt,
      dueProvisional: due.provisional,
    },
    {
      type: 'timer.schedule',
      key: intake.deemedTimerKey,
      dueAt: new Date(Date.parse(dueAt) + 1).toISOString(),
      elementId: 'intake',
    },
  );
}

/** The issuance deadline (Art. 44) counted again from the decision day; null when it did not move. */
export function recountIssuance(
  issuance: IssuanceDeadline,
  ctx: StepContext,
  effects: Effect[],
): IssuanceDeadline | null {
  const due = deadlineFor(
    { value: ISSUANCE_WORKING_DAYS, unit: 'workingDays', kind: 'statutory' },
    { ...ctx, now: endOfShanghaiDay(issuance.startDate) },
  );
  if (due.dueDate === issuance.dueDate && due.provisional === issuance.provisional) return null;
  const next = {
    startDate: due.startDate,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
  };
  effects.push({ type: 'case.issuance', ...next });
  return next;
}

/** Closes the open intake round and its deemed-acceptance timer. */
export function closeIntake(
  intake: IntakeState,
  outcome: 'accepted' | 'deemedAccepted' | 'correction' | 'rejected' | 'withdrawn',
  effects: Effect[],
): IntakeState {
  effects.push({ type: 'intake.close', activationKey: intake.activationKey, outcome });
  if (intake.deemedTimerKey && outcome !== 'deemedAccepted')
    effects.push({ type: 'timer.cancel', key: intake.deemedTimerKey });
  return { ...intake, deemedTimerKey: null };
}

/**
 * Starts the statutory clock of an accepted case, counting from the day after `acceptedOn`
 * (next-day counting). A process without a limit has no clock.
 */
export function startCaseClock(
  definition: ProcessDefinition,
  acceptedOn: string,
  ctx: StepContext,
  effects: Effect[],
): ClockSnapshot | null {
  const limit = governingLimit(definition.limits);
  if (!limit) return null;
  const clock = startClock(limit, acceptedOn, ctx.calendar);
  effects.push(deadlineEffect(clock), clockEffect('started', clock, ctx, acceptedOn));
  return clock;
}

export function deadlineEffect(clock: ClockSnapshot): Effect {
  return {
    type: 'case.deadline',
    limit: clock.context.limit,
    startDate: clock.context.startDate,
    dueDate: clock.context.dueDate,
    dueAt: clock.context.dueAt,
    provisional: clock.context.provisional,
  };
}

export function clockEffect(
  change: 'started' | 'paused' | 'resumed' | 'extended' | 'stopped' | 'recounted',
  clock: ClockSnapshot,
  ctx: StepContext,
  on = shanghaiDate(ctx.now),
): ClockChangedEffect {
  const effect: ClockChangedEffect = { type: 'case.clock', change, clock, on, at: ctx.now };
  // The case deadline's new basis and, on resume, the days the pause lasted (clock/workDeadlines.ts).
  if (change === 'resumed') {
    effect.basis = resumedClockBasis(clock, on);
    effect.pausedWorkingDays = pausedWorkingDays(ctx.calendar, clock.context.pauses.at(-1)!.from, on);
  } else if (change === 'extended') {
    effect.basis = extendedClockBasis(clock, on, ctx.calendar);
  }
  return effect;
}

/**
 * A pause or resume on `on` moves the open step and item deadlines the host passed in
 * (`ctx.openDeadlines`): of the whole case, or with `only` of one item. Their `task.deadline` /
 * `item.deadline` effects follow the clock effect, so the host writes them after it.
 */
export function moveWork(
  change: 'paused' | 'resumed',
  ctx: StepContext,
  on: string,
  only: PausedScope | null,
  effects: Effect[],
): void {
  effects.push(...moveWorkDeadlines(change, ctx.openDeadlines ?? [], { on, calendar: ctx.calendar, only }));
}

/** Stops the clock at the decision and sets the separate issuance deadline (Art. 44). */
export function concludeClock(
  clock: ClockSnapshot | null,
  ctx: StepContext,
  effects: Effect[],
): { clock: ClockSnapshot | null; issuance: IssuanceDeadline } {
  let stopped = clock;
  if (clock && clock.state !== 'stopped') {
    stopped = stepClock(clock, { type: 'clock.stop', on: shanghaiDate(ctx.now) }, ctx.calendar);
    effects.push(clockEffect('stopped', stopped, ctx));
  }
  const due = deadlineFor({ value: ISSUANCE_WORKING_DAYS, unit: 'workingDays', kind: 'statutory' }, ctx);
  const issuance = {
    startDate: due.startDate,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
  };
  effects.push({ type: 'case.issuance', ...issuance });
  return { clock: stopped, issuance };
}

/**
 * A paused case (or, with `only`, a paused item) keeps its BPMN timers with the time they had left and cancels them at the host;
 * a timer armed while paused is paused at once. Timers already paused are left alone.
 */
export function pauseTimers(
  tokens: TokenState,
  now: string,
  effects: Effect[],
  only: (timer: TimerRecord) => boolean = () => true,
): TokenState {
  if (!tokens.timers.some((t) => t.remainingMs === undefined && only(t))) return tokens;
  const at = Date.parse(now);
  const timers: TimerRecord[] = tokens.timers.map((t) => {
    if (t.remainingMs !== undefined || !only(t)) return t;
    effects.push({ type: 'timer.cancel', key: t.key });
    return { ...t, remainingMs: Math.max(0, Date.parse(t.dueAt) - at) };
  });
  return { ...tokens, timers };
}

/** Resuming schedules each paused timer again for the time it had left. */
export function resumeTimers(
  tokens: TokenState,
  now: string,
  effects: Effect[],
  only: (timer: TimerRecord) => boolean = () => true,
): TokenState {
  if (!tokens.timers.some((t) => t.remainingMs !== undefined && only(t))) return tokens;
  const at = Date.parse(now);
  const timers: TimerRecord[] = tokens.timers.map((t) => {
    if (t.remainingMs === undefined || !only(t)) return t;
    const { remainingMs, ...rest } = t;
    const dueAt = new Date(at + remainingMs).toISOString();
    effects.push({ type: 'timer.schedule', key: t.key, dueAt, elementId: t.elementId });
    return { ...rest, dueAt };
  });
  return { ...tokens, timers };
}
