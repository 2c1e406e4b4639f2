/**
 * `npm run example:restaurant`: drives one whole restaurant case through the HTTP API as the
 * applicant and the clerks would, printing each step. Against a running Yijian when
 * YIJIAN_URL is set; otherwise it starts one (embedded PostgreSQL unless DATABASE_URL is set).
 */
import { resolveDatabase } from '@yijian/db';
import { startServer } from '@yijian/runtime-api';
import pino from 'pino';
import { ApiClient, restaurantForm } from './src/apiClient';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let stop = async () => {};
  let baseUrl = process.env.YIJIAN_URL;
  if (!baseUrl) {
    say(process.env.DATABASE_URL ? '· using DATABASE_URL' : '· starting embedded PostgreSQL');
    const database = await resolveDatabase();
    const server = await startServer({ databaseUrl: database.url, log: pino({ level: 'warn' }) });
    baseUrl = server.url;
    stop = async () => {
      await server.close();
      await database.stop();
    };
  }
  try {
    await runCase(baseUrl);
  } finally {
    await stop();
  }
}

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
    `1. 张三 files 开办餐馆 for ${restaurantForm['shop.name']}: case ${filed.body.caseNumber}, due ${filed.body.deadline?.dueDate}`,
  );

  const steps: [string, string][] = [
    ['market.clerk', 'Task_businessLicence'],
    ['market.clerk', 'Task_foodLicence'],
    ['fire.clerk', 'Task_fireCheck'],
    ['urban.clerk', 'Task_signage'],
  ];
  let n = 2;
  for (const [username, elementId] of steps) {
    const clerk = await new ApiClient(baseUrl).login(username);
    const queue = await clerk.get('/api/queue?limit=100');
    const task = queue.body.tasks.find(
      (t: { caseId: string; elementId: string }) => t.caseId === caseId && t.elementId === elementId,
    );
    if (!task) throw new Error(`${elementId} is not in ${username}'s queue`);
    await clerk.post(`/api/tasks/${task.id}/claim`);
    await clerk.post(`/api/tasks/${task.id}/complete`, { outcome: 'approved', comment: '准予许可' });
    const open = (await applicant.get(`/api/cases/${caseId}`)).body.openTasks.map(
      (t: { name: { zh: string } }) => t.name.zh,
    );
    say(
      `${n++}. ${username} claims and approves ${task.name.zh} (due ${task.deadline?.dueDate}); open now: ${open.join('、') || '—'}`,
    );
  }

  const final = (await applicant.get(`/api/cases/${caseId}`)).body;
  say(`${n}. case ${final.caseNumber} is ${final.status}. Timeline:`);
  for (const e of final.timeline) {
    const at = new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    say(`   ${at}  ${e.type.padEnd(15)} ${(e.name?.zh ?? '').padEnd(12)} ${e.actor?.displayName ?? '系统'}`);
  }
  if (final.status !== 'concluded') throw new Error('the case did not conclude');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
