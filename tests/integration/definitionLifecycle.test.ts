import { ApiClient } from '@yijian/examples';
import type { FormField, FormSchema } from '@yijian/process-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const food = '000131024000';
const fire = '000125049000';
const signage = '000143017000';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('definition_lifecycle');
});
afterAll(async () => {
  await server?.dispose();
});

/** 开办烘焙坊: business licence first, then food, signage and (above 300 m²) the fire check. */
const bakery = {
  key: 'bakery',
  name: { zh: '开办烘焙坊', en: 'Open a bakery' },
  description: { zh: '营业执照办结后并联办理。', en: 'After the business licence, in parallel.' },
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
/** Version 2: no signage, and the fire check from 200 m². */
const bakeryV2 = {
  ...bakery,
  items: [{ itemCode: business }, { itemCode: food }, { itemCode: fire, when: 'shop.area > 200' }],
  prerequisites: bakery.prerequisites.filter((p) => p.after !== signage),
};

function sampleAnswer(field: FormField, area: number): unknown {
  const v = field.validate ?? {};
  switch (field.type) {
    case 'checkbox':
      return false;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      return field.key === 'shop.area' ? area : Math.min(v.max ?? 10, Math.max(v.min ?? 0, 10));
    default:
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
  }
}

async function answers(key: string, area: number): Promise<Record<string, unknown>> {
  const detail = await (await as('designer')).get(`/api/bundles/${key}`);
  const form = detail.body.form as FormSchema;
  return Object.fromEntries(form.components.map((f) => [f.key, sampleAnswer(f, area)]));
}

async function file(key: string, area: number): Promise<string> {
  const filed = await (await as('zhangsan')).post('/api/cases', {
    bundleKey: key,
    form: await answers(key, area),
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return filed.body.id as string;
}

/** Completes every open task with its department's clerk until the case concludes. */
async function driveToConclusion(caseId: string): Promise<number> {
  let worked = 0;
  for (let round = 0; round < 50; round++) {
    const detail = await (await as('admin')).get(`/api/cases/${caseId}`);
    if (detail.body.status === 'concluded') return worked;
    const open = detail.body.openTasks as { id: string; departmentId: string }[];
    expect(open.length, `open tasks of an unconcluded case (round ${round})`).toBeGreaterThan(0);
    for (const task of open) {
      const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      worked++;
    }
  }
  throw new Error(`case ${caseId} did not conclude`);
}

/** Completes the open steps of one item only. */
async function completeItem(caseId: string, itemCode: string): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const detail = await (await as('admin')).get(`/api/cases/${caseId}`);
    const open = (
      detail.body.tasks as { id: string; departmentId: string; itemCode: string | null; status: string }[]
    ).filter((t) => t.itemCode === itemCode && (t.status === 'open' || t.status === 'claimed'));
    if (open.length === 0) return;
    for (const task of open) {
      const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
  }
}

describe('Given a bundle deployed in two versions', () => {
  let early: string;
  let later: string;

  beforeAll(async () => {
    const designer = await as('designer');
    expect((await designer.post('/api/bundles', bakery)).status).toBe(201);
    // One case waits at the business licence, one has moved on to signage and the others.
    early = await file('bakery', 400);
    await acceptAtWindow(server.url, early);
    later = await file('bakery', 400);
    await acceptAtWindow(server.url, later);
    await completeItem(later, business);
    const v2 = await designer.post('/api/bundles', bakeryV2);
    expect(v2.body.version).toBe(2);
  });

  it('should list the versions, newest first, with the running cases of each and which one files start on', async () => {
    const res = await (await as('designer')).get('/api/definitions/bakery/versions');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      key: 'bakery',
      latestVersion: 2,
      activeVersion: 2,
      retired: null,
      runningCases: 2,
    });
    expect(
      res.body.versions.map((v: { version: number; runningCases: number; startsNewCases: boolean }) => [
        v.version,
        v.runningCases,
        v.startsNewCases,
      ]),
    ).toEqual([
      [2, 0, true],
      [1, 2, false],
    ]);
    const all = await (await as('designer')).get('/api/definitions');
    expect(all.body.find((d: { key: string }) => d.key === 'bakery')).toMatchObject({ latestVersion: 2 });
    // Applicants and clerks do not manage definitions
    expect((await (await as('zhangsan')).get('/api/definitions')).status).toBe(403);
  });

  it('should diff the two versions element by element: the removed item, the changed condition', async () => {
    const res = await (await as('designer')).get('/api/definitions/bakery/diff?from=1&to=2');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const removed = res.body.removed.map((e: { id: string }) => e.id);
    expect(removed).toContain(`Item_${signage}`);
    expect(removed).toContain(`Item_${signage}_intake`);
    expect(res.body.removed.find((e: { id: string }) => e.id === `Item_${signage}`).name.zh).toBe(
      '户外招牌设置',
    );
    const flowIntoFire = res.body.changed.find(
      (e: { type: string; changes: { attribute: string }[] }) =>
        e.type === 'sequenceFlow' && e.changes.some((c) => c.attribute === 'condition'),
    );
    expect(flowIntoFire.changes).toContainEqual({
      attribute: 'condition',
      before: 'shop.area > 300',
      after: 'shop.area > 200',
    });
    // An unknown version is a 404
    expect((await (await as('designer')).get('/api/definitions/bakery/diff?from=1&to=9')).status).toBe(404);
  });

  it('should export any version as a .bpmn download', async () => {
    const res = await fetch(`${server.url}/api/definitions/bakery/versions/1/bpmn`, {
      headers: { authorization: `Bearer ${(await as('designer')).token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bakery-v1.bpmn"');
    const xml = await res.text();
    expect(xml).toContain(`Item_${signage}`);
    const stored = await server
      .knex('process_definitions')
      .where({ key: 'bakery', version: 1 })
      .first('bpmn_xml');
    expect(xml).toBe(stored.bpmn_xml);
  });

  it('should retire a version: new filings start on the latest one not retired; restore brings it back', async () => {
    const designer = await as('designer');
    const retired = await designer.post('/api/definitions/bakery/versions/2/retire', { reason: '条件有误' });
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body.activeVersion).toBe(1);
    expect(retired.body.versions[0].retired).toMatchObject({ reason: '条件有误' });
    const onV1 = await file('bakery', 100);
    expect(
      (await server.knex('cases').where({ id: onV1 }).first('definition_version')).definition_version,
    ).toBe(1);
    // Retiring it again is a 409 in both languages
    const again = await designer.post('/api/definitions/bakery/versions/2/retire', { reason: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_retired');
    const restored = await designer.post('/api/definitions/bakery/versions/2/restore', { reason: '已修正' });
    expect(restored.body.activeVersion).toBe(2);
    const onV2 = await file('bakery', 100);
    expect(
      (await server.knex('cases').where({ id: onV2 }).first('definition_version')).definition_version,
    ).toBe(2);
    // Audited
    const changes = await server
      .knex('definition_changes')
      .where({ bundle_key: 'bakery', version: 2 })
      .orderBy('id');
    expect(changes.map((c) => c.action)).toEqual(['retired', 'restored']);
    // Clean up so the counts below hold
    await server.knex('tasks').whereIn('case_id', [onV1, onV2]).update({ status: 'cancelled' });
    await server.knex('cases').whereIn('id', [onV1, onV2]).update({ status: 'concluded' });
  });

  it('should migrate in bulk: a dry run says which cases would move and why the others cannot; apply moves them, audited per case', async () => {
    const designer = await as('designer');
    const body = { fromVersion: 1, toVersion: 2, reason: '迁移到第二版', dryRun: true };
    const dry = await designer.post('/api/definitions/bakery/migrations', body);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.moved.map((c: { caseId: string }) => c.caseId)).toEqual([early]);
    expect(dry.body.refused.map((c: { caseId: string }) => c.caseId)).toEqual([later]);
    const problems = dry.body.refused[0].problems as { elementId: string | null; message: string }[];
    expect(problems.map((p) => p.elementId)).toContain(`Item_${signage}`);
    // Nothing moved in the dry run
    expect(
      (await server.knex('cases').where({ id: early }).first('definition_version')).definition_version,
    ).toBe(1);

    const applied = await designer.post('/api/definitions/bakery/migrations', { ...body, dryRun: false });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.moved.map((c: { caseId: string }) => c.caseId)).toEqual([early]);
    expect(applied.body.refused.map((c: { caseId: string }) => c.caseId)).toEqual([later]);
    expect(
      (await server.knex('cases').where({ id: early }).first('definition_version')).definition_version,
    ).toBe(2);
    const event = await server
      .knex('case_events')
      .where({ case_id: early, type: 'case.migrated' })
      .first('payload');
    expect(event.payload).toMatchObject({ fromVersion: 1, toVersion: 2, reason: '迁移到第二版' });
    // And the moved case runs on to conclusion on version 2
    await driveToConclusion(early);
    // A migration to an older version is refused
    const back = await designer.post('/api/definitions/bakery/migrations', {
      ...body,
      fromVersion: 2,
      toVersion: 1,
    });
    expect(back.status).toBe(422);
  });
});

describe('Given a designer retiring a whole bundle', () => {
  it('should hide it from applicants and refuse filings with 409, while a case filed before concludes; restore brings it back', async () => {
    const designer = await as('designer');
    const applicant = await as('zhangsan');
    expect((await designer.post('/api/bundles', { ...bakery, key: 'teashop' })).status).toBe(201);
    const running = await file('teashop', 400);
    await acceptAtWindow(server.url, running);

    // When the designer retires the bundle
    const retired = await designer.post('/api/definitions/teashop/retire', { reason: '测试事项，撤下' });
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body.retired).toMatchObject({ reason: '测试事项，撤下' });

    // Then applicants no longer see it, the guide says it is withdrawn
    const list = await applicant.get('/api/bundles');
    expect(list.body.map((b: { key: string }) => b.key)).not.toContain('teashop');
    const guide = (await fetch(`${server.url}/api/bundles/teashop/guide`).then((r) => r.json())) as {
      withdrawnAt: string | null;
    };
    expect(guide.withdrawnAt).toBeTruthy();
    // And a new filing is refused with 409 in both languages
    const refused = await applicant.post(
      '/api/cases',
      { bundleKey: 'teashop', form: await answers('teashop', 100) },
      { 'Accept-Language': 'en' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('bundle_retired');
    expect(refused.body.error.messages.en).toContain('withdrawn');
    expect(refused.body.error.messages['zh-CN']).toContain('已撤下');

    // And the case filed before completes every step after the retirement
    expect(await driveToConclusion(running)).toBeGreaterThan(4);
    expect((await applicant.get(`/api/cases/${running}`)).body.status).toBe('concluded');

    // When restored, it is offered and filed again
    const restored = await designer.post('/api/definitions/teashop/restore', { reason: '恢复' });
    expect(restored.body.retired).toBeNull();
    expect((await applicant.get('/api/bundles')).body.map((b: { key: string }) => b.key)).toContain(
      'teashop',
    );
    const offered = (await fetch(`${server.url}/api/bundles/teashop/guide`).then((r) => r.json())) as {
      withdrawnAt: string | null;
    };
    expect(offered.withdrawnAt).toBeNull();
    await file('teashop', 100);
    const audit = await server.knex('definition_changes').where({ bundle_key: 'teashop' }).orderBy('id');
    expect(audit.map((a) => [a.action, a.version, a.reason])).toEqual([
      ['retired', null, '测试事项，撤下'],
      ['restored', null, '恢复'],
    ]);
    // and the Studio reads it, newest first, with who did it
    const history = await designer.get('/api/definitions/teashop/changes');
    expect(history.status).toBe(200);
    expect(
      history.body.map((c: { action: string; actor: string; reason: string }) => [c.action, c.reason]),
    ).toEqual([
      ['restored', '恢复'],
      ['retired', '测试事项，撤下'],
    ]);
    expect(history.body[0].actor).toBeTruthy();
    // The audit cannot be rewritten
    await expect(
      server.knex('definition_changes').where({ bundle_key: 'teashop' }).delete(),
    ).rejects.toThrow();
  });
});

describe('Given drafts of a bundle', () => {
  it('should save a composition draft, list and open it, refuse a stale save with 409 and delete it', async () => {
    const designer = await as('designer');
    const created = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'composition',
      name: '第三版草稿',
      composition: bakery,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'composition',
      name: '第三版草稿',
      bpmn: null,
      bundleKey: 'bakery',
    });
    const list = await designer.get('/api/definitions/bakery/drafts');
    expect(list.body.map((d: { id: string }) => d.id)).toEqual([created.body.id]);

    const saved = await designer.request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: created.body.updatedAt,
      name: '第三版草稿（改）',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.updatedAt).not.toBe(created.body.updatedAt);
    // A save from the copy opened before is stale
    const stale = await (await as('admin')).request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: created.body.updatedAt,
      name: '别人的修改',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('draft_changed');
    expect((await designer.get(`/api/definition-drafts/${created.body.id}`)).body.name).toBe(
      '第三版草稿（改）',
    );
    // A composition of another key does not belong in this draft
    const wrongKey = await designer.request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: saved.body.updatedAt,
      composition: { ...bakery, key: 'other' },
    });
    expect(wrongKey.status).toBe(400);

    const deleted = await designer.request('DELETE', `/api/definition-drafts/${created.body.id}`);
    expect(deleted.status).toBe(200);
    expect((await designer.get(`/api/definition-drafts/${created.body.id}`)).status).toBe(404);
    const audit = await server
      .knex('definition_changes')
      .where({ bundle_key: 'bakery' })
      .whereLike('action', 'draft.%');
    expect(audit.map((a) => a.action)).toEqual(['draft.created', 'draft.saved', 'draft.deleted']);
  });

  it('should import a .bpmn as a draft when the engine can run it, and refuse one it cannot, naming the elements', async () => {
    const designer = await as('designer');
    const xml = (
      await server.knex('process_definitions').where({ key: 'bakery', version: 1 }).first('bpmn_xml')
    ).bpmn_xml as string;
    const imported = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'bpmn',
      name: 'v1.bpmn',
      bpmn: xml,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.bpmn).toBe(xml);

    // A gateway with no way out
    const broken = xml.replace(/<bpmn:outgoing>Flow_Join_2_End_concluded<\/bpmn:outgoing>/, '');
    const refused = await designer.post(
      '/api/definitions/bakery/drafts',
      {
        kind: 'bpmn',
        name: 'broken.bpmn',
        bpmn: broken.replace(/<bpmn:sequenceFlow id="Flow_Join_2_End_concluded"[^>]*\/>/, ''),
      },
      { 'Accept-Language': 'en' },
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.code).toBe('bpmn_refused');
    expect(refused.body.error.details.map((d: { path: string }) => d.path).join(' ')).toMatch(/bpmn\.\w+/);
    expect(refused.body.error.messages['zh-CN']).toContain('引擎无法运行');
    // each problem with the engine's code, its element and the fix, in English as asked
    const deadEnd = refused.body.error.details.find((d: { code: string }) => d.code === 'element_dead_end');
    expect(deadEnd.message).toMatch(/^No way out; connect an outgoing sequence flow/);
    const elementId = deadEnd.path.replace(/^bpmn\./, '');
    expect(refused.body.error.message).toContain(`${elementId}: No way out`);
    expect(refused.body.error.messages['zh-CN']).toContain(`${elementId}: 没有出口`);
    expect(deadEnd.messages['zh-CN']).toMatch(/^没有出口；请连接一条流出的顺序流/);
    // Not XML at all
    const junk = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'bpmn',
      name: 'x',
      bpmn: 'not xml',
    });
    expect(junk.status).toBe(400);
  });

  it('should test-run a draft with sample answers on the engine: the skipped fire check names its condition, nothing is written', async () => {
    const designer = await as('designer');
    const draft = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'composition',
      name: '试运行',
      composition: bakery,
    });
    const before = Number((await server.knex('cases').count({ n: '*' }).first())?.n);
    const small = await designer.post('/api/definitions/test-run', {
      draftId: draft.body.id,
      answers: { 'shop.area': 120, 'shop.investment': 10 },
    });
    expect(small.status, JSON.stringify(small.body)).toBe(200);
    expect(small.body.outcome).toBe('concluded');
    const fireItem = small.body.items.find((i: { itemCode: string }) => i.itemCode === fire);
    expect(fireItem).toMatchObject({ applies: false, condition: 'shop.area > 300' });
    expect(fireItem.conditionText.zh).toBeTruthy();
    expect(
      small.body.items
        .filter((i: { applies: boolean }) => i.applies)
        .map((i: { itemCode: string }) => i.itemCode),
    ).toEqual([business, food, signage]);
    expect(small.body.steps.some((s: { itemCode: string }) => s.itemCode === fire)).toBe(false);
    expect(small.body.visitedElements).toContain(`Item_${business}_intake`);
    expect(small.body.visitedElements).not.toContain(`Item_${fire}`);
    expect(small.body.takenFlows).not.toContain(`Flow_Fork_2_Item_${fire}`);
    expect(small.body.form.components.length).toBeGreaterThan(3);

    const large = await designer.post('/api/definitions/test-run', {
      draftId: draft.body.id,
      answers: { 'shop.area': 400 },
    });
    expect(large.body.items.find((i: { itemCode: string }) => i.itemCode === fire).applies).toBe(true);
    expect(large.body.steps.filter((s: { itemCode: string }) => s.itemCode === fire).length).toBeGreaterThan(
      1,
    );
    expect(large.body.takenFlows).toContain(`Flow_Fork_2_Item_${fire}`);
    // A deployed version can be played too
    const deployed = await designer.post('/api/definitions/test-run', {
      bundleKey: 'bakery',
      version: 1,
      answers: { 'shop.area': 400 },
    });
    expect(deployed.body.outcome).toBe('concluded');
    expect(Number((await server.knex('cases').count({ n: '*' }).first())?.n)).toBe(before);
  });
});

// Last: it publishes the bakery again, which the tests above do not expect.
describe('Given a composition draft reopened in the composer', () => {
  it('should edit a composition draft in place: items, waits and conditions saved back, a stale save refused, then published', async () => {
    const designer = await as('designer');
    const created = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'composition',
      name: '就地编辑',
      composition: bakery,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // When the composer saves the edited composition back with the revision it opened
    const edited = {
      ...bakery,
      items: [{ itemCode: business }, { itemCode: food }, { itemCode: fire, when: 'shop.area > 150' }],
      prerequisites: [
        { before: business, after: food },
        { before: food, after: fire },
      ],
    };
    const saved = await designer.request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: created.body.updatedAt,
      composition: edited,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // Then the same draft holds it (no new draft), under its name
    const reopened = (await designer.get(`/api/definition-drafts/${created.body.id}`)).body;
    expect(reopened).toMatchObject({ id: created.body.id, name: '就地编辑', kind: 'composition' });
    expect(reopened.composition.items).toEqual(edited.items);
    expect(reopened.composition.prerequisites).toEqual(edited.prerequisites);
    // and a save from the copy opened before is a 409 that changes nothing
    const stale = await designer.request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: created.body.updatedAt,
      composition: bakery,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('draft_changed');
    expect((await designer.get(`/api/definition-drafts/${created.body.id}`)).body.composition.items).toEqual(
      edited.items,
    );
    // Publishing what the draft holds makes it the bundle's next version
    const latest = (await designer.get('/api/bundles/bakery')).body.version as number;
    const published = await designer.post('/api/bundles', reopened.composition);
    expect(published.status, JSON.stringify(published.body)).toBeLessThan(300);
    expect(published.body).toMatchObject({ version: latest + 1, versionCreated: true });
    const after = (await designer.get('/api/bundles/bakery/composition')).body;
    expect(after.items).toEqual(edited.items);
    await designer.request('DELETE', `/api/definition-drafts/${created.body.id}`);
  });
});
