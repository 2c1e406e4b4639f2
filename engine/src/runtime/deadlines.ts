import { addCalendarPeriod } from '../calendar/addCalendarPeriod';
import { addWorkingDays } from '../calendar/addWorkingDays';
import { endOfShanghaiDay, shanghaiDate, type WorkCalendar } from '../calendar/workCalendar';
import type { Limit } from '../definition/types';
import type { StepContext } from './tokens';

export interface Deadline {
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/**
 * Deadlines already counted, per calendar object. A calendar is immutable data (a new notice
 * gives a new object), so a deadline depends only on the limit and the start date: every task of
 * a step opened on the same day shares one count instead of walking the days again.
 */
const counted = new WeakMap<WorkCalendar, Map<string, Deadline>>();
const MAX_COUNTED = 10_000;

/** The deadline of a limit that starts counting at `ctx.now` (the day of the act does not count). */
export function deadlineFor(limit: Limit, ctx: StepContext): Deadline {
  const startDate = shanghaiDate(ctx.now);
  let memo = counted.get(ctx.calendar);
  if (!memo) {
    memo = new Map();
    counted.set(ctx.calendar, memo);
  }
  const key = `${limit.unit} ${limit.value} ${startDate}`;
  let deadline = memo.get(key);
  if (!deadline) {
    const { date, provisional } =
      limit.unit === 'workingDays'
        ? addWorkingDays(ctx.calendar, startDate, limit.value)
        : addCalendarPeriod(ctx.calendar, startDate, limit.value, limit.unit);
    deadline = Object.freeze({ startDate, dueDate: date, dueAt: endOfShanghaiDay(date), provisional });
    if (memo.size >= MAX_COUNTED) memo.clear();
    memo.set(key, deadline);
  }
  return deadline;
}

/**
 * The limit a clock runs against: the promised limit when the agency made one (it is never
 * longer than the statutory one), otherwise the statutory limit.
 */
export function governingLimit(limits: readonly Limit[]): Limit | undefined {
  return limits.find((l) => l.kind === 'promised') ?? limits.find((l) => l.kind === 'statutory');
}
