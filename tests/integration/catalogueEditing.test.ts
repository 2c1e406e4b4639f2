import { ApiClient, restaurantForm } from '@yijian/examples';
import { findServiceItem } from '@yijian/process-library';
import { seedCatalogue } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const food = '000131024000';
const seatsKey = `item${food}.seats`;

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('catalogue_editing');
});
afterAll(async () => {
  await server?.dispose();
});

/** PUT through the example client (it has get and post only). */
const put = (client: ApiClient, path: string, body: unknown, headers?: Record<string, string>) =>
  client.request('PUT', path, body, headers);

type Field = { key: string; label: string; labelEn: string; [k: string]: unknown };

async function formOf(code: string) {
  const res = await (await as('designer')).get(`/api/catalogue/items/${code}/form`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    version: number;
    source: string;
    schema: { components: Field[] };
    bundles: { key: string }[];
  };
}

describe('Given the catalogue stored as data (seeded from the process library)', () => {
  it('should store every shipped item with its form as version 1 from the seed', async () => {
    const rows = await server.knex('catalogue_item_versions').select('code', 'version', 'source');
    expect(rows.length).toBeGreaterThanOrEqual(18);
    expect(rows.every((r) => r.version === 1 && r.source === 'seed')).toBe(true);
    const form = await formOf(food);
    expect(form.schema.components.map((c) => c.key)).toEqual(findServiceItem(food)!.fields.map((f) => f.key));
    expect(form.bundles.map((b) => b.key)).toContain('restaurant');
  });

  it('should list the field dictionary for the form designer', async () => {
    const res = await (await as('designer')).get('/api/catalogue/fields');
    expect(res.status).toBe(200);
    expect(res.body.fields.find((f: Field) => f.key === 'shop.area')).toMatchObject({
      type: 'number',
      section: 'shop',
      validate: { required: true, min: 1, max: 100000 },
    });
  });

  it('should NOT let an applicant or a clerk edit the catalogue', async () => {
    const applicant = await as('zhangsan');
    expect((await applicant.get(`/api/catalogue/items/${food}/form`)).status).toBe(403);
    const clerk = await as('market.clerk');
    expect((await put(clerk, `/api/catalogue/materials/idCard`, {})).status).toBe(403);
  });
});

describe('Given a designer editing the restaurant through the form designer', () => {
  it('should refuse a shared field retyped, a key outside the namespace and a stale version, in both languages', async () => {
    const designer = await as('designer');
    const { version, schema } = await formOf(food);
    const area = schema.components.findIndex((c) => c.key === 'shop.area');
    const retyped = structuredClone(schema);
    retyped.components[area] = { ...retyped.components[area]!, type: 'textfield' };
    const res = await put(
      designer,
      `/api/catalogue/items/${food}/form`,
      { schema: retyped, expectedVersion: version },
      { 'Accept-Language': 'en' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('item_form_invalid');
    expect(res.body.error.details[0].path).toBe(`schema.components.${area}`);
    expect(res.body.error.messages['zh-CN']).toMatch(/字段 shop.area/);

    const outside = structuredClone(schema);
    outside.components.push({ key: 'seats', type: 'number', label: '座位', labelEn: 'Seats' });
    const res2 = await put(designer, `/api/catalogue/items/${food}/form`, {
      schema: outside,
      expectedVersion: version,
    });
    expect(res2.status).toBe(400);
    expect(res2.body.error.messages.en).toMatch(/item000131024000\./);

    const unknownType = structuredClone(schema);
    unknownType.components.push({ key: seatsKey, type: 'datetime', label: '日期', labelEn: 'Date' });
    const res3 = await put(designer, `/api/catalogue/items/${food}/form`, {
      schema: unknownType,
      expectedVersion: version,
    });
    expect(res3.status).toBe(400);
    expect(res3.body.error.code).toBe('validation_failed');

    const stale = await put(designer, `/api/catalogue/items/${food}/form`, {
      schema,
      expectedVersion: version + 5,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('catalogue_version_conflict');
    // nothing was stored
    expect((await formOf(food)).version).toBe(version);
  });

  it('should preview the combined form with an added field and a relabelled shared field, each asked once', async () => {
    const designer = await as('designer');
    const { schema } = await formOf(business);
    const edited = structuredClone(schema);
    edited.components = edited.components.map((c) =>
      c.key === 'applicant.name' ? { ...c, label: '经营者姓名', labelEn: 'Operator name' } : c,
    );
    const res = await designer.post(`/api/catalogue/items/${business}/form/preview`, {
      schema: edited,
      bundleKey: 'restaurant',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const names = res.body.form.components.filter((c: Field) => c.key === 'applicant.name');
    expect(names).toHaveLength(1);
    expect(names[0].label).toBe('经营者姓名');
    expect(res.body.sharedWith['applicant.name'].length).toBeGreaterThan(2);
  });

  it('should save forms as new audited versions, and show them to applicants only once the bundle is republished', async () => {
    const designer = await as('designer');
    const applicant = await as('zhangsan');
    // a case filed before anything changes
    const before = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    const oldVersion = (await designer.get('/api/bundles/restaurant')).body.version as number;

    // when the designer adds a question to the food licence and rewords a shared one of the business licence
    const foodForm = await formOf(food);
    const seats = {
      key: seatsKey,
      type: 'number',
      label: '就餐座位数',
      labelEn: 'Number of seats',
      validate: { required: true, min: 1, max: 5000 },
    };
    const savedFood = await put(designer, `/api/catalogue/items/${food}/form`, {
      schema: { ...foodForm.schema, components: [...foodForm.schema.components, seats] },
      expectedVersion: foodForm.version,
    });
    expect(savedFood.status, JSON.stringify(savedFood.body)).toBe(200);
    expect(savedFood.body).toMatchObject({ version: 2, source: 'designer' });
    const businessForm = await formOf(business);
    const relabelled = businessForm.schema.components.map((c) =>
      c.key === 'applicant.name' ? { ...c, label: '经营者姓名', labelEn: 'Operator name' } : c,
    );
    const savedBusiness = await put(designer, `/api/catalogue/items/${business}/form`, {
      schema: { ...businessForm.schema, components: relabelled },
      expectedVersion: businessForm.version,
    });
    expect(savedBusiness.status, JSON.stringify(savedBusiness.body)).toBe(200);

    // then the audit trail says who changed what, before and after
    const changes = await designer.get(`/api/catalogue/changes?kind=itemForm&target=${food}`);
    expect(changes.status).toBe(200);
    expect(changes.body[0]).toMatchObject({ kind: 'itemForm', target: food, version: 2 });
    expect(changes.body[0].changedBy.username).toBe('designer');
    expect((changes.body[0].before as { components: Field[] }).components.map((c) => c.key)).not.toContain(
      seatsKey,
    );
    expect((changes.body[0].after as { components: Field[] }).components.map((c) => c.key)).toContain(
      seatsKey,
    );

    // and the applicant still sees the published form until the bundle is republished
    const published = await applicant.get('/api/bundles/restaurant');
    expect(published.body.form.components.map((c: Field) => c.key)).not.toContain(seatsKey);

    // when the designer republishes the restaurant
    const republished = await designer.post('/api/bundles/restaurant/republish', {});
    expect(republished.status, JSON.stringify(republished.body)).toBe(200);
    // (the process itself did not change — only the form, kept with the bundle — so no new version)
    expect(republished.body).toMatchObject({ version: oldVersion, versionCreated: false });
    expect(republished.body.catalogueVersions[food]).toBe(2);

    // then the combined form asks the new question once, and the shared one once with its new label
    const form = (await applicant.get('/api/bundles/restaurant')).body.form;
    expect(form.components.filter((c: Field) => c.key === seatsKey)).toHaveLength(1);
    const names = form.components.filter((c: Field) => c.key === 'applicant.name');
    expect(names.map((c: Field) => c.label)).toEqual(['经营者姓名']);
    expect(form.sections.map((s: { id: string }) => s.id)).toContain(`item${food}`);

    // a new filing must answer it; with it, the case runs on the new version
    const missing = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(missing.status).toBe(400);
    const after = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, [seatsKey]: 40 },
    });
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    const versionOf = async (id: string) =>
      (await server.knex('cases').where({ id }).first('definition_version')).definition_version;
    expect(await versionOf(before.body.id)).toBe(oldVersion);
    expect(await versionOf(after.body.id)).toBe(oldVersion);
  });
});

describe('Given a designer editing service items and materials', () => {
  it('should list an item’s stored versions, newest first, and the e-licence types a material can name', async () => {
    const designer = await as('designer');
    const versions = await designer.get(`/api/catalogue/items/${food}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.length).toBeGreaterThan(0);
    const numbers = versions.body.map((v: { version: number }) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    const types = await designer.get('/api/catalogue/e-licence-types');
    expect(types.status).toBe(200);
    const keys = types.body.map((t: { key: string }) => t.key);
    expect(keys).toEqual([...keys].sort());
    for (const t of types.body) expect(t.name.zh).toBeTruthy();
  });

  it('should refuse a promised limit above the statutory one and an unknown department, in both languages', async () => {
    const designer = await as('designer');
    const stored = (await designer.get(`/api/catalogue/items/${food}`)).body;
    const res = await put(
      designer,
      `/api/catalogue/items/${food}`,
      {
        item: {
          ...stored.item,
          implementingDepartmentId: 'nowhere',
          promisedLimit: { value: 25, unit: 'workingDays' },
        },
        expectedVersion: stored.version,
      },
      { 'Accept-Language': 'zh-CN' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('catalogue_item_invalid');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['item.promisedLimit', 'item.implementingDepartmentId']));
    expect(res.body.error.message).toMatch(/事项 000131024000 不符合事项目录规则/);
  });

  it('should save an item as a new version, audited with before and after, that only bundles published after use', async () => {
    const designer = await as('designer');
    const stored = (await designer.get(`/api/catalogue/items/${food}`)).body;
    const res = await put(designer, `/api/catalogue/items/${food}`, {
      item: {
        ...stored.item,
        name: { zh: '食品经营许可（新办）', en: 'Food-business licence (new application)' },
        promisedLimit: { value: 7, unit: 'workingDays' },
        fees: [{ name: { zh: '工本费', en: 'Certificate fee' }, amountYuan: 0, basis: '不收费' }],
      },
      expectedVersion: stored.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(stored.version + 1);
    // the form was kept
    expect((await formOf(food)).schema.components.map((c) => c.key)).toContain(seatsKey);
    const change = (await designer.get(`/api/catalogue/changes?kind=item&target=${food}`)).body[0];
    expect(change.before.promisedLimit).toEqual({ value: 10, unit: 'workingDays' });
    expect(change.after.promisedLimit).toEqual({ value: 7, unit: 'workingDays' });
    // the catalogue lists the new limit; the published restaurant keeps 10 until republished
    const items = (await designer.get('/api/items')).body as { code: string; promisedLimit: unknown }[];
    expect(items.find((i) => i.code === food)?.promisedLimit).toEqual({ value: 7, unit: 'workingDays' });
    const promisedOf = async () =>
      (
        (await designer.get('/api/bundles/restaurant')).body.items as {
          code: string;
          limits: { kind: string; value: number }[];
        }[]
      )
        .find((i) => i.code === food)!
        .limits.find((l) => l.kind === 'promised')!.value;
    expect(await promisedOf()).toBe(10);
    const running = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, [seatsKey]: 40 },
    });
    expect(running.status, JSON.stringify(running.body)).toBe(201);
    const oldVersion = (await designer.get('/api/bundles/restaurant')).body.version as number;
    const republished = await designer.post('/api/bundles/restaurant/republish', {});
    expect(republished.body).toMatchObject({ version: oldVersion + 1, versionCreated: true });
    expect(await promisedOf()).toBe(7);
    // the case filed before keeps the version (and the limits) it was filed on
    const filedOn = await server.knex('cases').where({ id: running.body.id }).first('definition_version');
    expect(filedOn.definition_version).toBe(oldVersion);
  });

  it('should create an item, refusing a code that exists', async () => {
    const designer = await as('designer');
    const { code: _c, fields: _f, ...definition } = findServiceItem(food)!;
    const created = await designer.post('/api/catalogue/items', {
      code: '990199100000',
      item: { ...definition, name: { zh: '测试：新事项', en: 'Test: new item' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ code: '990199100000', version: 1, source: 'designer' });
    const again = await designer.post('/api/catalogue/items', { code: food, item: definition });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('catalogue_item_exists');
    const items = (await designer.get('/api/items')).body as { code: string }[];
    expect(items.map((i) => i.code)).toContain('990199100000');
  });

  it('should create a material type, audited, refuse its key twice and bad input, and let an item ask for it', async () => {
    const designer = await as('designer');
    const noiseControlPlan = {
      key: 'noiseControlPlan',
      name: { zh: '噪声防治方案', en: 'Noise control plan' },
      eLicenceType: null,
      trustLevel: 'C',
    };
    // given a new material type
    const created = await designer.post('/api/catalogue/materials', noiseControlPlan);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ ...noiseControlPlan, usedBy: [] });
    expect(created.body.editedAt).toEqual(expect.any(String));
    const change = (await designer.get('/api/catalogue/changes?kind=material&target=noiseControlPlan')).body;
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({
      before: null,
      after: { name: noiseControlPlan.name, trustLevel: 'C' },
    });
    expect(change[0].changedBy.username).toBe('designer');

    // then its key (and a shipped one) is refused a second time, in the caller's language
    const again = await designer.request('POST', '/api/catalogue/materials', noiseControlPlan, {
      'Accept-Language': 'en',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('material_type_exists');
    expect(again.body.error.message).toContain('noiseControlPlan');
    expect(again.body.error.messages['zh-CN']).toContain('材料编码 noiseControlPlan 已存在');
    const shipped = await designer.post('/api/catalogue/materials', { ...noiseControlPlan, key: 'idCard' });
    expect(shipped.body.error.code).toBe('material_type_exists');

    // and bad input is a 4xx that changes nothing
    const before = await server.knex('material_types').count<{ count: string }[]>('* as count');
    for (const bad of [
      { ...noiseControlPlan, key: '1bad key' },
      { ...noiseControlPlan, key: 'otherPlan', name: { zh: '', en: 'x' } },
      { ...noiseControlPlan, key: 'otherPlan', trustLevel: 'E' },
      { ...noiseControlPlan, key: 'otherPlan', eLicenceType: 'noSuchLicence' },
      { ...noiseControlPlan, key: 'otherPlan', extra: true },
    ]) {
      const res = await designer.post('/api/catalogue/materials', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await server.knex('material_types').count<{ count: string }[]>('* as count'))[0]!.count).toBe(
      before[0]!.count,
    );
    expect((await (await as('market.clerk')).post('/api/catalogue/materials', noiseControlPlan)).status).toBe(
      403,
    );

    // when an item asks for it, the item saves and the material lists the item
    const item = (await designer.get(`/api/catalogue/items/${business}`)).body;
    const saved = await put(designer, `/api/catalogue/items/${business}`, {
      item: {
        ...item.item,
        materials: [
          ...item.item.materials,
          { key: 'noiseControlPlan', requirement: 'required', originals: 1, copies: 0 },
        ],
      },
      expectedVersion: item.version,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const listed = (await designer.get('/api/catalogue/materials')).body.find(
      (m: { key: string }) => m.key === 'noiseControlPlan',
    );
    expect(listed.usedBy).toContain(business);
    // and the service guide of a bundle with the item names it as the catalogue does
    const guide = (await designer.get('/api/bundles/restaurant/guide')).body;
    expect(guide.materials.find((m: { key: string }) => m.key === 'noiseControlPlan')?.name).toEqual(
      noiseControlPlan.name,
    );
  });

  it('should edit a material, audited, and keep the edit across a restart seed', async () => {
    const designer = await as('designer');
    const listed = (await designer.get('/api/catalogue/materials')).body.find(
      (m: { key: string }) => m.key === 'premisesProof',
    );
    const res = await put(designer, '/api/catalogue/materials/premisesProof', {
      name: { zh: '经营场所使用证明', en: 'Proof of the right to use the premises' },
      eLicenceType: 'realEstateCertificate',
      trustLevel: 'B',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ eLicenceType: 'realEstateCertificate', trustLevel: 'B' });
    expect(res.body.usedBy).toContain(food);
    const bad = await put(designer, '/api/catalogue/materials/premisesProof', {
      name: { zh: 'x', en: 'x' },
      eLicenceType: 'noSuchLicence',
      trustLevel: 'E',
    });
    expect(bad.status).toBe(400);
    const change = (await designer.get('/api/catalogue/changes?kind=material&target=premisesProof')).body[0];
    expect(change.after.trustLevel).toBe('B');
    expect(change.before).toEqual({
      name: listed.name,
      eLicenceType: listed.eLicenceType,
      trustLevel: listed.trustLevel,
    });
    expect(change.changedBy.username).toBe('designer');

    // when the server starts again (seeding the shipped catalogue), the Studio's edits stay
    await seedCatalogue(server.knex, { demoUsers: false });
    const material = (await designer.get('/api/catalogue/materials')).body.find(
      (m: { key: string }) => m.key === 'premisesProof',
    );
    expect(material.name.zh).toBe('经营场所使用证明');
    expect((await formOf(food)).source).toBe('designer');
    const form = (await designer.get('/api/bundles/restaurant')).body.form;
    expect(form.components.map((c: Field) => c.key)).toContain(seatsKey);
  });
});
