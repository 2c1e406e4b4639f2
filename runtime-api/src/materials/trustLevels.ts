/**
 * 电子证照信任等级 (DOMAIN rule 18): A issued by the authority (use directly), B verified by a clerk
 * (reusable), C uploaded by the user (a clerk must verify before reuse), D self-declared.
 */
export const trustLevels = ['A', 'B', 'C', 'D'] as const;
export type Trust = (typeof trustLevels)[number];

/** Whether `trust` is at least as strong as `floor` (A is the strongest); no floor accepts anything. */
export function meetsTrust(trust: Trust, floor: Trust | null): boolean {
  return floor === null || trustLevels.indexOf(trust) <= trustLevels.indexOf(floor);
}

/** The weakest trust another case may reuse without a clerk looking again. */
export const REUSABLE_TRUST: Trust = 'B';

/** A user's own upload, until a clerk has checked it. */
export const UPLOAD_TRUST: Trust = 'C';
