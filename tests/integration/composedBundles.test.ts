import { ApiClient } from '@yijian/examples';
import { bundleCompositions, type FormField, type FormSchema } from '@yijian/process-library';
import { runDueJobs, seedCatalogue } from '@yijian/runtime-api';
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
  server = await startTestServer('composed_bundles');
});
afterAll(async () => {
  await server?.dispose();
});

/** Departments each case must reach with every checkbox ticked and above the fire-check size. */
const expectedDepartments: Record<string, string[]> = {
  convenienceStore: ['market', 'tobacco', 'fire'],
  secondHandFlat: ['housing', 'tax', 'realEstate', 'water', 'power', 'gas', 'broadband'],
  kindergarten: ['education', 'fire', 'health', 'market'],
  clinic: ['health', 'fire'],
};

const composedKeys = bundleCompositions.map((c) => c.key).filter((key) => key !== 'restaurant');

/** A valid answer for one field, within its validation rules. */
function sampleAnswer(field: FormField, choice: (field: FormField) => string | undefined): unknown {
  const v = field.validate ?? {};
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'select':
      return choice(field) ?? field.values?.[0]?.value;
    case 'number':
      // Large enough to pass the fire-check threshold (area > 300), within the field's range.
      return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    default: {
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      expect(v.pattern, `no sample for the pattern of ${field.key}`).toBeUndefined();
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
    }
  }
}

/** Answers every field of the form (hidden ones are dropped by the server). */
function answersFor(form: FormSchema, choice: (field: FormField) => string | undefined = () => undefined) {
  return Object.fromEntries(form.components.map((f) => [f.key, sampleAnswer(f, choice)]));
}

async function formOf(key: string): Promise<FormSchema> {
  const res = await (await as('zhangsan')).get(`/api/bundles/${key}`);
  expect(res.status).toBe(200);
  return res.body.form as FormSchema;
}

/** Completes every open task with its department's clerk until the case concludes. */
async function driveToConclusion(caseId: string, options: { accepted?: boolean } = {}): Promise<string[]> {
  const applicant = await as('zhangsan');
  const worked: string[] = [];
  if (!options.accepted) await acceptAtWindow(server.url, caseId);
  for (let round = 0; round < 50; round++) {
    const detail = await applicant.get(`/api/cases/${caseId}`);
    expect(detail.status).toBe(200);
    if (detail.body.status === 'concluded') return worked;
    const open = detail.body.openTasks as { id: string; departmentId: string }[];
    expect(open.length, `open tasks of an unconcluded case (round ${round})`).toBeGreaterThan(0);
    for (const task of open) {
      const clerk = await as(`${task.departmentId}.clerk`);
      const done = await concludeStep(clerk, task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      worked.push(task.departmentId);
    }
  }
  throw new Error(`case ${caseId} did not conclude after 50 rounds`);
}

describe('Given the composed bundles of the process library', () => {
  it('should list all five with their items, the restaurant first', async () => {
    const res = await (await as('zhangsan')).get('/api/bundles');
    expect(res.status).toBe(200);
    const keys = (res.body as { key: string }[]).map((b) => b.key);
    expect(keys).toEqual(['restaurant', ...composedKeys]);
    for (const bundle of res.body as { key: string; items: { code: string }[] }[]) {
      const composition = bundleCompositions.find((c) => c.key === bundle.key)!;
      expect(bundle.items.map((i) => i.code)).toEqual(composition.items.map((i) => i.itemCode));
    }
  });

  it('should seed idempotently: seeding again deploys no new process version', async () => {
    const count = async () =>
      Number((await server.knex('process_definitions').count({ n: '*' }).first())?.n ?? 0);
    const before = await count();
    await seedCatalogue(server.knex);
    expect(await count()).toBe(before);
    expect(before).toBe(bundleCompositions.length);
  });

  it('should serve combined forms with checkboxes, sections and hide conditions', async () => {
    const form = await formOf('convenienceStore');
    expect(form.sections?.length).toBeGreaterThan(0);
    expect(form.components.find((f) => f.key === 'shop.sellsTobacco')).toMatchObject({ type: 'checkbox' });
    expect(form.components.find((f) => f.key === 'shop.distanceToSchool')?.conditional?.hide).toBeTruthy();
    expect(form.components.every((f) => f.section)).toBe(true);
  });

  for (const key of composedKeys) {
    it(`should run a ${key} case from filing to conclusion`, async () => {
      const form = await formOf(key);
      const applicant = await as('zhangsan');
      const filed = await applicant.post('/api/cases', { bundleKey: key, form: answersFor(form) });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      const worked = await driveToConclusion(filed.body.id as string);
      for (const department of expectedDepartments[key] ?? []) expect(worked).toContain(department);
      const concluded = await applicant.get(`/api/cases/${filed.body.id}`);
      expect(concluded.body.status).toBe('concluded');
      expect(concluded.body.openTasks).toEqual([]);
    });
  }

  it('should run the other registration branch (non-profit) of the kindergarten to conclusion', async () => {
    const form = await formOf('kindergarten');
    const answers = answersFor(form, (f) => (f.key === 'entity.ownership' ? 'nonProfit' : undefined));
    const filed = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'kindergarten',
      form: answers,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const worked = await driveToConclusion(filed.body.id as string);
    expect(worked).toContain('civilAffairs');
    // The business licence (for-profit registration) did not run; the canteen's food licence did
    const detail = await (await as('zhangsan')).get(`/api/cases/${filed.body.id}`);
    const itemCodes = new Set((detail.body.tasks as { itemCode: string | null }[]).map((t) => t.itemCode));
    expect(itemCodes).not.toContain('000104001000');
    expect(itemCodes).toContain('000131024000');
  });

  it('should not demand hidden required fields, and should drop their answers', async () => {
    const form = await formOf('convenienceStore');
    const answers: Record<string, unknown> = answersFor(form);
    answers['shop.sellsTobacco'] = false;
    delete answers['shop.distanceToSchool'];
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'convenienceStore', form: answers });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const detail = await applicant.get(`/api/cases/${filed.body.id}`);
    expect(detail.body.form['shop.sellsTobacco']).toBe(false);

    // A hidden field's answer is dropped: the case holds null for it (not asked), so strict FEEL
    // conditions still find every question of the form
    answers['shop.distanceToSchool'] = 500;
    const again = await applicant.post('/api/cases', { bundleKey: 'convenienceStore', form: answers });
    expect(again.status).toBe(201);
    const stored = (await applicant.get(`/api/cases/${again.body.id}`)).body.form;
    expect(stored).toHaveProperty('shop.distanceToSchool', null);
    expect(Object.keys(stored).sort()).toEqual(form.components.map((c: { key: string }) => c.key).sort());
  });

  it('should demand a conditional field once it is shown, refuse unknown keys and non-boolean checkboxes', async () => {
    const form = await formOf('convenienceStore');
    const applicant = await as('zhangsan');
    const base: Record<string, unknown> = answersFor(form);

    const missing = { ...base };
    delete missing['shop.distanceToSchool'];
    const res = await applicant.post('/api/cases', { bundleKey: 'convenienceStore', form: missing });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(
      'form.shop.distanceToSchool',
    );

    const unknown = await applicant.post('/api/cases', {
      bundleKey: 'convenienceStore',
      form: { ...base, 'shop.secret': 'x' },
    });
    expect(unknown.status).toBe(400);

    const notBoolean = await applicant.post('/api/cases', {
      bundleKey: 'convenienceStore',
      form: { ...base, 'shop.sellsTobacco': 'yes' },
    });
    expect(notBoolean.status).toBe(400);
  });
});

describe('Given a composed bundle whose items carry their own limits', () => {
  it('should run a clock per item beside the case clock, paused and resumed with it', async () => {
    const form = await formOf('convenienceStore');
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'convenienceStore',
      form: answersFor(form),
    });
    expect(filed.status).toBe(201);
    // Before acceptance no item has started
    expect(filed.body.items).toEqual([]);
    const accepted = await acceptAtWindow(server.url, filed.body.id);

    // Then each started item counts its own limit, with its own light
    const items = accepted.items as {
      scopeKey: string;
      itemCode: string;
      status: string;
      dueDate: string;
      limit: { value: number; unit: string };
      deadline: { light: string } | null;
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item).toMatchObject({
        status: 'running',
        deadline: { light: expect.stringMatching(/green|yellow|red/) },
      });
      expect(item.dueDate <= accepted.clock.dueDate).toBe(true);
    }

    // and each has its reminder and 催办 jobs
    const itemJobs = () =>
      server.knex('jobs').where('key', 'like', `case:${filed.body.id}:item:%`).pluck('kind');
    expect((await itemJobs()).filter((k) => k === 'item.urge')).toHaveLength(items.length);

    // When the clock pauses for an inspection, every running item pauses with it
    const market = await as('market.clerk');
    const paused = await market.post(`/api/cases/${filed.body.id}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'inspection',
      reason: '现场勘验',
      expectedWorkingDays: 3,
    });
    expect(paused.status).toBe(200);
    expect(paused.body.items.map((i: { status: string }) => i.status)).toEqual(items.map(() => 'paused'));
    expect(await itemJobs()).toEqual([]);
    // and when it resumes the same day, each item is due when it was
    const resumed = await market.post(`/api/cases/${filed.body.id}/clock/resume`, { result: '勘验完成' });
    expect(
      resumed.body.items.map((i: { status: string; dueDate: string }) => `${i.status} ${i.dueDate}`),
    ).toEqual(items.map((i) => `running ${i.dueDate}`));

    expect((await itemJobs()).filter((k) => k === 'item.urge')).toHaveLength(items.length);

    // When an item's deadline has passed, a sweep urges it (催办) in the audit log
    const first = items[0]!;
    await server
      .knex('jobs')
      .where({ key: `case:${filed.body.id}:item:${first.scopeKey}:urge` })
      .update({ run_at: server.knex.raw("now() - interval '1 second'") });
    expect(await runDueJobs(server.ctx)).toBeGreaterThanOrEqual(1);
    const urged = (await applicant.get(`/api/cases/${filed.body.id}`)).body.timeline.filter(
      (e: { type: string }) => e.type === 'item.urged',
    );
    expect(urged).toHaveLength(1);
    expect(urged[0].detail.dueDate).toBe(first.dueDate);

    // When the case is worked to conclusion, every item's clock has ended as completed
    await driveToConclusion(filed.body.id, { accepted: true });
    const done = await applicant.get(`/api/cases/${filed.body.id}`);
    expect(done.body.items.length).toBeGreaterThanOrEqual(items.length);
    expect(new Set(done.body.items.map((i: { status: string }) => i.status))).toEqual(new Set(['completed']));
    expect(await itemJobs()).toEqual([]);
  });
});
