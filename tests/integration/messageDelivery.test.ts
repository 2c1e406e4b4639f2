import { ApiClient, restaurantForm } from '@yijian/examples';
import { deployDefinition } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

/** After the review the case waits for the fire system's report, correlated by the shop's name. */
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_race" targetNamespace="http://yijian.dev/test">
  <bpmn:message id="Message_report" name="inspectionReport" yj:correlationKey="=shop.name" />
  <bpmn:process id="restaurant" name="开办餐馆" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_review" name="受理审查" yj:department="market" />
    <bpmn:intermediateCatchEvent id="Catch_report" name="等待消防检查结果">
      <bpmn:messageEventDefinition messageRef="Message_report" />
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="Task_licence" name="核发许可" yj:department="market" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Catch_report" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Catch_report" targetRef="Task_licence" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_licence" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  server = await startTestServer('message_delivery');
  await deployDefinition(server.knex, 'restaurant', xml);
});
afterAll(async () => {
  await server?.dispose();
});

/** Files a case for `shop` and completes its review, so it waits for the shop's report. */
async function caseWaitingForReport(shop: string): Promise<string> {
  const applicant = await as('zhangsan');
  const market = await as('market.clerk');
  const filed = await applicant.post('/api/cases', {
    bundleKey: 'restaurant',
    form: { ...restaurantForm, 'shop.name': shop },
  });
  expect(filed.status).toBe(201);
  const accepted = await acceptAtWindow(server.url, filed.body.id);
  const review = accepted.tasks.find((t: { elementId: string }) => t.elementId === 'Task_review');
  expect((await market.post(`/api/tasks/${review.id}/complete`, { outcome: 'approved' })).status).toBe(200);
  return filed.body.id;
}

const licenceSteps = (caseId: string) =>
  server.knex('tasks').where({ case_id: caseId, element_id: 'Task_licence' }).select('id');

describe('Given cases waiting for a department system’s report', () => {
  it('should deliver one of two simultaneous deliveries and answer the other "nothing waiting"', async () => {
    // Given six shops' cases, each waiting for its inspection report
    const shops = ['一号店', '二号店', '三号店', '四号店', '五号店', '六号店'];
    const cases: string[] = [];
    for (const shop of shops) cases.push(await caseWaitingForReport(shop));
    // and two senders (two sessions, as two systems would be)
    const [first, second] = [await as('admin'), await as('admin')];

    // When each report is delivered twice at the same moment
    const answers = await Promise.all(
      shops.flatMap((shop) =>
        [first, second].map((sender, i) =>
          sender.post('/api/messages', {
            name: 'inspectionReport',
            correlation: shop,
            variables: { fireInspection: i === 0 ? 'passed' : 'passed-again' },
          }),
        ),
      ),
    );

    // Then for each shop exactly one is answered delivered and the other 404 no_subscriber
    shops.forEach((_, s) => {
      const pair = answers.slice(s * 2, s * 2 + 2);
      expect(pair.map((a) => a.status).sort()).toEqual([200, 404]);
      const delivered = pair.find((a) => a.status === 200)!;
      expect(delivered.body).toEqual({
        delivered: true,
        caseId: cases[s],
        elementId: 'Catch_report',
        duplicate: false,
      });
      expect(pair.find((a) => a.status === 404)!.body.error.code).toBe('no_subscriber');
    });
    // and each case moved on exactly once
    for (const caseId of cases) {
      expect(await licenceSteps(caseId)).toHaveLength(1);
      expect(await server.knex('case_subscriptions').where({ case_id: caseId })).toHaveLength(0);
    }
  });

  it('should answer a simultaneous retry with the same Idempotency-Key as a duplicate of the one delivery', async () => {
    // Given a case waiting for its report
    const caseId = await caseWaitingForReport('七号店');
    const sender = await as('admin');

    // When the same report is sent twice at once with one Idempotency-Key
    const body = { name: 'inspectionReport', correlation: '七号店' };
    const answers = await Promise.all([
      sender.post('/api/messages', body, { 'Idempotency-Key': 'fire-report-7' }),
      sender.post('/api/messages', body, { 'Idempotency-Key': 'fire-report-7' }),
    ]);

    // Then both are acknowledged, one as the delivery and one marked as its duplicate
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.duplicate).sort()).toEqual([false, true]);
    for (const a of answers) expect(a.body).toMatchObject({ delivered: true, caseId });
    // and the case moved on once
    expect(await licenceSteps(caseId)).toHaveLength(1);
  });
});
