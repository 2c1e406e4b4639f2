import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { type ItemMaterialsView, materialOf, pdfBytes, pngBytes, upload } from '../support/materials';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

// The restaurant's items (catalogue codes), in the order of its composition.
const BUSINESS = '000104001000';
const FOOD = '000131024000';
const SIGNAGE = '000143017000';
const FIRE = '000125049000';
const ENVIRONMENT = '990160001000';
const TOBACCO = '000162004000';

beforeAll(async () => {
  server = await startTestServer('materials');
});
afterAll(async () => {
  await server?.dispose();
});

async function count(table: string): Promise<number> {
  const row = await server.knex(table).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** Files a restaurant case with these uploads by material key, and accepts it at the window. */
async function fileRestaurant(applicant: ApiClient, materials?: Record<string, string>) {
  const filed = await applicant.post('/api/cases', {
    bundleKey: 'restaurant',
    form: restaurantForm,
    ...(materials ? { materials } : {}),
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body as { id: string; caseNumber: string; itemMaterials: ItemMaterialsView[] };
}

async function caseMaterials(client: ApiClient, caseId: string): Promise<ItemMaterialsView[]> {
  const res = await client.get(`/api/cases/${caseId}`);
  expect(res.status).toBe(200);
  return res.body.itemMaterials;
}

/** 核验 as `client`, naming the file the clerk sees attached now (its content hash). */
async function verifyAsViewed(client: ApiClient, caseId: string, materialKey: string) {
  const view = await client.get(`/api/cases/${caseId}/materials`);
  const sha256 = ((view.body.items ?? []) as ItemMaterialsView[])
    .flatMap((i) => i.materials)
    .find((m) => m.key === materialKey)?.attachment?.upload?.sha256;
  return client.post(`/api/cases/${caseId}/materials/${materialKey}/verify`, {
    sha256: sha256 ?? '0'.repeat(64),
  });
}

async function openTask(username: string, caseId: string, elementId: string) {
  const res = await (await as(username)).get('/api/queue?limit=100');
  const task = (res.body.tasks as { id: string; caseId: string; elementId: string }[]).find(
    (t) => t.caseId === caseId && t.elementId === elementId,
  );
  expect(task, `${elementId} in ${username}'s queue`).toBeDefined();
  return task!;
}

/** The element id of one step of an item inlined in a composed bundle. */
const step = (itemCode: string, key: 'intake' | 'review' | 'decision' | 'issuance') =>
  `Item_${itemCode}_${key}`;

describe('Given the restaurant bundle, whose items share materials', () => {
  it('should let one upload satisfy the same material in every item that needs it', async () => {
    // Given the applicant uploads the lease once
    const applicant = await as('zhangsan');
    const lease = await upload(applicant, pdfBytes('lease'), 'application/pdf', '租赁合同.pdf');
    expect(lease.status).toBe(201);
    expect(lease.body).toMatchObject({ filename: '租赁合同.pdf', mediaType: 'application/pdf' });
    expect(lease.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    // When they file the case with it as the premises proof
    const filed = await fileRestaurant(applicant, { premisesProof: lease.body.id });

    // Then the business licence, the food licence and the signage permit all show that one upload
    const items = await caseMaterials(applicant, filed.id);
    for (const item of [BUSINESS, FOOD, SIGNAGE]) {
      const premises = materialOf(items, item, 'premisesProof');
      expect(premises.attachment).toMatchObject({
        source: 'upload',
        trustLevel: 'C',
        upload: { id: lease.body.id, filename: '租赁合同.pdf' },
        eLicence: null,
      });
      // The items accept premises proof at B: the clerk checks the applicant's scan.
      expect(premises.status).toBe('needsVerification');
    }
    // And it is stored once for the case
    expect(await server.knex('case_materials').where({ case_id: filed.id })).toHaveLength(1);
    // And the merged list for the apply form asks for it once, naming the three items
    const merged = await applicant.get('/api/bundles/restaurant/materials');
    const premises = merged.body.materials.filter((m: { key: string }) => m.key === 'premisesProof');
    expect(premises).toHaveLength(1);
    expect(premises[0].items.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining([BUSINESS, FOOD, SIGNAGE]),
    );
    // And the business licence is not asked for: the first item of the chain issues it
    const licence = merged.body.materials.find((m: { key: string }) => m.key === 'businessLicence');
    expect(licence.providedBy).toMatchObject({ itemCode: BUSINESS });
  });

  it('should refuse a file of the wrong type or size, or an upload not yours, and change nothing', async () => {
    const applicant = await as('zhangsan');
    const filed = await fileRestaurant(applicant);
    const before = {
      files: await count('files'),
      uploads: await count('uploads'),
      cm: await count('case_materials'),
    };

    // When the applicant uploads a text file, a PNG labelled as PDF, an empty file and an 11 MB PDF
    const text = await upload(applicant, Buffer.from('hello'), 'text/plain');
    expect(text.status).toBe(400);
    expect(text.body.error).toMatchObject({ code: 'unsupported_file_type' });
    // in Chinese unless the request asks for English, and in both languages alongside
    expect(text.body.error.message).toMatch(/PDF、JPEG 或 PNG/);
    expect(text.body.error.messages.en).toMatch(/PDF, JPEG or PNG/);
    const disguised = await upload(applicant, pngBytes(), 'application/pdf');
    expect(disguised.status).toBe(400);
    expect(disguised.body.error.code).toBe('file_content_mismatch');
    const empty = await upload(applicant, Buffer.alloc(0), 'application/pdf');
    expect(empty.status).toBe(400);
    const huge = await upload(applicant, Buffer.concat([pdfBytes(), Buffer.alloc(11 * 1024 * 1024)]));
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'file_too_large' });
    expect(huge.body.error.message).toMatch(/10 MB/);

    // And someone else's upload is attached to their case, or a material no item asks for
    const other = await as('lisi');
    const theirs = await upload(other, pdfBytes('lisi'));
    const foreign = await applicant.request('PUT', `/api/cases/${filed.id}/materials/premisesProof`, {
      uploadId: theirs.body.id,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details).toEqual([
      {
        path: 'materials.premisesProof',
        message: expect.stringMatching(/^不是你的上传文件/),
        messages: {
          'zh-CN': expect.stringMatching(/^不是你的上传文件/),
          en: expect.stringMatching(/^not an upload of yours/),
        },
      },
    ]);
    const mine = await upload(applicant, pdfBytes('unasked'));
    const unasked = await applicant.request('PUT', `/api/cases/${filed.id}/materials/saleContract`, {
      uploadId: mine.body.id,
    });
    expect(unasked.status).toBe(400);
    expect(unasked.body.error.details[0].path).toBe('materials.saleContract');

    // Then nothing was stored or attached but the two good uploads
    expect(await count('files')).toBe(before.files + 2);
    expect(await count('uploads')).toBe(before.uploads + 2);
    expect(await count('case_materials')).toBe(before.cm);
  });

  it('should make uploads, filings and attachments safe to retry', async () => {
    const applicant = await as('zhangsan');
    const bytes = pdfBytes('rules');
    const files = await count('files');

    // When the same file is uploaded twice, it is the same upload, stored once
    const first = await upload(applicant, bytes, 'application/pdf', '制度.pdf');
    const again = await upload(applicant, bytes, 'application/pdf', '制度.pdf');
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    // And another applicant's copy of the same bytes is their own upload of the one stored file
    const copy = await upload(await as('lisi'), bytes);
    expect(copy.status).toBe(201);
    expect(copy.body.id).not.toBe(first.body.id);
    expect(copy.body.sha256).toBe(first.body.sha256);
    expect(await count('files')).toBe(files + 1);

    // When a filing with materials is retried with the same Idempotency-Key, there is one case
    const body = {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { foodSafetyRules: first.body.id },
    };
    const headers = { 'Idempotency-Key': 'materials-retry-1' };
    const filed = await applicant.post('/api/cases', body, headers);
    const retried = await applicant.post('/api/cases', body, headers);
    expect(retried.body.id).toBe(filed.body.id);
    expect(await server.knex('case_materials').where({ case_id: filed.body.id })).toHaveLength(1);
    await acceptAtWindow(server.url, filed.body.id);

    // When a later upload is attached twice, the second changes nothing
    const layout = await upload(applicant, pdfBytes('layout'));
    const events = async () =>
      (await server.knex('case_events').where({ case_id: filed.body.id, type: 'materials.attached' })).length;
    const eventsBefore = await events();
    for (let i = 0; i < 2; i++) {
      const put = await applicant.request('PUT', `/api/cases/${filed.body.id}/materials/layoutPlan`, {
        uploadId: layout.body.id,
      });
      expect(put.status).toBe(200);
      expect(materialOf(put.body.items, FOOD, 'layoutPlan').attachment?.upload?.id).toBe(layout.body.id);
    }
    expect(await events()).toBe(eventsBefore + 1);
  });

  it('should attach the business licence to the food-licence task without any upload once the business-licence task concludes', async () => {
    // Given a case filed with no business licence (the chain's first item issues it)
    const applicant = await as('zhangsan');
    const licencesBefore = await count('e_licences');
    const filed = await fileRestaurant(applicant);
    expect(materialOf(await caseMaterials(applicant, filed.id), FOOD, 'businessLicence')).toMatchObject({
      status: 'awaitingELicence',
      attachment: null,
    });

    // When market regulation works the business licence through its steps, and concludes it with
    // its issuance (the last request retried)
    const market = await as('market.clerk');
    for (const key of ['intake', 'review', 'decision'] as const) {
      const before = await openTask('market.clerk', filed.id, step(BUSINESS, key));
      expect((await concludeStep(market, before)).status).toBe(200);
      expect(await count('e_licences')).toBe(licencesBefore);
    }
    const business = await openTask('market.clerk', filed.id, step(BUSINESS, 'issuance'));
    const headers = { 'Idempotency-Key': `complete-${business.id}` };
    const done = await market.post(`/api/tasks/${business.id}/complete`, { outcome: 'approved' }, headers);
    expect(done.status).toBe(200);
    expect(
      (await market.post(`/api/tasks/${business.id}/complete`, { outcome: 'approved' }, headers)).status,
    ).toBe(200);

    // Then one business licence is issued to the applicant, by the authority (trust A)
    expect(await count('e_licences')).toBe(licencesBefore + 1);
    const issued = await server.knex('e_licences').where({ issuing_case_id: filed.id }).first();
    expect(issued).toMatchObject({
      type: 'businessLicence',
      trust_level: 'A',
      issuing_department_id: 'market',
      issuing_item_code: BUSINESS,
      holder_entity: restaurantForm['entity.name'],
      number: `${filed.caseNumber}-${BUSINESS}`,
    });

    // And the audit log records the issuance
    const timeline = (await applicant.get(`/api/cases/${filed.id}`)).body.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'eLicence.issued')).toEqual([
      expect.objectContaining({
        actor: null,
        departmentId: 'market',
        detail: expect.objectContaining({ number: issued.number, trustLevel: 'A' }),
      }),
    ]);

    // And the food-licence task's materials show it attached: trust A, no upload
    const food = await openTask('market.clerk', filed.id, step(FOOD, 'intake'));
    const taskMaterials = await market.get(`/api/tasks/${food.id}/materials`);
    expect(taskMaterials.status).toBe(200);
    expect(taskMaterials.body.item.itemCode).toBe(FOOD);
    const licence = materialOf([taskMaterials.body.item], FOOD, 'businessLicence');
    expect(licence).toMatchObject({
      status: 'satisfied',
      attachment: {
        source: 'eLicence',
        trustLevel: 'A',
        upload: null,
        eLicence: { type: 'businessLicence', number: issued.number, trustLevel: 'A' },
      },
    });
    // And so does the signage permit's, in another department
    const signage = await openTask('urban.clerk', filed.id, step(SIGNAGE, 'intake'));
    const signageMaterials = await (await as('urban.clerk')).get(`/api/tasks/${signage.id}/materials`);
    expect(materialOf([signageMaterials.body.item], SIGNAGE, 'businessLicence').attachment?.source).toBe(
      'eLicence',
    );
    expect(materialOf(await caseMaterials(applicant, filed.id), SIGNAGE, 'businessLicence').status).toBe(
      'satisfied',
    );
    // And a clerk of another department cannot read the food task's materials
    expect((await (await as('urban.clerk')).get(`/api/tasks/${food.id}/materials`)).status).toBe(404);

    // When the same applicant files another restaurant case
    const later = await fileRestaurant(applicant);
    // Then the licence they hold is reused: nothing to upload
    expect(materialOf(later.itemMaterials, FOOD, 'businessLicence').attachment).toMatchObject({
      source: 'reused',
      trustLevel: 'A',
      upload: null,
      eLicence: { number: issued.number },
    });
    const merged = await applicant.get('/api/bundles/restaurant/materials?items=000131024000');
    const held = merged.body.materials.find((m: { key: string }) => m.key === 'businessLicence');
    expect(held.reusable).toEqual({ kind: 'eLicence', trustLevel: 'A' });
  });

  it("should reuse an applicant's upload in a later case only after a clerk verified it (C → B)", async () => {
    // Given 李四 filed a case with a scan of the lease (trust C)
    const applicant = await as('lisi');
    const lease = await upload(applicant, pdfBytes('lisi-lease'), 'application/pdf', 'lease.pdf');
    const first = await fileRestaurant(applicant, { premisesProof: lease.body.id });

    // When they file a second case before any clerk looked at it
    const second = await fileRestaurant(applicant);
    // Then the scan is not reused: the material is missing there
    expect(materialOf(second.itemMaterials, FOOD, 'premisesProof')).toMatchObject({
      status: 'missing',
      attachment: null,
    });
    const merged = await applicant.get('/api/bundles/restaurant/materials');
    expect(merged.body.materials.find((m: { key: string }) => m.key === 'premisesProof').reusable).toBeNull();

    // When a clerk of a department with no item asking for it tries to verify, they may not
    const eco = await as('eco.clerk');
    expect((await verifyAsViewed(eco, first.id, 'premisesProof')).status).toBe(404);

    // When the market clerk verifies it against the original (twice: the second is a no-op)
    const market = await as('market.clerk');
    const verified = await verifyAsViewed(market, first.id, 'premisesProof');
    expect(verified.status).toBe(200);
    expect(materialOf(verified.body.items, BUSINESS, 'premisesProof')).toMatchObject({
      status: 'satisfied',
      attachment: { source: 'upload', trustLevel: 'B', verifiedBy: { displayName: '王芳（市场监管）' } },
    });
    expect((await verifyAsViewed(market, first.id, 'premisesProof')).status).toBe(200);
    expect(
      await server.knex('case_events').where({ case_id: first.id, type: 'material.verified' }),
    ).toHaveLength(1);

    // Then the next case reuses it, verified, without an upload
    const third = await fileRestaurant(applicant);
    expect(materialOf(third.itemMaterials, SIGNAGE, 'premisesProof')).toMatchObject({
      status: 'satisfied',
      attachment: { source: 'reused', trustLevel: 'B', upload: { id: lease.body.id } },
    });
  });

  it('should issue the licence of a composed item only after its last step (受理 → 审查 → 决定 → 制证发证)', async () => {
    // Given a convenience-store case whose applicant holds no business licence yet
    const applicant = await as('lisi');
    const form = (await applicant.get('/api/bundles/convenienceStore')).body.form as {
      components: {
        key: string;
        type: string;
        values?: { value: string }[];
        validate?: { pattern?: string };
      }[];
    };
    const answers = Object.fromEntries(
      form.components.map((f) => {
        if (f.type === 'checkbox') return [f.key, false];
        if (f.type === 'number') return [f.key, 50];
        if (f.type === 'select') return [f.key, f.values?.[0]?.value];
        const text = (restaurantForm as Record<string, unknown>)[f.key];
        return [f.key, text ?? '示例内容示例内容'];
      }),
    );
    const filed = await applicant.post('/api/cases', { bundleKey: 'convenienceStore', form: answers });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    const market = await as('market.clerk');

    // When market regulation works the business-licence item's steps one by one
    let steps = 0;
    for (; steps < 10; steps++) {
      const detail = await applicant.get(`/api/cases/${filed.body.id}`);
      const open = (detail.body.tasks as { id: string; itemCode: string; status: string }[]).filter(
        (t) => t.itemCode === BUSINESS && (t.status === 'open' || t.status === 'claimed'),
      );
      if (open.length === 0) break;
      // Then until the last step, nothing is issued and the food licence still waits for it
      expect(await server.knex('e_licences').where({ issuing_case_id: filed.body.id })).toHaveLength(0);
      expect(materialOf(detail.body.itemMaterials, FOOD, 'businessLicence').status).toBe('awaitingELicence');
      expect((await concludeStep(market, open[0]!)).status).toBe(200);
    }

    expect(steps).toBe(4);
    // Then after the last one the licence is issued once and attached to the food licence
    expect(await server.knex('e_licences').where({ issuing_case_id: filed.body.id })).toHaveLength(1);
    const after = await caseMaterials(applicant, filed.body.id);
    expect(materialOf(after, FOOD, 'businessLicence').attachment).toMatchObject({
      source: 'eLicence',
      trustLevel: 'A',
    });
  });

  it("should show the window every item's materials at intake (受理), and let the front desk verify any of them", async () => {
    // Given a case filed with the sign design (the urban department's item asks for it)
    const applicant = await as('zhangsan');
    const sign = await upload(applicant, pngBytes(), 'image/png', '招牌.png');
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { signDesign: sign.body.id },
    });
    expect(filed.status).toBe(201);

    // When the market window opens the intake step's materials
    const intake = await openTask('market.clerk', filed.body.id, 'intake');
    const market = await as('market.clerk');
    const res = await market.get(`/api/tasks/${intake.id}/materials`);
    expect(res.status).toBe(200);
    // Then it sees every item the answers include, to tell all corrections at once — not the fire
    // check (120 m², under the threshold) nor the tobacco licence (none sold)
    expect(res.body.item).toBeNull();
    expect(res.body.items.map((i: { itemCode: string }) => i.itemCode)).toEqual([
      BUSINESS,
      FOOD,
      SIGNAGE,
      ENVIRONMENT,
    ]);
    expect(
      [FIRE, TOBACCO].some((code) => res.body.items.some((i: { itemCode: string }) => i.itemCode === code)),
    ).toBe(false);
    expect(materialOf(res.body.items, SIGNAGE, 'signDesign').attachment).toMatchObject({
      source: 'upload',
      trustLevel: 'C',
      upload: { filename: '招牌.png' },
    });
    // And as the lead department's front desk it may verify another department's material
    const verified = await verifyAsViewed(market, filed.body.id, 'signDesign');
    expect(verified.status).toBe(200);
    expect(materialOf(verified.body.items, SIGNAGE, 'signDesign').attachment?.trustLevel).toBe('B');
    await acceptAtWindow(server.url, filed.body.id);
  });

  it('should give the apply form the conditions of the items, and merge only the items that run', async () => {
    const applicant = await as('lisi');
    // Given the convenience store, whose business licence is skipped when one is already held
    const all = await applicant.get('/api/bundles/convenienceStore/materials');
    expect(all.status).toBe(200);
    const business = all.body.items.find((i: { code: string }) => i.code === BUSINESS);
    expect(business.when).toMatch(/hasBusinessLicence/);
    expect(all.body.items.find((i: { code: string }) => i.code === FOOD).when).toBeNull();
    expect(
      all.body.materials.find((m: { key: string }) => m.key === 'businessLicence').providedBy,
    ).toMatchObject({
      itemCode: BUSINESS,
    });

    // When the applicant holds one, so only the food licence runs
    const foodOnly = await applicant.get(`/api/bundles/convenienceStore/materials?items=${FOOD}`);
    // Then the business licence is asked for as a material, and the registration form is not
    const licence = foodOnly.body.materials.find((m: { key: string }) => m.key === 'businessLicence');
    expect(licence).toMatchObject({ providedBy: null, required: true });
    expect(foodOnly.body.materials.map((m: { key: string }) => m.key)).not.toContain(
      'registrationApplication',
    );
  });

  it("should serve an upload's bytes only to who may read them, and document the raw upload", async () => {
    // Given 张三's case with a scanned floor plan
    const applicant = await as('zhangsan');
    const bytes = pdfBytes('floor-plan');
    const plan = await upload(applicant, bytes, 'application/pdf', '平面图.pdf');
    await fileRestaurant(applicant, { layoutPlan: plan.body.id });
    const download = async (client: ApiClient) =>
      fetch(`${server.url}/api/uploads/${plan.body.id}/content`, {
        headers: { authorization: `Bearer ${client.token}` },
      });

    // Then the uploader and the market clerk (a step in the case) read the same bytes
    for (const reader of [applicant, await as('market.clerk')]) {
      const res = await download(reader);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/pdf/);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
    // And another applicant, and a clerk with no step in the case, learn nothing
    for (const stranger of [await as('lisi'), await as('eco.clerk')]) {
      expect((await download(stranger)).status).toBe(404);
    }

    // And an anonymous upload is refused before its body is read
    const anonymous = await upload(new ApiClient(server.url), pdfBytes());
    expect(anonymous.status).toBe(401);

    // And the OpenAPI document describes the raw body and the 413
    const doc = (await applicant.get('/api/openapi.json')).body;
    const post = doc.paths['/api/uploads'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    expect(post.responses['413']).toBeDefined();
    expect(doc.paths['/api/tasks/{id}/materials'].get).toBeDefined();
  });
});
