import { createHash } from 'node:crypto';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { type ItemMaterialsView, materialOf, pdfBytes, upload } from '../support/materials';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Trust in materials (issue 14, acceptance 4): 核验 is of the file the clerk looked at, and an
 * e-licence serves only the business (持证主体) it was issued to.
 */
let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);
const FOOD = '000131024000';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  server = await startTestServer('material_trust');
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given a clerk checking an applicant’s upload (核验)', () => {
  it('should refuse to verify a file the applicant swapped in after the clerk looked, and verify the one viewed', async () => {
    const applicant = await as('zhangsan');
    const original = pdfBytes('original lease');
    const first = await upload(applicant, original);
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { premisesProof: first.body.id },
    });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    await acceptAtWindow(server.url, caseId);

    // Given the clerk viewed the original
    const market = await as('market.clerk');
    const viewed = (await market.get(`/api/cases/${caseId}/materials`)).body.items as ItemMaterialsView[];
    const viewedHash = materialOf(viewed, FOOD, 'premisesProof').attachment?.upload?.sha256;
    expect(viewedHash).toBe(sha256(original));

    // When the applicant swaps in another file before the clerk clicks 核验
    const forged = pdfBytes('forged lease');
    const second = await upload(applicant, forged);
    const put = await applicant.request('PUT', `/api/cases/${caseId}/materials/premisesProof`, {
      uploadId: second.body.id,
    });
    expect(put.status).toBe(200);

    // Then the verification of what the clerk saw is refused, and the forged file stays unchecked
    const refused = await market.post(`/api/cases/${caseId}/materials/premisesProof/verify`, {
      sha256: viewedHash,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('material_changed_since_viewed');
    const after = (await market.get(`/api/cases/${caseId}/materials`)).body.items as ItemMaterialsView[];
    expect(materialOf(after, FOOD, 'premisesProof').attachment).toMatchObject({ trustLevel: 'C' });
    expect(await server.knex('case_events').where({ case_id: caseId, type: 'material.verified' })).toEqual(
      [],
    );

    // And a verification without a hash is a 400
    expect((await market.post(`/api/cases/${caseId}/materials/premisesProof/verify`, {})).status).toBe(400);

    // When the clerk looks again and verifies what is there now, the event names that file
    const ok = await market.post(`/api/cases/${caseId}/materials/premisesProof/verify`, {
      sha256: sha256(forged),
    });
    expect(ok.status).toBe(200);
    const event = await server
      .knex('case_events')
      .where({ case_id: caseId, type: 'material.verified' })
      .first();
    expect(event.payload).toMatchObject({ materialKey: 'premisesProof', sha256: sha256(forged) });
  });
});

describe('Given an applicant with two businesses', () => {
  it('should NOT attach the e-licence of one business to a case for the other, and show clerks the holder', async () => {
    const applicant = await as('lisi');
    const me = (await applicant.get('/api/me')).body;
    const licence = (holderEntity: string, number: string) => ({
      type: 'businessLicence',
      number,
      holder_user_id: me.id,
      holder_entity: holderEntity,
      issuing_department_id: 'market',
      trust_level: 'A',
      issued_at: new Date().toISOString(),
      data: JSON.stringify({}),
    });
    // Given a business licence issued to another business of the same applicant
    await server.knex('e_licences').insert(licence('李四五金有限公司', 'OTHER-001'));

    // When the applicant files for the restaurant business
    const form = restaurantForm;
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);

    // Then the other business's licence is not attached
    expect(materialOf(filed.body.itemMaterials, FOOD, 'businessLicence')).toMatchObject({
      status: 'awaitingELicence',
      attachment: null,
    });

    // When the restaurant business's own licence exists (name written with a space), it is attached
    await server.knex('e_licences').insert(licence('北京张记 餐饮有限公司', 'OWN-001'));
    const again = await applicant.post('/api/cases', { bundleKey: 'restaurant', form });
    expect(again.status).toBe(201);
    await acceptAtWindow(server.url, again.body.id);
    const market = await as('market.clerk');
    const seen = (await market.get(`/api/cases/${again.body.id}/materials`)).body
      .items as ItemMaterialsView[];
    // And the clerk sees whose licence it is
    expect(materialOf(seen, FOOD, 'businessLicence').attachment).toMatchObject({
      source: 'reused',
      trustLevel: 'A',
      eLicence: { number: 'OWN-001', holderEntity: '北京张记 餐饮有限公司', holderCreditCode: null },
    });
  });
});
