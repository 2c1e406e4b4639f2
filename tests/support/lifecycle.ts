import { ApiClient } from '@yijian/examples';

/**
 * 受理: the lead department's window clerk accepts a freshly filed case, so its department steps
 * open. Tests that are not about intake call this right after filing. Returns the case as the
 * clerk sees it after acceptance.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
export async function acceptAtWindow(serverUrl: string, caseId: string): Promise<any> {
  const admin = await new ApiClient(serverUrl).login('admin');
  const kase = await admin.get(`/api/cases/${caseId}`);
  if (kase.status !== 200) throw new Error(`case ${caseId}: ${kase.status} ${JSON.stringify(kase.body)}`);
  const intake = (
    kase.body.tasks as { id: string; kind: string; status: string; departmentId: string }[]
  ).find((t) => t.kind === 'intake' && (t.status === 'open' || t.status === 'claimed'));
  if (!intake) throw new Error(`case ${caseId} has no open intake step (status ${kase.body.status})`);
  const clerk = await new ApiClient(serverUrl).login(`${intake.departmentId}.clerk`);
  const accepted = await clerk.post(`/api/tasks/${intake.id}/intake`, { decision: 'accept' });
  if (accepted.status !== 200)
    throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body;
}
