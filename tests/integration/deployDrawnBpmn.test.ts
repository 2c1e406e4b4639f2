import { ApiClient } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const food = '000131024000';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('deploy_drawn_bpmn');
});
afterAll(async () => {
  await server?.dispose();
});

/** 开面包店: composed from two items, then refined by hand in the modeler. */
const bakery = {
  key: 'breadshop',
  name: { zh: '开办面包店', en: 'Open a bread shop' },
  description: { zh: '营业执照办结后办理食品经营许可。', en: 'The business licence, then the food licence.' },
  leadDepartmentId: 'market',
  items: [{ itemCode: business }, { itemCode: food }],
  prerequisites: [{ before: business, after: food }],
};

const deploy = async (xml: string, headers: Record<string, string> = {}, user = 'designer') =>
  (await as(user)).post(`/api/bundles/${bakery.key}/versions`, { bpmn: xml }, headers);

async function audit() {
  return server.knex('definition_deployments').where({ key: bakery.key }).orderBy('id').select();
}

describe('POST /api/bundles/{key}/versions: deploy BPMN drawn in the modeler', () => {
  let composed: string;

  beforeAll(async () => {
    const published = await (await as('designer')).post('/api/bundles', bakery);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    composed = (await (await as('designer')).get(`/api/bundles/${bakery.key}/bpmn`)).body as string;
  });

  it('deploys a refined process as the next version, idempotently, and filings run it', async () => {
    // The food licence's review moves to the health commission: a step in another department.
    const refined = composed.replace(
      `<bpmn:userTask id="Item_${food}_review" name="审查 · 食品经营许可（新办）" yj:nameEn="Review · Food-business licence (new)" yj:department="market"`,
      `<bpmn:userTask id="Item_${food}_review" name="审查 · 食品经营许可（新办）" yj:nameEn="Review · Food-business licence (new)" yj:department="health"`,
    );
    expect(refined).not.toBe(composed);

    // The same document as the latest version deploys nothing new.
    const same = await deploy(composed);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ key: bakery.key, version: 1, versionCreated: false });

    const first = await deploy(refined, { 'Idempotency-Key': 'refine-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ version: 2, versionCreated: true, userTasks: 8 });
    const replay = await deploy(refined, { 'Idempotency-Key': 'refine-1' });
    expect(replay.body).toEqual(first.body);
    const again = await deploy(refined);
    expect(again.body).toMatchObject({ version: 2, versionCreated: false });

    expect((await audit()).map((r) => [r.outcome, r.version])).toEqual([
      ['unchanged', 1],
      ['deployed', 2],
      ['unchanged', 2],
    ]);

    // An applicant files the bundle: the case runs version 2, and the review reaches health's queue.
    const applicant = await as('zhangsan');
    const detail = await applicant.get(`/api/bundles/${bakery.key}`);
    expect(detail.body.version).toBe(2);
    const form = detail.body.form as {
      components: { key: string; type: string; validate?: Record<string, unknown> }[];
    };
    const answers = Object.fromEntries(form.components.map((f) => [f.key, sample(f)]));
    const filed = await applicant.post('/api/cases', { bundleKey: bakery.key, form: answers });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    const departments: string[] = [];
    for (let round = 0; round < 20; round++) {
      const kase = await applicant.get(`/api/cases/${filed.body.id}`);
      expect(kase.body.definition).toEqual({ key: bakery.key, version: 2 });
      const open = kase.body.openTasks as { id: string; departmentId: string }[];
      const review = open.find((t) => t.departmentId === 'health');
      if (review) {
        const task = (kase.body.tasks as { id: string; elementId: string }[]).find((t) => t.id === review.id);
        expect(task?.elementId).toBe(`Item_${food}_review`);
        const queue = await (await as('health.clerk')).get('/api/queue');
        expect(JSON.stringify(queue.body)).toContain(review.id);
        return;
      }
      for (const task of open) {
        const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
        expect(done.status, JSON.stringify(done.body)).toBe(200);
        departments.push(task.departmentId);
      }
    }
    throw new Error(`the food review never opened (worked: ${departments.join(', ')})`);
  });

  it('refuses what the engine cannot run with 422, each element and its fix in both languages, audited', async () => {
    const broken = composed
      // an unsupported element
      .replace(
        `<bpmn:startEvent id="Start_filed" name="申请提交">`,
        `<bpmn:serviceTask id="Robot" name="自动核验" /><bpmn:startEvent id="Start_filed" name="申请提交">`,
      )
      // a FEEL syntax error on a flow
      .replace(
        `<bpmn:sequenceFlow id="Flow_Item_${business}_start_Item_${business}_intake" sourceRef="Item_${business}_start" targetRef="Item_${business}_intake" />`,
        `<bpmn:sequenceFlow id="Flow_Item_${business}_start_Item_${business}_intake" sourceRef="Item_${business}_start" targetRef="Item_${business}_intake"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=shop.area &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>`,
      );
    const before = await server
      .knex('process_definitions')
      .where({ key: bakery.key })
      .count({ n: '*' })
      .first();
    const res = await deploy(broken, { 'Accept-Language': 'zh-CN' });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe('deployment_refused');
    const details = res.body.error.details as {
      path: string;
      message: string;
      messages: Record<string, string>;
    }[];
    const robot = details.find((d) => d.path === 'bpmn.Robot');
    expect(robot?.messages.en).toBe(
      'ServiceTask is not supported; use a user task routed to a department (yj:department) instead.',
    );
    expect(robot?.message).toBe(
      '不支持服务任务（ServiceTask）；请改用分派给部门（yj:department）的用户任务。',
    );
    expect(
      details.find((d) => d.path === `bpmn.Flow_Item_${business}_start_Item_${business}_intake`)?.messages.en,
    ).toMatch(/is not valid FEEL/);
    expect(res.body.error.message).toContain('Robot: 不支持服务任务');
    expect(res.body.error.messages.en).toContain('Robot: ServiceTask is not supported');
    const after = await server
      .knex('process_definitions')
      .where({ key: bakery.key })
      .count({ n: '*' })
      .first();
    expect(after).toEqual(before);
    const refused = (await audit()).at(-1);
    expect(refused).toMatchObject({ outcome: 'refused', version: null });
    expect(refused.issues.map((i: { elementId: string }) => i.elementId)).toContain('Robot');
  });

  it('answers an engine refusal in zh-CN by default and in English on Accept-Language: en, with stable codes', async () => {
    // Given a drawn bundle with a service task the engine does not run
    const broken = composed.replace(
      `<bpmn:startEvent id="Start_filed" name="申请提交">`,
      `<bpmn:serviceTask id="Robot" name="自动核验" /><bpmn:startEvent id="Start_filed" name="申请提交">`,
    );
    // When it is deployed with no language asked for, then it is refused in zh-CN
    const zh = await deploy(broken);
    expect(zh.status).toBe(422);
    expect(zh.body.error.message).toContain(
      'Robot: 不支持服务任务（ServiceTask）；请改用分派给部门（yj:department）的用户任务。',
    );
    const robot = (body: typeof zh.body) =>
      body.error.details.find((d: { path: string }) => d.path === 'bpmn.Robot');
    expect(robot(zh.body)).toMatchObject({
      code: 'element_unsupported',
      message: '不支持服务任务（ServiceTask）；请改用分派给部门（yj:department）的用户任务。',
    });
    // and in English when asked, naming the element and how to fix it
    const en = await deploy(broken, { 'Accept-Language': 'en' });
    expect(en.body.error.message).toContain(
      'Robot: ServiceTask is not supported; use a user task routed to a department (yj:department) instead.',
    );
    expect(robot(en.body)).toMatchObject({
      code: 'element_unsupported',
      message: expect.stringMatching(/^ServiceTask/),
    });
    // The dead ends its removal leaves are coded too
    for (const detail of en.body.error.details) expect(detail.code).not.toBe('unclassified');
  });

  it('refuses applicants and clerks, unknown bundles, shipped bundles and a malformed body', async () => {
    expect((await deploy(composed, {}, 'zhangsan')).status).toBe(403);
    expect((await deploy(composed, {}, 'market.clerk')).status).toBe(403);
    const unknown = await (await as('designer')).post('/api/bundles/nosuch/versions', { bpmn: composed });
    expect(unknown.status).toBe(404);
    const shipped = await (await as('admin')).post('/api/bundles/clinic/versions', { bpmn: composed });
    expect(shipped.status).toBe(409);
    expect(shipped.body.error.code).toBe('bundle_shipped');
    const malformed = await (await as('designer')).post(`/api/bundles/${bakery.key}/versions`, {
      xml: composed,
    });
    expect(malformed.status).toBe(400);
    const notXml = await deploy('hello');
    expect(notXml.status).toBe(422);
  });
});

function sample(field: { type: string; validate?: Record<string, unknown>; values?: { value: unknown }[] }) {
  const v = (field.validate ?? {}) as { min?: number; max?: number; pattern?: string; maxLength?: number };
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    default:
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
  }
}
