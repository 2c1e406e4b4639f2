import { ApiClient, restaurantForm } from '@yijian/examples';
import { deployDefinition, drainDueJobs } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

/** The restaurant reduced to one market step, so a case concludes in one completion. */
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_delivery" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="restaurant" name="开办餐馆" isExecutable="true">
    <bpmn:extensionElements><yj:limit value="20" unit="workingDays" kind="statutory" /></bpmn:extensionElements>
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_review" name="审查决定" yj:department="market" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  server = await startTestServer('delivery_receipt');
  await deployDefinition(server.knex, 'restaurant', xml);
});
afterAll(async () => {
  await server?.dispose();
});

/** A case of 张三 filed, accepted and concluded. */
async function concludedCase(): Promise<string> {
  const filed = await (await as('zhangsan')).post('/api/cases', {
    bundleKey: 'restaurant',
    form: restaurantForm,
  });
  expect(filed.status).toBe(201);
  const accepted = await acceptAtWindow(server.url, filed.body.id);
  const review = accepted.tasks.find((t: { elementId: string }) => t.elementId === 'Task_review');
  const done = await (await as('market.clerk')).post(`/api/tasks/${review.id}/complete`, {
    outcome: 'approved',
  });
  expect(done.status).toBe(200);
  expect((await (await as('zhangsan')).get(`/api/cases/${filed.body.id}`)).body.status).toBe('concluded');
  return filed.body.id;
}

describe('Given a concluded case', () => {
  it('should issue the 办结通知书 and record delivery by post only with its tracking number', async () => {
    const caseId = await concludedCase();
    await drainDueJobs(server.ctx);
    const applicant = await as('zhangsan');
    const results = await applicant.get(`/api/cases/${caseId}/results`);
    expect(results.body.documents.map((d: { kind: string }) => d.kind)).toEqual([
      'acceptanceNotice',
      'conclusionNotice',
    ]);

    const window = await as('market.clerk');
    const missing = await window.post(`/api/cases/${caseId}/deliver`, { method: 'post' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('tracking_number_required');
    // Nothing changed: still concluded, no delivery
    expect((await applicant.get(`/api/cases/${caseId}/results`)).body.deliveries).toEqual([]);

    const posted = await window.post(`/api/cases/${caseId}/deliver`, {
      method: 'post',
      trackingNumber: 'EMS1234567890',
    });
    expect(posted.status).toBe(200);
    const after = await applicant.get(`/api/cases/${caseId}/results`);
    expect(after.body.deliveries).toEqual([
      expect.objectContaining({ method: 'post', trackingNumber: 'EMS1234567890', confirmedAt: null }),
    ]);
    // A post delivery has no electronic receipt to confirm
    const confirm = await applicant.post(`/api/cases/${caseId}/delivery/confirm`);
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.code).toBe('delivery_not_electronic');
  });

  it('should let the applicant, and only them, confirm an electronic delivery, once, audited', async () => {
    const caseId = await concludedCase();
    const window = await as('market.clerk');
    expect((await window.post(`/api/cases/${caseId}/deliver`, { method: 'electronic' })).status).toBe(200);
    // Another applicant: 404; a clerk: 403
    expect((await (await as('lisi')).post(`/api/cases/${caseId}/delivery/confirm`)).status).toBe(404);
    expect((await window.post(`/api/cases/${caseId}/delivery/confirm`)).status).toBe(403);
    const applicant = await as('zhangsan');
    const first = await applicant.post(`/api/cases/${caseId}/delivery/confirm`);
    expect(first.status).toBe(200);
    expect(first.body.confirmedAt).not.toBeNull();
    const again = await applicant.post(`/api/cases/${caseId}/delivery/confirm`);
    expect(again.body.confirmedAt).toBe(first.body.confirmedAt);
    const events = await server
      .knex('case_events')
      .where({ case_id: caseId })
      .whereIn('type', ['delivery.recorded', 'delivery.confirmed']);
    expect(events.map((e) => e.type)).toEqual(['delivery.recorded', 'delivery.confirmed']);
    // The applicant heard the results were delivered
    const notes = (await applicant.get('/api/notifications')).body.notifications;
    expect(
      notes.some((n: { kind: string; caseId: string }) => n.kind === 'resultReady' && n.caseId === caseId),
    ).toBe(true);
  });
});
