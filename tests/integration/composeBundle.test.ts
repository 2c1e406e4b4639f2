import { ApiClient } from '@yijian/examples';
import {
  bundleCompositions,
  dictionaryField,
  type FormField,
  type FormSchema,
  findServiceItem,
  type ServiceItem,
  serviceItems,
} from '@yijian/process-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const food = '000131024000';
const fire = '000125049000';
const signage = '000143017000';
const flatRegistration = '990170001000';

/**
 * Items a locality might get wrong, added to the shipped catalogue for this file only: one asks
 * `shop.area` as free text where the dictionary asks a number, one has no department, one
 * promises more than the law allows.
 */
const conflicting: ServiceItem = {
  ...findServiceItem(signage)!,
  code: '990199001000',
  name: { zh: '测试：门头面积登记', en: 'Test: shopfront area record' },
  fields: [
    dictionaryField('applicant.name'),
    { ...dictionaryField('shop.area'), type: 'textfield', validate: { required: true } },
  ],
};
const homeless: ServiceItem = {
  ...findServiceItem(signage)!,
  code: '990199002000',
  name: { zh: '测试：无实施机关事项', en: 'Test: item without department' },
  implementingDepartmentId: '',
};
const overPromised: ServiceItem = {
  ...findServiceItem(signage)!,
  code: '990199003000',
  name: { zh: '测试：承诺超法定事项', en: 'Test: item promising too much' },
  statutoryLimit: { value: 20, unit: 'workingDays' },
  promisedLimit: { value: 30, unit: 'workingDays' },
};

/** Its step key is no XML id, so the composed BPMN comes out miswired and the engine refuses it. */
const miswired: ServiceItem = {
  ...findServiceItem(signage)!,
  code: '990199004000',
  name: { zh: '测试：环节标识错误事项', en: 'Test: item with a bad step key' },
  steps: [{ key: 'bad key', name: { zh: '受理', en: 'Intake' } }],
};

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
/** One logged-in client per user: logging in hashes a password, so it is done once. */
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('compose_bundle', {
    catalogue: { items: [...serviceItems, conflicting, homeless, overPromised, miswired] },
  });
});
afterAll(async () => {
  await server?.dispose();
});

/** 开办烘焙坊: a bundle no one shipped, made of existing items. */
const bakery = {
  key: 'bakery',
  name: { zh: '开办烘焙坊', en: 'Open a bakery' },
  description: {
    zh: '营业执照办结后，食品经营许可、户外招牌并联办理；面积超过300平方米的办理消防安全检查。',
    en: 'After the business licence: the food licence and signage in parallel; the fire check above 300 m².',
  },
  leadDepartmentId: 'market',
  items: [
    { itemCode: business },
    { itemCode: food },
    { itemCode: signage },
    { itemCode: fire, when: 'shop.area > 300' },
  ],
  prerequisites: [
    { before: business, after: food },
    { before: business, after: signage },
    { before: business, after: fire },
  ],
};

/** Rows a refused request must leave as they were. */
async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'bundles',
    'bundle_items',
    'items',
    'item_materials',
    'process_definitions',
    'idempotency_keys',
  ]) {
    counts[table] = Number((await server.knex(table).count({ n: '*' }).first())?.n ?? 0);
  }
  return counts;
}

/** A valid answer for one field, within its validation rules. */
function sampleAnswer(field: FormField): unknown {
  const v = field.validate ?? {};
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      // Above the fire-check threshold (area > 300), within the field's range.
      return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    default: {
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      expect(v.pattern, `no sample for the pattern of ${field.key}`).toBeUndefined();
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
    }
  }
}

/** Completes every open task with its department's clerk until the case concludes. */
async function driveToConclusion(caseId: string): Promise<string[]> {
  const applicant = await as('zhangsan');
  const worked: string[] = [];
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

/** Posts a composition that must be refused (answered in English), and checks that nothing changed. */
async function refused(body: unknown, status = 400) {
  const before = await rowCounts();
  const res = await (await as('designer')).post('/api/bundles', body, {
    'Idempotency-Key': crypto.randomUUID(),
    'Accept-Language': 'en',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(await rowCounts()).toEqual(before);
  expect(res.body.error.message).toBe(res.body.error.messages.en);
  expect(res.body.error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  return res.body.error as {
    code: string;
    message: string;
    messages: { 'zh-CN': string; en: string };
    details?: { path: string; message: string; messages?: { 'zh-CN': string; en: string } }[];
  };
}

describe('Given a designer composing a new bundle from catalogue items', () => {
  it('should publish it in one request: deployed as version 1, listed, with its form and guide URL', async () => {
    // When the designer posts the composition
    const designer = await as('designer');
    const res = await designer.post('/api/bundles', bakery, { 'Idempotency-Key': 'bakery-1' });

    // Then the bundle is deployed as version 1 with its items in order and the joint limit
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      key: 'bakery',
      name: bakery.name,
      leadDepartmentId: 'market',
      version: 1,
      versionCreated: true,
      guideUrl: '/api/bundles/bakery/guide',
    });
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual([business, food, signage, fire]);
    expect(res.body.limits).toContainEqual({ value: 45, unit: 'workingDays', kind: 'statutory' });
    // and its combined form asks each field once, the fire-check answer included
    const keys = (res.body.form as FormSchema).components.map((c) => c.key);
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys).toContain('shop.area');

    // And an applicant sees it in the list, last, and reads its BPMN
    const applicant = await as('zhangsan');
    const list = await applicant.get('/api/bundles');
    expect(list.body.at(-1).key).toBe('bakery');
    const bpmn = await applicant.get('/api/bundles/bakery/bpmn');
    expect(bpmn.body).toContain('<bpmn:inclusiveGateway');
    expect(bpmn.body).toContain('shop.area &gt; 300');
    const stored = await server.knex('process_definitions').where({ key: 'bakery' }).first('deployed_by');
    expect(stored.deployed_by).toBeTruthy();
  });

  it('should be idempotent: the same body and Idempotency-Key again changes nothing', async () => {
    // Given the bakery is published
    const before = await rowCounts();

    // When the same request is retried with the same key
    const again = await (await as('designer')).post('/api/bundles', bakery, {
      'Idempotency-Key': 'bakery-1',
    });

    // Then it answers as the first time and writes nothing
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ key: 'bakery', version: 1, versionCreated: true });
    expect(await rowCounts()).toEqual(before);

    // And the same key with a different body is refused
    const other = await (await as('designer')).post(
      '/api/bundles',
      { ...bakery, sort: 7 },
      { 'Idempotency-Key': 'bakery-1' },
    );
    expect(other.status).toBe(422);
  });

  it('should deploy no new version for the same composition, and the next version for a changed one', async () => {
    const designer = await as('designer');
    // When the same composition is posted without a key
    const same = await designer.post('/api/bundles', bakery);
    // Then the latest version stays
    expect(same.status).toBe(201);
    expect(same.body).toMatchObject({ version: 1, versionCreated: false });

    // When the composition changes: the signage now waits for the food licence
    const changed = await designer.post('/api/bundles', {
      ...bakery,
      prerequisites: [...bakery.prerequisites, { before: food, after: signage }],
    });
    // Then version 2 is deployed and the bundle's items stay four
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, versionCreated: true });
    const items = await server.knex('bundle_items').where({ bundle_key: 'bakery' }).count({ n: '*' }).first();
    expect(Number(items?.n)).toBe(4);
    // And restore the first chain for the tests below (version 3, same layout as version 1)
    const restored = await designer.post('/api/bundles', bakery);
    expect(restored.body.version).toBe(3);
  });

  it('should file a case on it (201) and run it to conclusion through every department', async () => {
    // Given the bakery's combined form
    const applicant = await as('zhangsan');
    const detail = await applicant.get('/api/bundles/bakery');
    const form = detail.body.form as FormSchema;
    const answers = Object.fromEntries(form.components.map((f) => [f.key, sampleAnswer(f)]));

    // When the applicant files a case, large enough for the fire check
    const filed = await applicant.post('/api/cases', { bundleKey: 'bakery', form: answers });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);

    // Then each department's clerk completes their steps until the case concludes
    const worked = await driveToConclusion(filed.body.id);
    expect(new Set(worked)).toEqual(new Set(['market', 'urban', 'fire']));
    const concluded = await applicant.get(`/api/cases/${filed.body.id}`);
    expect(concluded.body.status).toBe('concluded');
  });

  it('should refuse a dependency cycle, naming the items, and change nothing', async () => {
    const error = await refused({
      ...bakery,
      key: 'cyclic',
      prerequisites: [...bakery.prerequisites, { before: food, after: business }],
    });
    expect(error.code).toBe('composition_invalid');
    expect(error.message).toMatch(/cycle/);
    expect(error.message).toContain(business);
    expect(error.message).toContain(food);
    expect(error.details?.map((d) => d.path)).toContain('prerequisites');
    // and in Chinese too, the problem itself and not only the frame
    expect(error.messages['zh-CN']).toMatch(/^一件事 cyclic 无法组合.*前置关系构成循环/);
    expect(error.details?.find((d) => d.path === 'prerequisites')?.messages?.['zh-CN']).toContain(business);
  });

  it('should refuse an unknown item code, pointing at it', async () => {
    const error = await refused({
      ...bakery,
      key: 'unknownItem',
      items: [...bakery.items, { itemCode: '000000000000' }],
    });
    expect(error.message).toContain('000000000000');
    expect(error.details).toContainEqual(expect.objectContaining({ path: 'items.4.itemCode' }));
  });

  it('should refuse conflicting field definitions, naming the field key and both items', async () => {
    const error = await refused({
      ...bakery,
      key: 'conflict',
      items: [...bakery.items, { itemCode: conflicting.code }],
    });
    const conflict = error.details?.find((d) => d.message.includes('shop.area'));
    expect(conflict?.message).toContain(food);
    expect(conflict?.message).toContain(conflicting.code);
    expect(conflict?.path).toBe('items.4.itemCode');
  });

  it('should refuse bad FEEL and conditions reading fields the dictionary does not know', async () => {
    const bad = await refused({
      ...bakery,
      key: 'badFeel',
      items: [bakery.items[0], bakery.items[1], bakery.items[2], { itemCode: fire, when: 'shop.area >' }],
    });
    expect(bad.message).toMatch(/not valid FEEL/);
    expect(bad.details?.[0]?.path).toBe('items.3.when');

    const unknown = await refused({
      ...bakery,
      key: 'unknownField',
      items: [bakery.items[0], bakery.items[1], bakery.items[2], { itemCode: fire, when: 'shop.height > 3' }],
    });
    expect(unknown.message).toContain('shop.height');
    expect(unknown.details?.[0]?.path).toBe('items.3.when');
  });

  it('should refuse a FEEL syntax error such as shop.area >>> 300 on preview and publish, naming the item and the expression', async () => {
    // Given a condition feelin parses without complaint but FEEL does not allow
    const body = {
      ...bakery,
      key: 'tripleGreater',
      items: [
        bakery.items[0],
        bakery.items[1],
        bakery.items[2],
        { itemCode: fire, when: 'shop.area >>> 300' },
      ],
    };

    // When the designer publishes it, then it is refused naming the item and the expression, nothing written
    const published = await refused(body);
    expect(published.code).toBe('composition_invalid');
    const detail = published.details?.find((d) => d.path === 'items.3.when');
    expect(detail?.message).toContain(fire);
    expect(detail?.message).toContain('"shop.area >>> 300" is not valid FEEL');
    // in Chinese too, naming the item and the condition
    expect((detail as { messages?: Record<string, string> }).messages?.['zh-CN']).toMatch(
      /000125049000.*“shop\.area >>> 300”/,
    );

    // And the preview says the same
    const before = await rowCounts();
    const preview = await (await as('designer')).post('/api/bundles/preview', body);
    expect(preview.status).toBe(400);
    expect(preview.body.error.details).toContainEqual(
      expect.objectContaining({
        path: 'items.3.when',
        messages: (detail as { messages?: unknown }).messages,
      }),
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('should refuse a condition outside the FEEL subset or over the budget, saying how to write it', async () => {
    const outside = await refused({
      ...bakery,
      key: 'dateCondition',
      items: [bakery.items[0], bakery.items[1], bakery.items[2], { itemCode: fire, when: 'now() > 1' }],
    });
    expect(outside.details?.find((d) => d.path === 'items.3.when')?.message).toMatch(
      /now\(\) — not supported/,
    );
    const costly = await refused({
      ...bakery,
      key: 'costlyCondition',
      items: [
        bakery.items[0],
        bakery.items[1],
        bakery.items[2],
        { itemCode: fire, when: 'count(for i in 1..1000, j in 1..1000 return i) > shop.area' },
      ],
    });
    expect(costly.details?.find((d) => d.path === 'items.3.when')?.message).toMatch(
      /needs at least \d+ steps/,
    );
  });

  it('should refuse promised limits above statutory ones and items without a department', async () => {
    const joint = await refused({
      ...bakery,
      key: 'slow',
      promisedLimit: { value: 50, unit: 'workingDays' },
    });
    expect(joint.message).toMatch(/exceeds/);
    expect(joint.details?.[0]?.path).toBe('promisedLimit');

    const item = await refused({
      ...bakery,
      key: 'slowItem',
      items: [...bakery.items, { itemCode: overPromised.code }],
    });
    expect(item.message).toContain(overPromised.code);
    expect(item.message).toMatch(/exceeds its statutory limit/);

    const homelessError = await refused({
      ...bakery,
      key: 'homeless',
      items: [...bakery.items, { itemCode: homeless.code }],
    });
    expect(homelessError.message).toMatch(/no implementing department/);

    const lead = await refused({ ...bakery, key: 'noLead', leadDepartmentId: 'nowhere' });
    expect(lead.details?.[0]?.path).toBe('leadDepartmentId');
  });

  it('should refuse a composition the engine will not deploy, naming the element ids', async () => {
    const error = await refused(
      {
        ...bakery,
        key: 'miswired',
        items: [...bakery.items, { itemCode: miswired.code }],
      },
      422,
    );
    expect(error.code).toBe('deployment_refused');
    expect(error.message).toContain(`Item_${miswired.code}_start`);
    expect(error.details?.map((d) => d.path)).toContain(`bpmn.Item_${miswired.code}_start`);
  });

  it('should refuse a malformed body, a shipped bundle key and applicants, changing nothing', async () => {
    const malformed = await refused({ ...bakery, key: 'Bad Key', items: [] });
    expect(malformed.code).toBe('validation_failed');
    expect(malformed.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['key', 'items']));

    const shipped = await refused({ ...bakery, key: 'clinic' }, 409);
    expect(shipped.message).toMatch(/shipped by the process library/);

    const before = await rowCounts();
    const applicant = await (await as('zhangsan')).post('/api/bundles', { ...bakery, key: 'mine' });
    expect(applicant.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it('should give back a bundle’s composition as a starting point, shipped ones marked', async () => {
    const designer = await as('designer');
    const own = await designer.get('/api/bundles/bakery/composition');
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ ...bakery, shipped: false });

    const clinic = await designer.get('/api/bundles/clinic/composition');
    expect(clinic.body.shipped).toBe(true);
    expect(clinic.body.items).toEqual(bundleCompositions.find((c) => c.key === 'clinic')!.items);
    // it is accepted back as it is, under another key
    const { shipped, ...body } = clinic.body;
    void shipped;
    const preview = await designer.post('/api/bundles/preview', { ...body, key: 'clinicCopy' });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);

    expect((await (await as('zhangsan')).get('/api/bundles/clinic/composition')).status).toBe(403);
  });

  it('should preview a composition without publishing it', async () => {
    const before = await rowCounts();
    const res = await (await as('designer')).post('/api/bundles/preview', { ...bakery, key: 'bakeryDraft' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.bpmn).toContain('<bpmndi:BPMNDiagram');
    expect(res.body.guide.items).toHaveLength(4);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('Given the service guide (办事指南) of a bundle', () => {
  it('should be readable without logging in, generated from the catalogue', async () => {
    // When anyone reads the bakery's guide
    const res = await new ApiClient(server.url).get('/api/bundles/bakery/guide');
    expect(res.status).toBe(200);
    const guide = res.body;

    // Then the lead department comes first, followed by every department involved
    expect(guide.leadDepartment.id).toBe('market');
    expect(guide.departments.map((d: { id: string }) => d.id)).toEqual(['market', 'urban', 'fire']);
    // and the joint limit is 45 working days with one extension of up to 15
    expect(guide.jointLimit).toEqual({
      statutory: { value: 45, unit: 'workingDays' },
      extension: { value: 15, unit: 'workingDays' },
    });
    // and each item states its department, legal basis and limits as the catalogue does
    for (const code of [business, food, signage, fire]) {
      const item = findServiceItem(code)!;
      expect(guide.items.find((i: { code: string }) => i.code === code)).toMatchObject({
        department: { id: item.implementingDepartmentId },
        legalBasis: item.legalBasis,
        statutoryLimit: item.statutoryLimit,
        promisedLimit: item.promisedLimit,
        result: item.result,
      });
    }
    const fireItem = guide.items.find((i: { code: string }) => i.code === fire);
    expect(fireItem.condition).toBe('shop.area > 300');
    expect(fireItem.conditionText).toEqual({
      zh: '「经营面积（平方米）」超过300的',
      en: 'if “Floor area (m²)” is more than 300',
    });

    // and every material is listed once, with every item needing it
    const keys = guide.materials.map((m: { key: string }) => m.key);
    expect(keys).toEqual([...new Set(keys)]);
    for (const code of [business, food, signage, fire]) {
      for (const need of findServiceItem(code)!.materials) {
        const material = guide.materials.find((m: { key: string }) => m.key === need.key);
        expect(
          material.neededBy.map((n: { itemCode: string }) => n.itemCode),
          need.key,
        ).toContain(code);
      }
    }
    // and the business licence is an e-licence the first item provides to the later ones
    const licence = guide.materials.find((m: { key: string }) => m.key === 'businessLicence');
    expect(licence.eLicence.type).toBe('businessLicence');
    expect(licence.neededBy.every((n: { providedBy: string }) => n.providedBy === business)).toBe(true);
    // and no item of the bakery charges a fee
    expect(guide.fees).toEqual([]);
    expect(guide.totalFeesYuan).toBe(0);
  });

  it('should list the fees of the second-hand flat and every item of the restaurant with its condition', async () => {
    const anonymous = new ApiClient(server.url);
    const flat = (await anonymous.get('/api/bundles/secondHandFlat/guide')).body;
    const fees = findServiceItem(flatRegistration)!.fees;
    expect(flat.fees).toEqual(fees.map((fee) => ({ ...fee, itemCode: flatRegistration })));
    expect(flat.totalFeesYuan).toBe(fees.reduce((sum, fee) => sum + fee.amountYuan, 0));
    expect(flat.leadDepartment.id).toBe('realEstate');

    const restaurant = (await anonymous.get('/api/bundles/restaurant/guide')).body;
    expect(restaurant.items).toHaveLength(6);
    expect(restaurant.items.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining([business, food, fire, signage]),
    );
    const fireItem = restaurant.items.find((i: { code: string }) => i.code === fire);
    expect(fireItem.conditionText.zh).toMatch(/300/);

    expect((await anonymous.get('/api/bundles/nothing/guide')).status).toBe(404);
  });

  it('should list the catalogue items a designer composes from', async () => {
    const res = await (await as('designer')).get('/api/items');
    expect(res.status).toBe(200);
    const food0 = res.body.find((i: { code: string }) => i.code === food);
    expect(food0).toMatchObject({
      departmentId: 'market',
      promisedLimit: { value: 10, unit: 'workingDays' },
    });
    expect(food0.fields.map((f: { key: string }) => f.key)).toContain('shop.area');
  });
});
