import { countWorkingDays, workingDaysBetween } from '../calendar/addWorkingDays';
import { endOfShanghaiDay, type WorkCalendar } from '../calendar/workCalendar';
import type { Limit } from '../definition/types';
import { deadlineFor } from '../runtime/deadlines';
import type { ClockBasis, ItemDeadlineEffect, TaskDeadlineEffect } from '../runtime/effects';
import { type ClockSnapshot, dueOnResume } from './statutoryClock';

/**
 * The deadlines of a case's open work that the host keeps (a step's, an item's) and the
 * statutory rules that move them when the case's clock stops, counts again or the calendar
 * changes: a pause sets each deadline aside with the working days it had left (the days of a
 * special procedure or a correction are not counted, 《行政许可法》第四十五条), resuming counts
 * them again from the resume day, and a new holiday notice counts each again from its basis.
 *
 * The engine does not hold these rows (a step's due date lives with its task), so the host passes
 * what it holds (`StepContext.openDeadlines`); `transition` emits the `task.deadline` /
 * `item.deadline` effects of a pause or resume itself (`moveWorkDeadlines`), and a new calendar's
 * recount is `recountDeadline`. The host only writes them. Pure: the day and the calendar are
 * passed in.
 */
export interface OpenDeadline {
  kind: 'task' | 'item';
  /** The task id, or the item's scope key. */
  key: string;
  /** The item a step belongs to: one item's pause sets aside only its own steps. */
  itemCode?: string | null;
  /** The current due date; null when the step has no limit. */
  dueDate: string | null;
  /** Set aside by a pause (an item's status is `paused`, a step keeps `pausedRemaining`). */
  paused: boolean;
  /** Working days left when it was set aside (negative: that many days overdue). */
  pausedRemaining: number | null;
  /** What the deadline was counted from, so a new calendar can count it again. */
  startDate: string | null;
  limit: Limit | null;
}

export type WorkDeadlineEffect = TaskDeadlineEffect | ItemDeadlineEffect;

function effectFor(
  work: OpenDeadline,
  fields: Omit<TaskDeadlineEffect, 'type' | 'taskId'>,
): WorkDeadlineEffect {
  return work.kind === 'task'
    ? { type: 'task.deadline', taskId: work.key, ...fields }
    : { type: 'item.deadline', scopeKey: work.key, ...fields };
}

/**
 * Pause: every counting deadline is set aside with the working days it had left on `on` (the
 * pause day is the last one counted). Its reminders and 催办 stop (`dueAt` null).
 */
export function setAsideDeadlines(
  work: readonly OpenDeadline[],
  at: { on: string; calendar: WorkCalendar },
): WorkDeadlineEffect[] {
  return work
    .filter((w) => !w.paused && w.dueDate !== null)
    .map((w) =>
      effectFor(w, {
        change: 'paused',
        dueDate: w.dueDate!,
        dueAt: null,
        provisional: null,
        pausedRemaining: workingDaysBetween(at.calendar, at.on, w.dueDate!),
        basis: null,
      }),
    );
}

/**
 * Resume: each set-aside deadline gets the working days it had left again, counted from `on`
 * (one overdue before the pause stays as overdue). Its basis becomes what was left, from the
 * resume day, so a calendar loaded later counts from there.
 */
export function resumeDeadlines(
  work: readonly OpenDeadline[],
  at: { on: string; calendar: WorkCalendar },
): WorkDeadlineEffect[] {
  return work
    .filter((w) => w.paused)
    .map((w) => {
      const remaining = w.pausedRemaining ?? 0;
      const due = dueOnResume(at.calendar, at.on, remaining);
      // A step's basis is always a statutory count of working days; an item keeps its limit's kind.
      const limit: Limit =
        w.kind === 'task'
          ? { value: Math.max(0, remaining), unit: 'workingDays', kind: 'statutory' }
          : {
              ...(w.limit ?? { kind: 'statutory' }),
              value: Math.max(0, remaining),
              unit: 'workingDays',
            };
      return effectFor(w, {
        change: 'resumed',
        dueDate: due.date,
        dueAt: endOfShanghaiDay(due.date),
        provisional: due.provisional,
        pausedRemaining: null,
        basis: { startDate: remaining >= 0 ? at.on : due.date, limit },
      });
    });
}

/** The work a pause or resume concerns: the whole case's, or (with `only`) one item's steps and clock. */
export interface PausedScope {
  scopeKey: string;
  itemCode: string;
}

/**
 * The deadlines a pause (`paused`) or resume (`resumed`) on `on` moves: of the whole case, or with
 * `only`, of that item's steps and its item clock (Art. 45, one item's special procedure).
 */
export function moveWorkDeadlines(
  change: 'paused' | 'resumed',
  work: readonly OpenDeadline[],
  at: { on: string; calendar: WorkCalendar; only: PausedScope | null },
): WorkDeadlineEffect[] {
  const { only } = at;
  const concerned = only
    ? work.filter((w) => (w.kind === 'task' ? w.itemCode === only.itemCode : w.key === only.scopeKey))
    : work;
  return change === 'paused' ? setAsideDeadlines(concerned, at) : resumeDeadlines(concerned, at);
}

/**
 * A new calendar: the deadline counted again from its basis. A set-aside one keeps waiting; only
 * the working days it had left on `pausedSince` (the day its case paused) change.
 */
export function recountDeadline(
  work: OpenDeadline & { startDate: string; limit: Limit },
  at: { calendar: WorkCalendar; pausedSince: string },
): WorkDeadlineEffect {
  const due = deadlineFor(work.limit, { now: endOfShanghaiDay(work.startDate), calendar: at.calendar });
  return effectFor(work, {
    change: 'recounted',
    dueDate: due.dueDate,
    dueAt: work.paused ? null : due.dueAt,
    provisional: due.provisional,
    pausedRemaining: work.paused ? countWorkingDays(at.calendar, at.pausedSince, due.dueDate).days : null,
    basis: null,
  });
}

/**
 * Resumed on `on`: the case deadline counts what was left at the pause from the resume day; one
 * already expired before the pause is its own basis (as overdue as it was).
 */
export function resumedClockBasis(clock: ClockSnapshot, on: string): ClockBasis {
  const pause = clock.context.pauses.at(-1)!;
  return {
    startDate: pause.remainingAtPause >= 0 ? on : clock.context.dueDate,
    limit: { ...clock.context.limit, value: Math.max(0, pause.remainingAtPause), unit: 'workingDays' },
  };
}

/** Extended on `on` (延期, Art. 42): the basis is the working days left as of that day. */
export function extendedClockBasis(clock: ClockSnapshot, on: string, calendar: WorkCalendar): ClockBasis {
  return {
    startDate: on,
    limit: {
      ...clock.context.limit,
      value: Math.max(0, workingDaysBetween(calendar, on, clock.context.dueDate)),
      unit: 'workingDays',
    },
  };
}

/** How many working days a pause that began on `from` and ended on `on` kept the clock stopped. */
export function pausedWorkingDays(calendar: WorkCalendar, from: string, on: string): number {
  return workingDaysBetween(calendar, from, on);
}
