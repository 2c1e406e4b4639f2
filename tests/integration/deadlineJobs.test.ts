import { spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot, withDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('deadline_jobs');
});
afterAll(async () => {
  await server?.dispose();
});

/** A separate runtime node process sweeping jobs until nothing is due. */
function drainInAnotherProcess(databaseUrl: string): Promise<number> {
  const root = repositoryRoot();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'runtime-api/src/worker.ts', '--drain'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!).ran)
        : reject(new Error(`worker exited ${code}`)),
    );
  });
}

describe('Given open steps whose deadlines have passed', () => {
  it('should urge (催办) each exactly once when two runtime processes sweep at the same time', async () => {
    // Given 60 filed cases, each with an open business-licence step and its 催办 job
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const cases = 60;
    for (let i = 0; i < cases; i++) {
      const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
      expect(filed.status).toBe(201);
      await acceptAtWindow(server.url, filed.body.id);
    }
    const jobs = await server.knex('jobs').where({ kind: 'task.urge' });
    expect(jobs).toHaveLength(cases);
    // and the deadline plus one working day has passed (jobs compare against database time)
    await server
      .knex('jobs')
      .where({ kind: 'task.urge' })
      .update({ run_at: server.knex.raw("now() - interval '1 minute'") });

    // (the acceptance notices' document jobs are not what this test counts: left out)
    await server.knex('jobs').where({ kind: 'case.document' }).delete();

    // When two runtime nodes sweep concurrently
    const url = withDatabase(inject('databaseServerUrl'), server.databaseName);
    const [a, b] = await Promise.all([drainInAnotherProcess(url), drainInAnotherProcess(url)]);

    // Then every job ran exactly once between them
    expect(a + b).toBe(cases);
    const urged = await server.knex('case_events').where({ type: 'task.urged' }).select('case_id');
    expect(urged).toHaveLength(cases);
    expect(new Set(urged.map((e) => e.case_id)).size).toBe(cases);
    // and each urge scheduled its 督办 escalation, once, 5 working days on
    expect(await server.knex('jobs').where({ kind: 'task.urge' })).toHaveLength(0);
    expect(await server.knex('jobs').where({ kind: 'task.supervise' })).toHaveLength(cases);
  });

  it('should cancel a step’s jobs when the step is completed', async () => {
    const applicant = await new ApiClient(server.url).login('lisi');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    const accepted = await acceptAtWindow(server.url, filed.body.id);
    const taskId = accepted.tasks.find((t: { kind: string }) => t.kind === 'step').id as string;
    // (its reminder the working day before the deadline and its 催办 the working day after)
    expect(await server.knex('jobs').where('key', 'like', `task:${taskId}:%`)).toHaveLength(2);
    const clerk = await new ApiClient(server.url).login('market.clerk');
    expect((await clerk.post(`/api/tasks/${taskId}/complete`, { outcome: 'approved' })).status).toBe(200);
    expect(await server.knex('jobs').where('key', 'like', `task:${taskId}:%`)).toHaveLength(0);
    // and the next steps have their own 催办 jobs when they have a limit of their own
    const next = await server
      .knex('tasks')
      .where({ case_id: filed.body.id, status: 'open' })
      .select('id', 'due_date');
    expect(next.length).toBeGreaterThan(0);
    for (const t of next)
      expect(await server.knex('jobs').where({ key: `task:${t.id}:urge` })).toHaveLength(t.due_date ? 1 : 0);
  });
});
