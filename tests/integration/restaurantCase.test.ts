import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
/** One logged-in client per user: logging in hashes a password, so it is done once. */
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('restaurant_case');
});
afterAll(async () => {
  await server?.dispose();
});

/** Item codes of the restaurant bundle (catalogue). */
const ITEM = {
  businessLicence: '000104001000',
  foodLicence: '000131024000',
  signage: '000143017000',
  environmentalFiling: '990160001000',
  fireCheck: '000125049000',
  tobacco: '000162004000',
};

interface QueueTask {
  id: string;
  caseId: string;
  elementId: string;
  kind: string;
  itemCode: string | null;
  departmentId: string;
  deadline: { remainingWorkingDays: number } | null;
}

async function queueOf(username: string): Promise<QueueTask[]> {
  const res = await (await as(username)).get('/api/queue?limit=100');
  expect(res.status).toBe(200);
  return res.body.tasks as QueueTask[];
}

/** The open steps of a case in a clerk's queue, as `itemCode:step`. */
async function stepsIn(username: string, caseId: string): Promise<string[]> {
  return (await queueOf(username))
    .filter((t) => t.caseId === caseId)
    .map((t) => (t.kind === 'intake' ? 'window' : `${t.itemCode}:${t.elementId.split('_').at(-1)}`));
}

/** Claims and completes, one after another, every step of an item as the department's clerk. */
async function workItem(username: string, caseId: string, itemCode: string): Promise<string[]> {
  const clerk = await as(username);
  const done: string[] = [];
  for (;;) {
    const task = (await queueOf(username)).find((t) => t.caseId === caseId && t.itemCode === itemCode);
    if (!task) return done;
    expect((await clerk.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const completed = await concludeStep(clerk, task, { comment: '材料齐全，准予许可' });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    done.push(task.elementId.split('_').at(-1)!);
  }
}

async function fileAndAccept(form: Record<string, unknown>, username = 'zhangsan') {
  const filed = await (await as(username)).post('/api/cases', { bundleKey: 'restaurant', form });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body.id as string;
}

describe('Given the restaurant bundle (composed from its catalogue items)', () => {
  it('should run a small restaurant from filing through the chain and the parallel items to delivery, with a full timeline', async () => {
    // When the applicant files the combined form for a 120 m² restaurant without tobacco
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    expect(filed.body.caseNumber).toMatch(/^YJ\d{8}\d{6}$/);
    // Then it waits at the lead department's window, with no statutory clock running yet
    expect(filed.body.status).toBe('preReview');
    expect(filed.body.clock.state).toBe('notStarted');
    expect(await stepsIn('market.clerk', caseId)).toEqual(['window']);
    const intake = (await queueOf('market.clerk')).find((t) => t.caseId === caseId)!;
    expect(intake.deadline!.remainingWorkingDays).toBeGreaterThanOrEqual(4);

    // When the window accepts it (受理)
    const market = await as('market.clerk');
    const accepted = await market.post(`/api/tasks/${intake.id}/intake`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('inProgress');
    expect(accepted.body.clock).toMatchObject({
      state: 'running',
      light: expect.stringMatching(/green|yellow|red/),
    });

    // Then only the business licence starts: the other items need it first (the chain)
    expect(await stepsIn('market.clerk', caseId)).toEqual([`${ITEM.businessLicence}:intake`]);
    for (const other of ['fire.clerk', 'urban.clerk', 'eco.clerk', 'tobacco.clerk'])
      expect(await stepsIn(other, caseId)).toEqual([]);

    // When market regulation works the business licence through its four steps
    expect(await workItem('market.clerk', caseId, ITEM.businessLicence)).toEqual([
      'intake',
      'review',
      'decision',
      'issuance',
    ]);

    // Then the food licence, the signage permit and the environmental filing run in parallel in
    // three departments; the fire check (under the threshold) and tobacco (not sold) do not run
    expect(await stepsIn('market.clerk', caseId)).toEqual([`${ITEM.foodLicence}:intake`]);
    expect(await stepsIn('urban.clerk', caseId)).toEqual([`${ITEM.signage}:intake`]);
    expect(await stepsIn('eco.clerk', caseId)).toEqual([`${ITEM.environmentalFiling}:intake`]);
    expect(await stepsIn('fire.clerk', caseId)).toEqual([]);
    expect(await stepsIn('tobacco.clerk', caseId)).toEqual([]);
    const midway = await applicant.get(`/api/cases/${caseId}`);
    expect(midway.body.status).toBe('inProgress');
    expect(midway.body.openTasks).toHaveLength(3);
    // and each item runs its own clock beside the case's
    expect(
      midway.body.items.map((i: { itemCode: string; status: string }) => `${i.itemCode} ${i.status}`),
    ).toEqual([
      `${ITEM.businessLicence} completed`,
      `${ITEM.foodLicence} running`,
      `${ITEM.signage} running`,
      `${ITEM.environmentalFiling} running`,
    ]);

    // When all three finish
    await workItem('urban.clerk', caseId, ITEM.signage);
    await workItem('eco.clerk', caseId, ITEM.environmentalFiling);
    expect((await applicant.get(`/api/cases/${caseId}`)).body.status).toBe('inProgress');
    await workItem('market.clerk', caseId, ITEM.foodLicence);

    // Then the case is concluded and the timeline lists every step with who
    const concluded = await applicant.get(`/api/cases/${caseId}`);
    expect(concluded.body.status).toBe('concluded');
    expect(concluded.body.openTasks).toEqual([]);
    const timeline = concluded.body.timeline as {
      type: string;
      elementId: string | null;
      actor: { displayName: string } | null;
    }[];
    const steps = timeline.map(
      (e) => `${e.type}${e.elementId ? `:${e.elementId}` : ''}@${e.actor?.displayName ?? 'system'}`,
    );
    expect(steps.slice(0, 9)).toEqual([
      'case.filed@张三',
      'task.created:intake@system',
      'task.claimed:intake@王芳（市场监管）',
      'task.completed:intake@王芳（市场监管）',
      'case.accepted@王芳（市场监管）',
      `task.created:Item_${ITEM.businessLicence}_intake@system`,
      `task.claimed:Item_${ITEM.businessLicence}_intake@王芳（市场监管）`,
      `task.completed:Item_${ITEM.businessLicence}_intake@王芳（市场监管）`,
      `task.created:Item_${ITEM.businessLicence}_review@system`,
    ]);
    // The last step concludes the case and, being the food licence's issuance, issues its e-licence
    expect(steps.slice(-2)).toEqual(['case.concluded@王芳（市场监管）', 'eLicence.issued@system']);
    const issued = await server
      .knex('e_licences')
      .where({ issuing_case_id: caseId })
      .pluck('issuing_item_code');
    expect(steps.filter((e) => e.startsWith('eLicence.issued'))).toHaveLength(issued.length);
    expect(issued).toEqual(expect.arrayContaining([ITEM.businessLicence, ITEM.foodLicence]));
    for (const who of ['王芳（市场监管）', '陈静（城管）', '赵磊（生态环境）'])
      expect(steps.some((s) => s.startsWith('task.completed') && s.endsWith(`@${who}`))).toBe(true);

    // And the audit log is hash-chained and append-only
    const rows = await server.knex('case_events').where({ case_id: caseId }).orderBy('seq');
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    await expect(
      server.knex('case_events').where({ case_id: caseId }).update({ type: 'forged' }),
    ).rejects.toThrow(/append-only|permission denied/);

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
    const open = await (await as('manager')).get('/api/cases?status=open');
    expect(open.body.map((c: { id: string }) => c.id)).not.toContain(caseId);
  });

  it('should add the fire check over the size threshold and the tobacco licence when tobacco is sold', async () => {
    // Given a 400 m² restaurant that sells tobacco
    const caseId = await fileAndAccept({
      ...restaurantForm,
      'shop.area': 400,
      'shop.sellsTobacco': true,
      'shop.distanceToSchool': 500,
      'fire.safetyManager': '王安全',
    });
    await workItem('market.clerk', caseId, ITEM.businessLicence);
    // Then after the business licence five items run, the fire check and tobacco among them
    expect(await stepsIn('fire.clerk', caseId)).toEqual([`${ITEM.fireCheck}:intake`]);
    expect(await stepsIn('tobacco.clerk', caseId)).toEqual([`${ITEM.tobacco}:intake`]);
    const detail = await (await as('zhangsan')).get(`/api/cases/${caseId}`);
    expect(detail.body.openTasks).toHaveLength(5);
  });

  it('should add the fire check over the investment threshold alone (area or investment)', async () => {
    const caseId = await fileAndAccept({
      ...restaurantForm,
      'shop.investment': 50,
      'fire.safetyManager': '王安全',
    });
    await workItem('market.clerk', caseId, ITEM.businessLicence);
    expect(await stepsIn('fire.clerk', caseId)).toEqual([`${ITEM.fireCheck}:intake`]);
    expect(await stepsIn('tobacco.clerk', caseId)).toEqual([]);
  });

  it('should skip the business licence for an applicant who already holds one', async () => {
    const {
      'entity.name': _n,
      'entity.type': _t,
      'entity.address': _a,
      'entity.scope': _s,
      ...rest
    } = restaurantForm;
    const caseId = await fileAndAccept({ ...rest, 'entity.hasBusinessLicence': true });
    // Then the food licence, signage and filing start at once
    expect(await stepsIn('market.clerk', caseId)).toEqual([`${ITEM.foodLicence}:intake`]);
    expect(await stepsIn('urban.clerk', caseId)).toEqual([`${ITEM.signage}:intake`]);
  });

  it('should list open cases with their deadline for the manager', async () => {
    const caseId = await fileAndAccept({ ...restaurantForm, 'applicant.name': '李四' }, 'lisi');
    const open = await (await as('manager')).get('/api/cases?status=open');
    const row = open.body.find((c: { id: string }) => c.id === caseId);
    expect(row.deadline).toMatchObject({
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      remainingWorkingDays: 20,
      light: 'green',
    });
    expect(row.openTasks.map((t: { departmentId: string }) => t.departmentId)).toEqual(['market']);
  });
});
