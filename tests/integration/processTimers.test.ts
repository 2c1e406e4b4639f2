import { ApiClient, restaurantForm } from '@yijian/examples';
import { bundles } from '@yijian/process-library';
import { createContext, deployDefinition, runDueJobs } from '@yijian/runtime-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const now = '2026-03-02T02:00:00.000Z';

beforeAll(async () => {
  server = await startTestServer('process_timers', { clock: () => now });
  // Given the restaurant bundle whose business-licence step is withdrawn if untouched for 2 hours
  const xml = bundles
    .find((b) => b.key === 'restaurant')!
    .bpmn.replace(
      '<bpmn:endEvent id="End_concluded"',
      `<bpmn:boundaryEvent id="Timer_withdraw" attachedToRef="Task_businessLicence">
      <bpmn:outgoing>Flow_withdrawn</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="End_withdrawn"><bpmn:incoming>Flow_withdrawn</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_withdrawn" sourceRef="Timer_withdraw" targetRef="End_withdrawn" />
    <bpmn:endEvent id="End_concluded"`,
    );
  await deployDefinition(server.knex, 'restaurant', xml);
});
afterAll(async () => {
  await server?.dispose();
});

const timerJobs = (caseId: string) => server.knex('jobs').where({ kind: 'case.timer', case_id: caseId });

describe('Given a process with a boundary timer', () => {
  it('should hold the timer as a Postgres job and fire it through the engine when due', async () => {
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);

    // Then the timer is a job due two hours after acceptance
    const [job] = await timerJobs(filed.body.id);
    expect(new Date(job.run_at).toISOString()).toBe('2026-03-02T04:00:00.000Z');

    // When it is due and a runtime node sweeps
    const ctx = createContext(server.knex, pino({ level: 'silent' }), {
      clock: () => '2026-03-02T04:00:01.000Z',
    });
    expect(await runDueJobs(ctx)).toBeGreaterThanOrEqual(1);

    // Then the step is withdrawn and the case ends
    const after = await applicant.get(`/api/cases/${filed.body.id}`);
    expect(after.body.status).toBe('concluded');
    const statuses = after.body.tasks.map((t: { kind: string; status: string }) => `${t.kind}:${t.status}`);
    expect(statuses.sort()).toEqual(['intake:completed', 'step:cancelled']);
    expect(await timerJobs(filed.body.id)).toHaveLength(0);
  });

  it('should drop the timer job when the step completes first', async () => {
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    const accepted = await acceptAtWindow(server.url, filed.body.id);
    expect(await timerJobs(filed.body.id)).toHaveLength(1);
    const clerk = await new ApiClient(server.url).login('market.clerk');
    const step = accepted.tasks.find((t: { kind: string }) => t.kind === 'step');
    expect((await clerk.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    expect(await timerJobs(filed.body.id)).toHaveLength(0);
  });
});
