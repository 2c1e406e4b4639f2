import { ApiClient, restaurantForm } from '@yijian/examples';
import { findServiceItem } from '@yijian/process-library';
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
    expect(badId.body.error.messages).toEqual({
      'zh-CN': '输入无效：params.id：应为 UUID',
      en: 'Invalid input at params.id: must be a UUID',
    });
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

describe('Refusals: a stable code and zh-CN/English messages, nothing changed', () => {
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
  type Refusal = { status: number; body: any };
  const chinese = /[\u4e00-\u9fff]/;
  const english = { 'Accept-Language': 'en-GB,en;q=0.9' };
  const zh = { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.5' };

  /** The refusal carries its code, both messages, and `message` in the language asked for. */
  function expectRefusal(res: Refusal, status: number, code: string, language: 'zh-CN' | 'en') {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.messages['zh-CN']).toMatch(chinese);
    expect(res.body.error.messages.en).not.toMatch(chinese);
    expect(res.body.error.message).toBe(res.body.error.messages[language]);
    return res.body.error as {
      message: string;
      messages: Record<'zh-CN' | 'en', string>;
      details?: { path: string; message: string; messages?: Record<'zh-CN' | 'en', string> }[];
    };
  }

  it('should word a validation refusal in both languages, naming the field path', async () => {
    const applicant = await as('zhangsan');
    const before = await writeCounts();
    const body = { bundleKey: 'restaurant', form: { ...restaurantForm, 'shop.area': '很大' } };

    const inEnglish = expectRefusal(
      await applicant.post('/api/cases', body, english),
      400,
      'validation_failed',
      'en',
    );
    const inChinese = expectRefusal(
      await applicant.post('/api/cases', body, zh),
      400,
      'validation_failed',
      'zh-CN',
    );
    // the form's own rule, worded from the field's English and Chinese labels
    expect(inEnglish.message).toMatch(/^Invalid input at form\.shop\.area: .*must be a number/);
    expect(inChinese.message).toMatch(/^输入无效：form\.shop\.area：.*应为数字/);
    expect(inChinese.details?.[0]).toMatchObject({
      path: 'form.shop.area',
      message: expect.stringMatching(chinese),
    });
    // a schema's own message, looked up in Chinese
    const blank = await (await as('market.clerk')).request(
      'POST',
      '/api/tasks/00000000-0000-4000-8000-000000000000/intake',
      { decision: 'reject', reason: '  ' },
      zh,
    );
    expect(expectRefusal(blank, 400, 'validation_failed', 'zh-CN').message).toBe(
      '输入无效：reason：请填写理由',
    );
    expect(await writeCounts()).toEqual(before);
  });

  it('should answer not found, forbidden and unauthenticated in the asked language', async () => {
    const applicant = await as('zhangsan');
    const before = await writeCounts();
    const missing = '00000000-0000-4000-8000-000000000000';
    const notFoundEn = await applicant.request('GET', `/api/cases/${missing}`, undefined, english);
    expect(expectRefusal(notFoundEn, 404, 'not_found', 'en').message).toBe(`Case ${missing} not found.`);
    const notFoundZh = await applicant.request('GET', `/api/cases/${missing}`, undefined, zh);
    expect(expectRefusal(notFoundZh, 404, 'not_found', 'zh-CN').message).toBe(`办件 ${missing} 不存在。`);
    // without Accept-Language (or with *) the answer is in Chinese
    expectRefusal(await applicant.get(`/api/cases/${missing}`), 404, 'not_found', 'zh-CN');

    const forbiddenEn = await applicant.request('GET', '/api/monitor/summary', undefined, english);
    expect(expectRefusal(forbiddenEn, 403, 'forbidden', 'en').message).toMatch(
      /^This needs one of the roles: .*manager/,
    );
    const forbiddenZh = await applicant.request('GET', '/api/monitor/summary', undefined, zh);
    expect(expectRefusal(forbiddenZh, 403, 'forbidden', 'zh-CN').message).toMatch(/^此操作需要以下角色之一/);

    const anonymous = await new ApiClient(server.url).request('GET', '/api/cases', undefined, english);
    expectRefusal(anonymous, 401, 'unauthenticated', 'en');
    expect(await writeCounts()).toEqual(before);
  });

  it('should refuse JSON that does not parse in both languages', async () => {
    const applicant = await as('zhangsan');
    const before = await writeCounts();
    const broken = '{"bundleKey": "restaurant", form: }';
    const headers = { 'content-type': 'application/json' };
    const en = await applicant.request('POST', '/api/cases', broken, { ...headers, ...english });
    expect(expectRefusal(en, 400, 'invalid_json', 'en').message).toMatch(/^The body is not valid JSON/);
    const zhRes = await applicant.request('POST', '/api/cases', broken, { ...headers, ...zh });
    expect(expectRefusal(zhRes, 400, 'invalid_json', 'zh-CN').message).toMatch(/^请求体不是有效的 JSON/);
    expect(await writeCounts()).toEqual(before);
  });

  it('should answer the engine refusing an event: 422 for an invalid request, 409 for a state conflict', async () => {
    // given a bundle of one item, whose limit may be extended by at most 10 working days (joint: 15)
    const signage = findServiceItem('000143017000')!;
    const published = await (await as('designer')).post('/api/bundles', {
      key: 'signboard',
      name: { zh: '设置户外招牌', en: 'Put up a shop sign' },
      description: { zh: '户外招牌设置审批。', en: 'Approval of a shop sign.' },
      leadDepartmentId: signage.implementingDepartmentId,
      items: [{ itemCode: signage.code }],
      prerequisites: [],
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const fields: string[] = published.body.form.components.map((c: { key: string }) => c.key);
    const form = Object.fromEntries(Object.entries(restaurantForm).filter(([key]) => fields.includes(key)));
    const filed = await (await as('zhangsan')).post('/api/cases', { bundleKey: 'signboard', form });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    const manager = await as('manager');
    const extend = (workingDays: number, headers: Record<string, string>) =>
      manager.request(
        'POST',
        `/api/cases/${filed.body.id}/clock/extend`,
        { workingDays, reason: '需现场核查' },
        headers,
      );
    const before = await writeCounts();

    // when the manager extends it by 12 (the schema allows up to 15 for joint bundles)
    const tooLongEn = expectRefusal(await extend(12, english), 422, 'engine_extension_invalid', 'en');
    const tooLongZh = expectRefusal(await extend(12, zh), 422, 'engine_extension_invalid', 'zh-CN');

    // then the engine's limit is named in both languages and nothing changed
    expect(tooLongEn.message).toContain('1–10 working days');
    expect(tooLongZh.message).toContain('1–10 个工作日');
    expect(await writeCounts()).toEqual(before);

    // and after one extension, a second is a state conflict
    expect((await extend(10, english)).status).toBe(200);
    const afterOne = await writeCounts();
    const twiceEn = expectRefusal(await extend(1, english), 409, 'engine_already_extended', 'en');
    expect(twiceEn.message).toMatch(/already extended once/);
    expectRefusal(await extend(1, zh), 409, 'engine_already_extended', 'zh-CN');
    expect(await writeCounts()).toEqual(afterOne);
  });

  it('should answer an event the case phase does not take as an engine conflict', async () => {
    // given a case whose window has accepted it
    const kase = await fileRestaurantCase();
    const intake = (await (await as('admin')).get(`/api/cases/${kase.id}`)).body.tasks.find(
      (t: { kind: string }) => t.kind === 'intake',
    );
    const before = await writeCounts();
    // when corrections are sent although none were asked for
    const en = await (await as('zhangsan')).request(
      'POST',
      `/api/cases/${kase.id}/corrections`,
      { form: { 'shop.area': 130 } },
      english,
    );
    // then the API refuses before the engine (the case is not in correction), in both languages
    expectRefusal(en, 409, 'case_not_in_correction', 'en');
    // and a second decision on the closed intake step is refused as not open
    const again = await (await as(`${intake.departmentId}.clerk`)).request(
      'POST',
      `/api/tasks/${intake.id}/intake`,
      { decision: 'accept' },
      zh,
    );
    expect(expectRefusal(again, 409, 'task_not_open', 'zh-CN').message).toBe('该任务已办结。');
    expect(await writeCounts()).toEqual(before);
  });
});
