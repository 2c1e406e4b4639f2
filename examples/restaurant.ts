/**
 * `npm run example:restaurant`: drives one whole restaurant case through the HTTP API as the
 * applicant and the clerks would, printing each step. Against a running Yijian when
 * YIJIAN_URL is set; otherwise it starts one (embedded PostgreSQL unless DATABASE_URL is set).
 */

import { restaurantForm } from './src/apiClient';
import { type ApiClient, must, signIn } from './src/typedClient';
import { say, withYijian } from './src/withYijian';

async function runCase(baseUrl: string): Promise<void> {
  say(`· Yijian at ${baseUrl}`);
  const applicant = await signIn(baseUrl, 'zhangsan');
  const filed = must(
    'filing',
    await applicant.POST('/api/cases', {
      body: { bundleKey: 'restaurant', form: restaurantForm },
      headers: { 'Idempotency-Key': `example-${Date.now()}` },
    }),
  );
  say(
    `1. 张三 files 开办餐馆 for ${restaurantForm['shop.name']}: case ${filed.caseNumber} (${filed.status})`,
  );

  // 受理: the lead department's window accepts the case, and the statutory clock starts.
  const window = await signIn(baseUrl, 'market.clerk');
  const intake = filed.tasks.find((t) => t.kind === 'intake');
  if (!intake) throw new Error('no intake step');
  const accepted = must(
    'acceptance',
    await window.POST('/api/tasks/{id}/intake', {
      params: { path: { id: intake.id } },
      body: { decision: 'accept' },
    }),
  );
  say(`2. 王芳 accepts it at the window; the case is due ${accepted.clock.dueDate}`);

  // Then every department works its open steps, in the order the chain opens them.
  const clerks = new Map<string, ApiClient>();
  const byId = { params: { path: { id: filed.id } } };
  let n = 3;
  for (let round = 0; round < 60; round++) {
    const open = must('reading the case', await applicant.GET('/api/cases/{id}', byId)).openTasks;
    const task = open[0];
    if (!task) break;
    const username = `${task.departmentId}.clerk`;
    if (!clerks.has(username)) clerks.set(username, await signIn(baseUrl, username));
    const clerk = clerks.get(username)!;
    const step = { params: { path: { id: task.id } } };
    const claimed = must(`claiming ${task.name.zh}`, await clerk.POST('/api/tasks/{id}/claim', step));
    // An item's decision step concludes with 准予许可 (a decision), every other step with 办结.
    if (claimed.decisionStep)
      must(
        `deciding ${task.name.zh}`,
        await clerk.POST('/api/tasks/{id}/decision', {
          ...step,
          body: { decision: 'grant', reasons: '材料齐全，准予许可' },
        }),
      );
    else
      must(
        `completing ${task.name.zh}`,
        await clerk.POST('/api/tasks/{id}/complete', {
          ...step,
          body: { outcome: 'approved', comment: '办结' },
        }),
      );
    say(`${n++}. ${username} approves ${task.name.zh}`);
  }

  const final = must('reading the case', await applicant.GET('/api/cases/{id}', byId));
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
