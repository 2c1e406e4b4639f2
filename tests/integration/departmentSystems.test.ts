import { ApiClient, restaurantForm } from '@yijian/examples';
import { deployDefinition } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

/** A department system: the API client with its key instead of a session. */
function system(key: string) {
  const client = new ApiClient(server.url);
  const headers = { authorization: `ApiKey ${key}` };
  return {
    get: (path: string) => client.request('GET', path, undefined, headers),
    post: (path: string, body: unknown) => client.request('POST', path, body, headers),
  };
}

/** A restaurant variant: review at market, then wait for the inspection report, then a fire step. */
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_sys" targetNamespace="http://yijian.dev/test">
  <bpmn:message id="Message_report" name="inspectionReport" yj:correlationKey="=shop.name" />
  <bpmn:process id="restaurant" name="开办餐馆" isExecutable="true">
    <bpmn:extensionElements><yj:limit value="20" unit="workingDays" kind="statutory" /></bpmn:extensionElements>
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_review" name="受理审查" yj:department="market" />
    <bpmn:intermediateCatchEvent id="Catch_report" name="等待检查结果">
      <bpmn:messageEventDefinition messageRef="Message_report" />
    </bpmn:intermediateCatchEvent>
    <bpmn:userTask id="Task_fire" name="消防意见" yj:department="fire" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Catch_report" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Catch_report" targetRef="Task_fire" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_fire" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  server = await startTestServer('department_systems');
  await deployDefinition(server.knex, 'restaurant', xml);
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given department systems with API keys', () => {
  it('should feed each system its department’s case events and take its reports, scoped to its department', async () => {
    // Given keys issued by the admin to market regulation's, fire's and tobacco's systems
    const admin = await as('admin');
    const issue = async (department: string) => {
      const res = await admin.post(`/api/admin/departments/${department}/api-keys`, {
        name: `${department} 业务系统`,
      });
      expect(res.status).toBe(201);
      expect(res.body.key).toMatch(/^yjk_/);
      return res.body as { id: string; key: string; username: string };
    };
    const [marketKey, fireKey, tobaccoKey] = [
      await issue('market'),
      await issue('fire'),
      await issue('tobacco'),
    ];
    // only the key's hash is stored, and the system account cannot log in with a password
    expect(await server.knex('api_keys').where({ key_hash: marketKey.key }).first()).toBeUndefined();
    const login = await new ApiClient(server.url).post('/api/auth/login', {
      username: marketKey.username,
      password: 'yijian123',
    });
    expect(login.status).toBe(401);
    // and a system may not do what people do
    expect((await system(marketKey.key).get('/api/cases')).status).toBe(403);

    // Given a case past its review, waiting for the inspection report
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    const accepted = await acceptAtWindow(server.url, filed.body.id);
    const review = accepted.tasks.find((t: { elementId: string }) => t.elementId === 'Task_review');
    expect(
      (await (await as('market.clerk')).post(`/api/tasks/${review.id}/complete`, { outcome: 'approved' }))
        .status,
    ).toBe(200);

    // Then the market system (the lead) sees the case's events; the fire system nothing yet
    const marketFeed = await system(marketKey.key).get('/api/system/events?limit=100');
    expect(marketFeed.status).toBe(200);
    const types = marketFeed.body.events.map((e: { type: string }) => e.type);
    expect(types.slice(0, 3)).toEqual(['case.filed', 'task.created', 'task.claimed']);
    expect(types).toContain('case.accepted');
    expect(marketFeed.body.events[0]).toMatchObject({
      caseNumber: filed.body.caseNumber,
      bundleKey: 'restaurant',
    });
    const fireBefore = await system(fireKey.key).get('/api/system/events');
    expect(fireBefore.body.events).toEqual([]);

    // When the tobacco system reports on a case its department has nothing to do with, it reaches nothing
    const report = {
      name: 'inspectionReport',
      correlation: restaurantForm['shop.name'],
      variables: { result: '合格' },
    };
    const stray = await system(tobaccoKey.key).post('/api/messages', report);
    expect(stray.status).toBe(404);
    // When the market system reports, the case moves on to the fire step
    const delivered = await system(marketKey.key).post('/api/messages', report);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toMatchObject({ caseId: filed.body.id, elementId: 'Catch_report' });

    // Then the fire system's feed has the case, page by page without loss or repeat, keyed by step
    const pages: { seq: number; type: string; elementId: string | null; departmentId: string | null }[][] =
      [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page = await system(fireKey.key).get(
        `/api/system/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      if (page.body.events.length === 0) {
        expect(page.body.nextCursor).toBe(cursor);
        break;
      }
      pages.push(page.body.events);
      cursor = page.body.nextCursor;
    }
    const all = pages.flat();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.find((e) => e.type === 'task.created' && e.elementId === 'Task_fire')).toMatchObject({
      departmentId: 'fire',
    });
    // and a bad cursor is refused
    expect((await system(fireKey.key).get('/api/system/events?cursor=bogus')).status).toBe(400);

    // When the admin revokes the market key, it opens nothing any more
    expect((await admin.post(`/api/admin/api-keys/${marketKey.id}/revoke`)).status).toBe(200);
    expect((await system(marketKey.key).get('/api/system/events')).status).toBe(401);
    // and nobody but an admin issues keys
    expect(
      (await (await as('manager')).post('/api/admin/departments/fire/api-keys', { name: 'x' })).status,
    ).toBe(403);
  });
});
