import { shanghaiDate, type WorkCalendar, warningLight, workingDaysBetween } from '@yijian/engine';
import { z } from 'zod';

/**
 * How an item (for its steps) or a bundle (for the case) warns about its deadline (DOMAIN rules
 * 13 and 14). Every field has the default the rules name, so `{}` is a complete policy.
 */
export const warningPolicySchema = z
  .object({
    /** Yellow when at most this many working days remain. */
    yellowWithinWorkingDays: z.number().int().min(0).max(60).default(1),
    /** …or when at most this share of the limit remains (e.g. 0.2), whichever is earlier. */
    yellowShare: z.number().gt(0).lt(1).nullable().default(null),
    /** 提醒: a reminder this many working days before the deadline; 0 sends none. */
    remindBeforeWorkingDays: z.number().int().min(0).max(60).default(1),
    /** 督办: escalation this many working days after 催办. */
    superviseAfterWorkingDays: z.number().int().min(1).max(60).default(5),
  })
  .strict();

export type WarningPolicy = z.infer<typeof warningPolicySchema>;

/** A stored policy (jsonb, possibly `{}` or written by an earlier version) with defaults filled in. */
export function readWarningPolicy(stored: unknown): WarningPolicy {
  const parsed = warningPolicySchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : warningPolicySchema.parse({});
}

/**
 * The light of a deadline under a policy: red once overdue, yellow within the threshold (in
 * working days, or as a share of the limit when the policy sets one).
 */
export function lightUnder(
  policy: WarningPolicy,
  calendar: WorkCalendar,
  deadline: { dueAt: string; startDate?: string | null },
  now: string,
) {
  let yellowWithin = policy.yellowWithinWorkingDays;
  if (policy.yellowShare !== null && deadline.startDate) {
    const span = workingDaysBetween(calendar, deadline.startDate, shanghaiDate(deadline.dueAt));
    yellowWithin = Math.max(yellowWithin, Math.floor(span * policy.yellowShare));
  }
  return warningLight(calendar, deadline.dueAt, now, yellowWithin);
}
