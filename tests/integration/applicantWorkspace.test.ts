import { ApiClient } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatForm, workToDelivery } from '../support/flatCase';
import { pdfBytes, upload } from '../support/materials';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};
const put = async (username: string, path: string, body: unknown) =>
  (await as(username)).request('PUT', path, body);
const del = async (username: string, path: string) => (await as(username)).request('DELETE', path);

beforeAll(async () => {
  server = await startTestServer('applicant_workspace');
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given an applicant filling the second-hand-flat form (草稿 and 预填)', () => {
  it('should save a draft on the server, resume it, keep it from others, and discard it when the case is filed', async () => {
    const zhangsan = await as('zhangsan');
    const file = await upload(zhangsan, pdfBytes('contract'), 'application/pdf', '买卖合同.pdf');
    expect(file.status).toBe(201);

    // When 张三 saves half the form and the sale contract, on the second section
    const saved = await put('zhangsan', '/api/drafts/secondHandFlat', {
      form: { 'seller.name': '张三', 'property.area': 89.5, 'property.hasGas': false },
      materials: { saleContract: file.body.id },
      step: 1,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);

    // Then a reload finds it where it was, with the upload
    const resumed = await zhangsan.get('/api/drafts/secondHandFlat');
    expect(resumed.status).toBe(200);
    expect(resumed.body.form).toEqual({
      'seller.name': '张三',
      'property.area': 89.5,
      'property.hasGas': false,
    });
    expect(resumed.body.step).toBe(1);
    expect(resumed.body.materials.saleContract.filename).toBe('买卖合同.pdf');
    const list = await zhangsan.get('/api/drafts');
    expect(list.body).toEqual([
      expect.objectContaining({ bundleKey: 'secondHandFlat', answered: 3, step: 1 }),
    ]);

    // And another applicant neither sees it nor can save someone else's upload into a draft
    expect((await (await as('lisi')).get('/api/drafts/secondHandFlat')).status).toBe(404);
    const stolen = await put('lisi', '/api/drafts/secondHandFlat', {
      form: {},
      materials: { saleContract: file.body.id },
      step: 0,
    });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.details[0].path).toBe('materials.saleContract');
    // (nor can a clerk keep drafts)
    expect((await (await as('housing.clerk')).get('/api/drafts')).status).toBe(403);

    // When the case is filed from the draft
    const filed = await zhangsan.post('/api/cases', { bundleKey: 'secondHandFlat', form: flatForm });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    // Then the draft is gone
    expect((await zhangsan.get('/api/drafts/secondHandFlat')).status).toBe(404);
    expect((await del('zhangsan', '/api/drafts/secondHandFlat')).status).toBe(404);

    // And a draft discarded by hand (放弃草稿) is gone too
    const again = await put('zhangsan', '/api/drafts/secondHandFlat', { form: {}, materials: {}, step: 0 });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const discarded = await del('zhangsan', '/api/drafts/secondHandFlat');
    expect(discarded.status).toBe(200);
    expect(discarded.body).toEqual({ deleted: true });
    expect((await zhangsan.get('/api/drafts/secondHandFlat')).status).toBe(404);
  });

  it('should prefill the applicant’s name from the account as the party they are, and refuse unknown bundles', async () => {
    const zhangsan = await as('zhangsan');
    const plain = await zhangsan.get('/api/bundles/secondHandFlat/prefill');
    expect(plain.status).toBe(200);
    // The flat form names buyer and seller, not "the applicant": nothing is guessed
    expect(plain.body.values).toEqual([]);
    // Which fields are whose comes from the field dictionary's sections, for the party picker
    expect(plain.body.parties.map((p: { party: string }) => p.party)).toEqual(['buyer', 'seller']);
    const [buyer, sellerFields] = plain.body.parties;
    expect(buyer.label).toBe('买受人信息');
    expect(buyer.fieldKeys).toContain('buyer.name');
    expect(buyer.fieldKeys.every((k: string) => k.startsWith('buyer.'))).toBe(true);
    expect(sellerFields.fieldKeys).toContain('seller.name');
    const seller = await zhangsan.get('/api/bundles/secondHandFlat/prefill?party=seller');
    expect(seller.body.values).toEqual([
      { key: 'seller.name', value: '张三', source: 'account', licenceNumber: null },
    ]);
    const restaurant = await zhangsan.get('/api/bundles/restaurant/prefill');
    expect(restaurant.body.values).toContainEqual({
      key: 'applicant.name',
      value: '张三',
      source: 'account',
      licenceNumber: null,
    });
    expect(restaurant.body.parties).toEqual([]);
    expect((await zhangsan.get('/api/bundles/nope/prefill')).status).toBe(404);
  });
});

describe('Given a correction notice asking for a material (补正)', () => {
  it('should refuse a correction with a note and no requested material, in both languages, and take it once uploaded', async () => {
    const zhangsan = await as('zhangsan');
    const filed = await zhangsan.post('/api/cases', { bundleKey: 'secondHandFlat', form: flatForm });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    const materials = (await zhangsan.get('/api/bundles/secondHandFlat/materials')).body.materials as {
      key: string;
      name: { zh: string; en: string };
      required: boolean;
    }[];
    const contract = materials.find((m) => m.key === 'saleContract')!;
    expect(contract.required).toBe(true);

    // Given the window asks for the sale contract by its name
    const window = await as('realEstate.clerk');
    const intake = filed.body.tasks.find((t: { kind: string }) => t.kind === 'intake');
    const notice = await window.post(`/api/tasks/${intake.id}/intake`, {
      decision: 'correction',
      items: [{ subject: contract.name.zh, reason: '未签字' }],
    });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);

    // The correction screen's upload slots: the contract, once, not yet answered
    const slots = await zhangsan.get(`/api/cases/${caseId}/correction-materials`);
    expect(slots.body.materials).toEqual([
      { key: 'saleContract', name: contract.name, gapAllowed: false, answered: false },
    ]);

    // When the applicant answers with a note only
    const noteOnly = await zhangsan.request(
      'POST',
      `/api/cases/${caseId}/corrections`,
      { form: {}, note: '已补' },
      { 'accept-language': 'en' },
    );
    // Then it is refused, naming the material
    expect(noteOnly.status).toBe(422);
    expect(noteOnly.body.error.code).toBe('correction_materials_missing');
    expect(noteOnly.body.error.message).toContain(contract.name.en);
    expect(noteOnly.body.error.messages['zh-CN']).toContain(contract.name.zh);
    expect(noteOnly.body.error.details[0].path).toBe('materials.saleContract');
    // and 容缺 cannot be declared for a required material
    const gap = await zhangsan.post(`/api/cases/${caseId}/corrections`, {
      form: {},
      toleratedGaps: ['saleContract'],
    });
    expect(gap.status).toBe(422);
    expect(gap.body.error.code).toBe('tolerated_gap_not_allowed');
    expect((await zhangsan.get(`/api/cases/${caseId}`)).body.status).toBe('correction');

    // When the contract is uploaded on the correction screen
    const file = await upload(zhangsan, pdfBytes('signed'), 'application/pdf', '合同（已签字）.pdf');
    const attached = await put('zhangsan', `/api/cases/${caseId}/materials/saleContract`, {
      uploadId: file.body.id,
    });
    expect(attached.status, JSON.stringify(attached.body)).toBe(200);
    expect((await zhangsan.get(`/api/cases/${caseId}/correction-materials`)).body.materials[0].answered).toBe(
      true,
    );
    // Then the same answer goes through
    const answered = await zhangsan.post(`/api/cases/${caseId}/corrections`, { form: {}, note: '已补' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.status).toBe('preReview');
  });
});

describe('Given a delivered second-hand-flat case (好差评 and 整改)', () => {
  it('should take one rating after delivery; a bad one opens a rectification the department closes and the applicant reads', async () => {
    const zhangsan = await as('zhangsan');
    const filed = await zhangsan.post('/api/cases', { bundleKey: 'secondHandFlat', form: flatForm });
    const caseId = filed.body.id as string;

    // Before delivery: nothing to rate
    expect((await zhangsan.get(`/api/cases/${caseId}/rating`)).body).toEqual({
      canRate: false,
      rating: null,
    });
    const early = await zhangsan.post(`/api/cases/${caseId}/rating`, { score: 5, reasons: ['fast'] });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('rating_not_open');

    await workToDelivery(server.url, caseId);
    expect((await zhangsan.get(`/api/cases/${caseId}/rating`)).body.canRate).toBe(true);

    // A bad rating must say why, with reasons of a bad rating
    const bare = await zhangsan.post(`/api/cases/${caseId}/rating`, { score: 1 });
    expect(bare.status).toBe(422);
    expect(bare.body.error.code).toBe('rating_reason_required');
    const mismatch = await zhangsan.post(`/api/cases/${caseId}/rating`, { score: 2, reasons: ['fast'] });
    expect(mismatch.body.error.code).toBe('rating_reason_mismatch');

    // When 张三 rates 不满意 because of repeated materials and trips
    const rated = await zhangsan.post(`/api/cases/${caseId}/rating`, {
      score: 2,
      reasons: ['repeatedMaterials', 'manyTrips'],
      comment: '合同交了两次',
    });
    expect(rated.status, JSON.stringify(rated.body)).toBe(201);
    expect(rated.body.canRate).toBe(false);
    const [opened] = rated.body.rating.rectifications;
    expect(opened).toMatchObject({ departmentId: 'realEstate', status: 'open', score: 2 });
    expect(opened.dueDate > opened.openedAt.slice(0, 10)).toBe(true);
    // 一事一评
    const again = await zhangsan.post(`/api/cases/${caseId}/rating`, { score: 5, reasons: [] });
    expect(again.body.error.code).toBe('rating_exists');

    // Then the registry's clerk sees it in their queue, another department does not
    const registry = await as('realEstate.clerk');
    const queue = (await registry.get('/api/rectifications')).body.rectifications;
    expect(queue.map((r: { caseId: string }) => r.caseId)).toContain(caseId);
    const other = await as('housing.clerk');
    expect((await other.get('/api/rectifications')).body).toEqual({ rectifications: [], nextCursor: null });
    expect((await other.post(`/api/rectifications/${opened.id}/resolve`, { reply: 'x' })).status).toBe(404);
    // and managers see every department's, filterable
    const manager = await as('manager');
    const all = (await manager.get('/api/rectifications?status=all&departmentId=realEstate')).body
      .rectifications;
    expect(all.map((r: { id: string }) => r.id)).toContain(opened.id);
    expect((await zhangsan.get('/api/rectifications')).status).toBe(403);

    // When the registry closes it with what was done
    const empty = await registry.post(`/api/rectifications/${opened.id}/resolve`, { reply: ' ' });
    expect(empty.status).toBe(400);
    const resolved = await registry.post(`/api/rectifications/${opened.id}/resolve`, {
      reply: '已核实，合同改为一次提交、各部门共享',
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    expect(
      (await registry.post(`/api/rectifications/${opened.id}/resolve`, { reply: 'x' })).body.error.code,
    ).toBe('rectification_closed');

    // Then the applicant reads the reply, and the timeline keeps it all
    const view = (await zhangsan.get(`/api/cases/${caseId}/rating`)).body;
    expect(view.rating.rectifications[0]).toMatchObject({
      status: 'resolved',
      reply: '已核实，合同改为一次提交、各部门共享',
      resolvedBy: expect.any(String),
    });
    const types = (await zhangsan.get(`/api/cases/${caseId}`)).body.timeline.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['case.rated', 'rectification.opened', 'rectification.resolved']),
    );
  });
});
