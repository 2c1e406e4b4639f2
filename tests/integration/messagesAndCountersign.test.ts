import { ApiClient, restaurantForm } from '@yijian/examples';
import { deployDefinition } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

/**
 * A restaurant variant for the test: after the review the case waits for the fire department's
 * system to report its inspection (a message correlated by the shop's name), then market and fire
 * countersign (会签), each by a named clerk.
 */
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_msg" targetNamespace="http://yijian.dev/test">
  <bpmn:message id="Message_report" name="inspectionReport" yj:correlationKey="=shop.name" />
  <bpmn:process id="restaurant" name="开办餐馆" isExecutable="true">
    <bpmn:extensionElements><yj:limit value="20" unit="workingDays" kind="statutory" /></bpmn:extensionElements>
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_review" name="受理审查" yj:department="market" />
    <bpmn:intermediateCatchEvent id="Catch_report" name="等待消防检查结果">
      <bpmn:messageEventDefinition messageRef="Message_report" />
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="Task_sign" name="联合会签" yj:countersign="all" yj:assignees="market:market.clerk,fire:fire.clerk">
      <bpmn:multiInstanceLoopCharacteristics isSequential="false" />
    </bpmn:userTask>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Catch_report" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Catch_report" targetRef="Task_sign" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_sign" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  server = await startTestServer('messages_countersign');
  await deployDefinition(server.knex, 'restaurant', xml);
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given a case that waits for a department system’s report', () => {
  it('should deliver the message to the case by its correlation, then open a countersign per named clerk', async () => {
    // Given two cases of different shops, both past their review
    const applicant = await as('zhangsan');
    const market = await as('market.clerk');
    const cases: string[] = [];
    for (const name of ['张记小馆', '李家面馆']) {
      const filed = await applicant.post('/api/cases', {
        bundleKey: 'restaurant',
        form: { ...restaurantForm, 'shop.name': name },
      });
      const accepted = await acceptAtWindow(server.url, filed.body.id);
      const review = accepted.tasks.find((t: { elementId: string }) => t.elementId === 'Task_review');
      expect((await market.post(`/api/tasks/${review.id}/complete`, { outcome: 'approved' })).status).toBe(
        200,
      );
      cases.push(filed.body.id);
    }
    expect(await server.knex('case_subscriptions').where({ name: 'inspectionReport' })).toHaveLength(2);

    // When a message nobody waits for arrives, it is refused and nothing changes
    const admin = await as('admin');
    const stray = await admin.post('/api/messages', { name: 'inspectionReport', correlation: '王记烧烤' });
    expect(stray.status).toBe(404);
    expect(stray.body.error.code).toBe('no_subscriber');

    // When the fire system reports on the second shop
    const report = await admin.post(
      '/api/messages',
      { name: 'inspectionReport', correlation: '李家面馆', variables: { fireInspection: 'passed' } },
      { 'Idempotency-Key': 'report-1' },
    );
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      delivered: true,
      caseId: cases[1],
      elementId: 'Catch_report',
      duplicate: false,
    });
    // and the same report is retried, it is delivered once
    const retry = await admin.post(
      '/api/messages',
      { name: 'inspectionReport', correlation: '李家面馆', variables: { fireInspection: 'passed' } },
      { 'Idempotency-Key': 'report-1' },
    );
    expect(retry.body).toEqual({ ...report.body, duplicate: true });

    // Then only that case moves on, to a countersign held by each named clerk
    const first = await admin.get(`/api/cases/${cases[0]}`);
    expect(first.body.openTasks).toEqual([]);
    const second = await admin.get(`/api/cases/${cases[1]}`);
    const signs = second.body.tasks.filter((t: { elementId: string }) => t.elementId === 'Task_sign');
    expect(
      signs
        .map(
          (t: { departmentId: string; status: string; assignee: { displayName: string } }) =>
            `${t.departmentId} ${t.status} ${t.assignee.displayName}`,
        )
        .sort(),
    ).toEqual(['fire claimed 刘强（消防）', 'market claimed 王芳（市场监管）']);
    expect(second.body.form).toBeDefined();
    expect(await server.knex('case_subscriptions').where({ case_id: cases[1] })).toHaveLength(0);

    // When both sign, the case concludes; nobody else can sign for them
    const fire = await as('fire.clerk');
    const fireSign = signs.find((t: { departmentId: string }) => t.departmentId === 'fire');
    const marketSign = signs.find((t: { departmentId: string }) => t.departmentId === 'market');
    expect((await admin.post(`/api/tasks/${fireSign.id}/complete`, { outcome: 'approved' })).status).toBe(
      409,
    );
    expect((await fire.post(`/api/tasks/${fireSign.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    expect((await market.post(`/api/tasks/${marketSign.id}/complete`, { outcome: 'approved' })).status).toBe(
      200,
    );
    expect((await applicant.get(`/api/cases/${cases[1]}`)).body.status).toBe('concluded');
  });
});
