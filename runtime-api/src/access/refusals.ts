import { caseActions } from '../http/errorCodes';
import { ApiError, stateName } from '../http/errors';
import type { Refusal } from './allowedActions';

/**
 * Throws what a rule of allowedActions.ts (a task's or a case's) refuses, with its stable code (and the task's state in
 * words for `task_not_open`); nothing when it allows. The commands' side of the one copy.
 */
export function refuseIf(refusal: Refusal | null): void {
  if (!refusal) return;
  switch (refusal.code) {
    case 'task_not_open':
      throw new ApiError('task_not_open', { status: stateName(refusal.status) });
    case 'task_claimed_by_other':
      throw new ApiError('task_claimed_by_other');
    case 'task_not_yours':
      throw new ApiError('task_not_yours');
    case 'delegation_pending':
      throw new ApiError('delegation_pending');
    case 'not_lead_department':
      throw new ApiError('not_lead_department');
    case 'case_not_concluded':
      throw new ApiError('case_not_concluded');
    case 'case_not_in_progress':
      throw new ApiError('case_not_in_progress', {
        action: caseActions[refusal.action],
        status: stateName(refusal.status),
      });
  }
}
