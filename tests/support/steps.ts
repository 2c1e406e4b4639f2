import type { ApiClient } from '@yijian/examples';

/**
 * Works a department step as its clerk would: 办结 (`/complete`), or 准予许可 at an item's decision
 * step, which the server refuses to complete (`decision_step_needs_decision`). Tasks from a task
 * view carry `decisionStep`; ids from a case's `openTasks` are tried as 办结 first.
 */
export async function concludeStep(
  clerk: ApiClient,
  task: string | { id: string; decisionStep?: boolean },
  options: { comment?: string; headers?: Record<string, string> } = {},
) {
  const id = typeof task === 'string' ? task : task.id;
  const grant = () =>
    clerk.post(
      `/api/tasks/${id}/decision`,
      { decision: 'grant', ...(options.comment ? { reasons: options.comment } : {}) },
      options.headers,
    );
  if (typeof task !== 'string' && task.decisionStep) return grant();
  const done = await clerk.post(
    `/api/tasks/${id}/complete`,
    { outcome: 'approved', ...(options.comment ? { comment: options.comment } : {}) },
    options.headers,
  );
  if (done.status === 409 && done.body?.error?.code === 'decision_step_needs_decision') return grant();
  return done;
}
