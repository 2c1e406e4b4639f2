import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('restaurant_case');
});
afterAll(async () => {
  await server?.dispose();
});

async function queueOf(username: string) {
  const clerk = await as(username);
  const res = await clerk.get('/api/queue');
  expect(res.status).toBe(200);
  return res.body.tasks as {
    id: string;
    caseId: string;
    elementId: string;
    kind: string;
    departmentId: string;
    deadline: { remainingWorkingDays: number };
  }[];
}

async function completeStep(username: string, caseId: string, elementId: string) {
  const clerk = await as(username);
  const task = (await queueOf(username)).find((t) => t.caseId === caseId && t.elementId === elementId);
  expect(task, `${elementId} in ${username}'s queue`).toBeDefined();
  expect((await clerk.post(`/api/tasks/${task!.id}/claim`)).status).toBe(200);
  const done = await clerk.post(`/api/tasks/${task!.id}/complete`, {
    outcome: 'approved',
    comment: '材料齐全，准予许可',
  });
  expect(done.status).toBe(200);
  expect(done.body.status).toBe('completed');
}

describe('Given the restaurant bundle', () => {
  it('should run a case from filing through the parallel steps to conclusion, with a full timeline', async () => {
    // When the applicant files the combined form
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    expect(filed.body.caseNumber).toMatch(/^YJ\d{8}\d{6}$/);
    // Then it waits at the lead department's window, with no statutory clock running yet
    expect(filed.body.status).toBe('preReview');
    expect(filed.body.clock.state).toBe('notStarted');
    const intake = (await queueOf('market.clerk')).filter((t) => t.caseId === caseId);
    expect(intake.map((t) => `${t.kind}:${t.elementId}`)).toEqual(['intake:intake']);
    expect(intake[0]!.deadline.remainingWorkingDays).toBeGreaterThanOrEqual(4);

    // When the window accepts it (受理)
    const market = await as('market.clerk');
    const accepted = await market.post(`/api/tasks/${intake[0]!.id}/intake`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('inProgress');
    expect(accepted.body.clock).toMatchObject({
      state: 'running',
      light: expect.stringMatching(/green|yellow|red/),
    });
    expect(accepted.body.deadline).toMatchObject({ light: expect.stringMatching(/green|yellow|red/) });

    // Then the business-licence task is in the market-regulation queue, and only there
    expect(
      (await queueOf('market.clerk')).filter((t) => t.caseId === caseId).map((t) => t.elementId),
    ).toEqual(['Task_businessLicence']);
    for (const other of ['fire.clerk', 'urban.clerk']) {
      expect((await queueOf(other)).filter((t) => t.caseId === caseId)).toEqual([]);
    }

    // When market regulation grants the business licence
    await completeStep('market.clerk', caseId, 'Task_businessLicence');

    // Then three parallel tasks open in three departments' queues
    expect(
      (await queueOf('market.clerk')).filter((t) => t.caseId === caseId).map((t) => t.elementId),
    ).toEqual(['Task_foodLicence']);
    expect((await queueOf('fire.clerk')).filter((t) => t.caseId === caseId).map((t) => t.elementId)).toEqual([
      'Task_fireCheck',
    ]);
    expect((await queueOf('urban.clerk')).filter((t) => t.caseId === caseId).map((t) => t.elementId)).toEqual(
      ['Task_signage'],
    );
    const midway = await applicant.get(`/api/cases/${caseId}`);
    expect(midway.body.status).toBe('inProgress');
    expect(midway.body.openTasks).toHaveLength(3);

    // When all three complete
    await completeStep('fire.clerk', caseId, 'Task_fireCheck');
    await completeStep('urban.clerk', caseId, 'Task_signage');
    expect((await applicant.get(`/api/cases/${caseId}`)).body.status).toBe('inProgress');
    await completeStep('market.clerk', caseId, 'Task_foodLicence');

    // Then the case is concluded and the timeline lists every step with who and when
    const concluded = await applicant.get(`/api/cases/${caseId}`);
    expect(concluded.body.status).toBe('concluded');
    expect(concluded.body.openTasks).toEqual([]);
    const timeline = concluded.body.timeline as {
      type: string;
      elementId: string | null;
      actor: { displayName: string } | null;
      at: string;
    }[];
    const steps = timeline.map(
      (e) => `${e.type}${e.elementId ? `:${e.elementId}` : ''}@${e.actor?.displayName ?? 'system'}`,
    );
    expect(steps).toEqual([
      'case.filed@张三',
      'task.created:intake@system',
      'task.claimed:intake@王芳（市场监管）',
      'task.completed:intake@王芳（市场监管）',
      'case.accepted@王芳（市场监管）',
      'task.created:Task_businessLicence@system',
      'task.claimed:Task_businessLicence@王芳（市场监管）',
      'task.completed:Task_businessLicence@王芳（市场监管）',
      'task.created:Task_foodLicence@system',
      'task.created:Task_fireCheck@system',
      'task.created:Task_signage@system',
      'task.claimed:Task_fireCheck@刘强（消防）',
      'task.completed:Task_fireCheck@刘强（消防）',
      'task.claimed:Task_signage@陈静（城管）',
      'task.completed:Task_signage@陈静（城管）',
      'task.claimed:Task_foodLicence@王芳（市场监管）',
      'task.completed:Task_foodLicence@王芳（市场监管）',
      'case.concluded@王芳（市场监管）',
    ]);
    for (const entry of timeline) expect(Date.parse(entry.at)).not.toBeNaN();

    // And the audit log is hash-chained and append-only
    const rows = await server.knex('case_events').where({ case_id: caseId }).orderBy('seq');
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    await expect(
      server.knex('case_events').where({ case_id: caseId }).update({ type: 'forged' }),
    ).rejects.toThrow(/append-only/);

    // And the clock stopped at the decision; the results are due within 10 working days (Art. 44)
    expect(concluded.body.clock.state).toBe('stopped');
    expect(concluded.body.lifecycle.issuance).toMatchObject({ remainingWorkingDays: 10, light: 'green' });
    // When the window hands the licences over, the case is delivered
    const delivered = await market.post(`/api/cases/${caseId}/deliver`, { method: 'window' });
    expect(delivered.status).toBe(200);
    expect(delivered.body.status).toBe('delivered');
    expect(delivered.body.timeline.at(-1)).toMatchObject({
      type: 'case.delivered',
      detail: { method: 'window' },
    });

    // And the manager no longer lists it among open cases
    const manager = await as('manager');
    const open = await manager.get('/api/cases?status=open');
    expect(open.body.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });

  it('should list open cases with their deadline for the manager', async () => {
    const applicant = await as('lisi');
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'applicant.name': '李四' },
    });
    await acceptAtWindow(server.url, filed.body.id);
    const manager = await as('manager');
    const open = await manager.get('/api/cases?status=open');
    const row = open.body.find((c: { id: string }) => c.id === filed.body.id);
    expect(row.deadline).toMatchObject({
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      remainingWorkingDays: 20,
      light: 'green',
    });
    expect(row.openTasks.map((t: { departmentId: string }) => t.departmentId)).toEqual(['market']);
  });
});
