/**
 * `npm run example:restaurant`: drives one whole restaurant case through the HTTP API as the
 * applicant and the clerks would, printing each step. Against a running Yijian when
 * YIJIAN_URL is set; otherwise it starts one (embedded PostgreSQL unless DATABASE_URL is set).
 */

import { ApiClient, restaurantForm } from './src/apiClient';
import { say, withYijian } from './src/withYijian';

async function runCase(baseUrl: string): Promise<void> {
  say(`· Yijian at ${baseUrl}`);
  const applicant = await new ApiClient(baseUrl).login('zhangsan');
  const filed = await applicant.post(
    '/api/cases',
    { bundleKey: 'restaurant', form: restaurantForm },
    { 'Idempotency-Key': `example-${Date.now()}` },
  );
  if (filed.status !== 201) throw new Error(`filing failed: ${JSON.stringify(filed.body)}`);
  const caseId: string = filed.body.id;
  say(
    `1. 张三 files 开办餐馆 for ${restaurantForm['shop.name']}: case ${filed.body.caseNumber} (${filed.body.status})`,
  );

  // 受理: the lead department's window accepts the case, and the statutory clock starts.
  const window = await new ApiClient(baseUrl).login('market.clerk');
  const intake = filed.body.tasks.find((t: { kind: string }) => t.kind === 'intake');
  const accepted = await window.post(`/api/tasks/${intake.id}/intake`, { decision: 'accept' });
  if (accepted.status !== 200) throw new Error(`acceptance failed: ${JSON.stringify(accepted.body)}`);
  say(`2. 王芳 accepts it at the window; the case is due ${accepted.body.clock.dueDate}`);

  // Then every department works its open steps, in the order the chain opens them.
  const clerks = new Map<string, ApiClient>();
  let n = 3;
  for (let round = 0; round < 60; round++) {
    const open = (await applicant.get(`/api/cases/${caseId}`)).body.openTasks as {
      id: string;
      name: { zh: string };
      departmentId: string;
    }[];
    if (open.length === 0) break;
    const task = open[0]!;
    const username = `${task.departmentId}.clerk`;
    if (!clerks.has(username)) clerks.set(username, await new ApiClient(baseUrl).login(username));
    const clerk = clerks.get(username)!;
    const claimed = await clerk.post(`/api/tasks/${task.id}/claim`);
    // An item's decision step concludes with 准予许可 (a decision), every other step with 办结.
    const done = claimed.body.decisionStep
      ? await clerk.post(`/api/tasks/${task.id}/decision`, {
          decision: 'grant',
          reasons: '材料齐全，准予许可',
        })
      : await clerk.post(`/api/tasks/${task.id}/complete`, { outcome: 'approved', comment: '准予许可' });
    if (done.status !== 200)
      throw new Error(`completing ${task.name.zh} failed: ${JSON.stringify(done.body)}`);
    say(`${n++}. ${username} approves ${task.name.zh}`);
  }

  const final = (await applicant.get(`/api/cases/${caseId}`)).body;
  say(`${n}. case ${final.caseNumber} is ${final.status}. Timeline:`);
  for (const e of final.timeline) {
    const at = new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    say(`   ${at}  ${e.type.padEnd(22)} ${(e.name?.zh ?? '').padEnd(24)} ${e.actor?.displayName ?? '系统'}`);
  }
  if (final.status !== 'concluded') throw new Error('the case did not conclude');
}

withYijian(runCase).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
