import { addCalendarPeriod } from '../calendar/addCalendarPeriod';
import { addWorkingDays } from '../calendar/addWorkingDays';
import { endOfShanghaiDay, shanghaiDate } from '../calendar/workCalendar';
import type { Limit } from '../definition/types';
import type { StepContext } from './tokens';

export interface Deadline {
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** The deadline of a limit that starts counting at `ctx.now` (the day of the act does not count). */
export function deadlineFor(limit: Limit, ctx: StepContext): Deadline {
  const startDate = shanghaiDate(ctx.now);
  const { date, provisional } =
    limit.unit === 'workingDays'
      ? addWorkingDays(ctx.calendar, startDate, limit.value)
      : addCalendarPeriod(ctx.calendar, startDate, limit.value, limit.unit);
  return { startDate, dueDate: date, dueAt: endOfShanghaiDay(date), provisional };
}

/**
 * The limit a clock runs against: the promised limit when the agency made one (it is never
 * longer than the statutory one), otherwise the statutory limit.
 */
export function governingLimit(limits: readonly Limit[]): Limit | undefined {
  return limits.find((l) => l.kind === 'promised') ?? limits.find((l) => l.kind === 'statutory');
}
