import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('access_validation');
});
afterAll(async () => {
  await server?.dispose();
});

/** Row counts of every table a command writes: "changes nothing" is checked against these. */
async function writeCounts() {
  const counts: Record<string, number> = {};
  for (const table of ['cases', 'tasks', 'case_events', 'idempotency_keys']) {
    counts[table] = Number((await server.knex(table).count({ n: '*' }).first())!.n);
  }
  return counts;
}

async function fileRestaurantCase(username = 'zhangsan') {
  const res = await (await as(username)).post('/api/cases', {
    bundleKey: 'restaurant',
    form: restaurantForm,
  });
  expect(res.status).toBe(201);
  return (await acceptAtWindow(server.url, res.body.id)) as {
    id: string;
    tasks: { id: string; kind: string; departmentId: string }[];
  };
}

describe('Access rules', () => {
  it('should NOT let a clerk see or complete another department’s task', async () => {
    // given a case whose business-licence task sits in the market-regulation queue
    const kase = await fileRestaurantCase();
    const task = kase.tasks.find((t) => t.kind === 'step')!;
    expect(task.departmentId).toBe('market');
    const fire = await as('fire.clerk');
    const before = await writeCounts();

    // when the fire clerk tries to claim, complete, or read it through their queue
    const claim = await fire.post(`/api/tasks/${task.id}/claim`);
    const complete = await fire.post(`/api/tasks/${task.id}/complete`, { outcome: 'approved' });
    const queue = await fire.get('/api/queue');
    const otherQueue = await fire.get('/api/queue?departmentId=market');
    const caseRead = await fire.get(`/api/cases/${kase.id}`);

    // then it does not exist for them and nothing changed
    expect(claim.status).toBe(404);
    expect(complete.status).toBe(404);
    expect(queue.body.tasks.map((t: { id: string }) => t.id)).not.toContain(task.id);
    expect(otherQueue.status).toBe(403);
    expect(caseRead.status).toBe(404);
    expect(await writeCounts()).toEqual(before);
    expect((await server.knex('tasks').where({ id: task.id }).first()).status).toBe('open');
  });

  it('should NOT let an applicant read another applicant’s case', async () => {
    const kase = await fileRestaurantCase('zhangsan');
    const other = await as('lisi');
    const read = await other.get(`/api/cases/${kase.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('not_found');
    const list = await other.get('/api/cases?status=all');
    expect(list.body.map((c: { id: string }) => c.id)).not.toContain(kase.id);
    // and the owner can
    expect((await (await as('zhangsan')).get(`/api/cases/${kase.id}`)).status).toBe(200);
  });

  it('should refuse roles that may not act, and anonymous calls', async () => {
    const kase = await fileRestaurantCase();
    expect((await new ApiClient(server.url).get('/api/cases')).status).toBe(401);
    expect(
      (
        await (
          await as('zhangsan')
        ).post(`/api/tasks/${kase.tasks.find((t) => t.kind === 'step')!.id}/complete`, {
          outcome: 'approved',
        })
      ).status,
    ).toBe(403);
    expect(
      (await (await as('market.clerk')).post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm }))
        .status,
    ).toBe(403);
    expect(
      (await new ApiClient(server.url).post('/api/auth/login', { username: 'zhangsan', password: 'wrong' }))
        .status,
    ).toBe(401);
  });

  it('should NOT let a clerk complete a task another clerk of the department has claimed', async () => {
    const kase = await fileRestaurantCase();
    const admin = await as('admin');
    const taskId = kase.tasks.find((t) => t.kind === 'step')!.id;
    expect((await admin.post(`/api/tasks/${taskId}/claim`)).status).toBe(200);
    const market = await as('market.clerk');
    const res = await market.post(`/api/tasks/${taskId}/complete`, { outcome: 'approved' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('task_claimed_by_other');
  });
});

describe('Malformed input', () => {
  const cases: { name: string; body: unknown; path: string }[] = [
    { name: 'a missing form', body: { bundleKey: 'restaurant' }, path: 'form' },
    {
      name: 'area as text',
      body: { bundleKey: 'restaurant', form: { ...restaurantForm, 'shop.area': '很大' } },
      path: 'form.shop.area',
    },
    {
      name: 'a negative area',
      body: { bundleKey: 'restaurant', form: { ...restaurantForm, 'shop.area': -5 } },
      path: 'form.shop.area',
    },
    {
      name: 'a bad ID number',
      body: { bundleKey: 'restaurant', form: { ...restaurantForm, 'applicant.idNumber': '123' } },
      path: 'form.applicant.idNumber',
    },
    {
      name: 'a missing shop name',
      body: { bundleKey: 'restaurant', form: { ...restaurantForm, 'shop.name': undefined } },
      path: 'form.shop.name',
    },
    {
      name: 'an unknown field',
      body: { bundleKey: 'restaurant', form: { ...restaurantForm, 'shop.secret': 1 } },
      path: 'form',
    },
    {
      name: 'an unknown top-level key',
      body: { bundleKey: 'restaurant', form: restaurantForm, admin: true },
      path: '(body)',
    },
    { name: 'a non-string bundle key', body: { bundleKey: 42, form: restaurantForm }, path: 'bundleKey' },
  ];

  for (const c of cases) {
    it(`should refuse ${c.name} with a JSON error naming the field, and change nothing`, async () => {
      const applicant = await as('zhangsan');
      const before = await writeCounts();
      const res = await applicant.post('/api/cases', c.body, { 'Idempotency-Key': `bad-${c.name}` });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(c.path);
      expect(await writeCounts()).toEqual(before);
    });
  }

  it('should refuse JSON that does not parse, and an unknown bundle', async () => {
    const applicant = await as('zhangsan');
    const before = await writeCounts();
    const broken = await applicant.request('POST', '/api/cases', '{"bundleKey": "restaurant", form: }', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const unknown = await applicant.post('/api/cases', { bundleKey: 'spaceport', form: {} });
    expect(unknown.status).toBe(404);
    const badId = await applicant.get('/api/cases/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('params.id');
    const badComplete = await (await as('market.clerk')).post(
      '/api/tasks/00000000-0000-4000-8000-000000000000/complete',
      { outcome: 'maybe' },
    );
    expect(badComplete.status).toBe(400);
    expect(badComplete.body.error.details[0].path).toBe('outcome');
    expect(await writeCounts()).toEqual(before);
  });

  it('should make a retried filing with the same Idempotency-Key return the same case once', async () => {
    const applicant = await as('zhangsan');
    const body = { bundleKey: 'restaurant', form: restaurantForm };
    const first = await applicant.post('/api/cases', body, { 'Idempotency-Key': 'file-once-1' });
    const before = await writeCounts();
    const again = await applicant.post('/api/cases', body, { 'Idempotency-Key': 'file-once-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await writeCounts()).toEqual(before);
    const reused = await applicant.post(
      '/api/cases',
      { ...body, form: { ...restaurantForm, 'shop.area': 99 } },
      { 'Idempotency-Key': 'file-once-1' },
    );
    expect(reused.status).toBe(422);
  });

  it('should serve the OpenAPI document and docs page', async () => {
    const client = new ApiClient(server.url);
    const doc = await client.get('/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/bundles',
        '/api/cases',
        '/api/cases/{id}',
        '/api/queue',
        '/api/tasks/{id}/claim',
        '/api/tasks/{id}/complete',
      ]),
    );
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('swagger-ui');
  });
});
