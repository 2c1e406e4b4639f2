import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

// Time is the server's clock, moved by the test: Monday 2 March 2026, 10:00 in Shanghai.
let now = '2026-03-02T02:00:00.000Z';
let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

const ITEM = {
  businessLicence: '000104001000',
  foodLicence: '000131024000',
  signage: '000143017000',
  fireCheck: '000125049000',
};
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;

beforeAll(async () => {
  server = await startTestServer('item_special_procedure', { clock: () => now });
});
afterAll(async () => {
  await server?.dispose();
});

async function detail(caseId: string): Promise<Json> {
  return (await (await as('admin')).get(`/api/cases/${caseId}`)).body;
}
const openStep = (kase: Json, itemCode: string) =>
  (kase.tasks as Json[]).find(
    (t) => t.itemCode === itemCode && (t.status === 'open' || t.status === 'claimed'),
  );
const itemOf = (kase: Json, itemCode: string) => (kase.items as Json[]).find((i) => i.itemCode === itemCode);

describe('Given a 400 m² restaurant whose business licence is done', () => {
  it('should pause the fire item and the joint clock only; signage stays workable; resuming recounts only the paused clocks', async () => {
    const filed = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'shop.area': 400, 'fire.safetyManager': '王安全' },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const caseId = filed.body.id as string;
    await acceptAtWindow(server.url, caseId);
    const market = await as('market.clerk');
    for (;;) {
      const step = openStep(await detail(caseId), ITEM.businessLicence);
      if (!step) break;
      expect((await concludeStep(market, step)).status).toBe(200);
    }
    const before = await detail(caseId);
    const fireBefore = itemOf(before, ITEM.fireCheck);
    const signageBefore = itemOf(before, ITEM.signage);
    const fireStep = openStep(before, ITEM.fireCheck);
    expect(fireStep.deadline).not.toBeNull();

    // When the fire brigade starts an expert review of the fire item (Art. 45)
    const fire = await as('fire.clerk');
    const body = {
      kind: 'specialProcedure',
      procedure: 'expertReview',
      reason: '消防设计专家评审',
      expectedWorkingDays: 5,
    };
    // NOT by another department's clerk, NOT by the applicant, NOT for an item that is not running
    const urban = await as('urban.clerk');
    const notOurs = await urban.post(`/api/cases/${caseId}/items/${ITEM.fireCheck}/pause`, body);
    expect(notOurs.status).toBe(403);
    expect(notOurs.body.error.code).toBe('item_not_your_department');
    expect(
      (await (await as('zhangsan')).post(`/api/cases/${caseId}/items/${ITEM.fireCheck}/pause`, body)).status,
    ).toBe(403);
    const done = await market.post(`/api/cases/${caseId}/items/${ITEM.businessLicence}/pause`, body);
    expect(done.body.error.code).toBe('item_not_running');

    const paused = await fire.post(`/api/cases/${caseId}/items/${ITEM.fireCheck}/pause`, body);
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    // Then the fire item and the joint clock are paused
    expect(paused.body.clock.state).toBe('paused');
    expect(itemOf(paused.body, ITEM.fireCheck).status).toBe('paused');
    expect(paused.body.itemPauses).toEqual([
      expect.objectContaining({
        itemCode: ITEM.fireCheck,
        procedure: 'expertReview',
        reason: '消防设计专家评审',
      }),
    ]);
    // And the fire step shows why it waits, and cannot be completed meanwhile
    const waiting = openStep(paused.body, ITEM.fireCheck);
    expect(waiting.pausedReason).toBe('消防设计专家评审');
    expect(waiting.deadline).toBeNull();
    const blocked = await fire.post(`/api/tasks/${waiting.id}/complete`, { outcome: 'approved' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('item_paused');
    // But signage keeps running, with its deadline and light
    expect(itemOf(paused.body, ITEM.signage).status).toBe('running');
    const signageStep = openStep(paused.body, ITEM.signage);
    expect(signageStep.pausedReason).toBeNull();
    expect(signageStep.deadline).not.toBeNull();

    // When a week passes (5 working days) and signage completes its first step meanwhile
    now = '2026-03-09T02:00:00.000Z';
    const completed = await urban.post(`/api/tasks/${signageStep.id}/complete`, { outcome: 'approved' });
    expect(completed.status, JSON.stringify(completed.body)).toBe(200);
    // And the expert review is done
    const resumed = await fire.post(`/api/cases/${caseId}/items/${ITEM.fireCheck}/resume`, {
      result: '评审通过',
    });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);

    // Then the joint clock and the fire item run again, each 5 working days later than before
    expect(resumed.body.clock.state).toBe('running');
    expect(resumed.body.itemPauses).toEqual([]);
    const fireAfter = itemOf(resumed.body, ITEM.fireCheck);
    expect(fireAfter.status).toBe('running');
    expect(fireAfter.dueDate > fireBefore.dueDate).toBe(true);
    expect(resumed.body.clock.dueDate > before.clock.dueDate).toBe(true);
    // And signage's clock was never touched: due when it was
    expect(itemOf(resumed.body, ITEM.signage).dueDate).toBe(signageBefore.dueDate);
    // And the fire step can be completed again
    const again = openStep(resumed.body, ITEM.fireCheck);
    expect(again.pausedReason).toBeNull();
    expect((await fire.post(`/api/tasks/${again.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    // And the audit log has the pause and the resumption with the item
    const types = (resumed.body.timeline as Json[])
      .filter((e) => e.type === 'clock.paused' || e.type === 'clock.resumed')
      .map((e) => `${e.type}:${e.detail.itemCode}`);
    expect(types).toEqual([`clock.paused:${ITEM.fireCheck}`, `clock.resumed:${ITEM.fireCheck}`]);
  });
});

describe('Given two departments reviewing a restaurant at once', () => {
  it('should gather their correction requests (补正) into one notice, pause only those items, and resume them on one answer', async () => {
    now = '2026-03-16T02:00:00.000Z';
    const filed = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'shop.area': 400, 'fire.safetyManager': '王安全' },
    });
    const caseId = filed.body.id as string;
    await acceptAtWindow(server.url, caseId);
    const market = await as('market.clerk');
    for (;;) {
      const step = openStep(await detail(caseId), ITEM.businessLicence);
      if (!step) break;
      await concludeStep(market, step);
    }
    const fire = await as('fire.clerk');
    const urban = await as('urban.clerk');
    const ask = (items: { subject: string; reason: string }[]) => ({ items });
    // NOT by another department, NOT by the applicant
    expect(
      (
        await urban.post(
          `/api/cases/${caseId}/items/${ITEM.fireCheck}/corrections`,
          ask([{ subject: 'x', reason: 'y' }]),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await (
          await as('zhangsan')
        ).post(
          `/api/cases/${caseId}/items/${ITEM.fireCheck}/corrections`,
          ask([{ subject: 'x', reason: 'y' }]),
        )
      ).status,
    ).toBe(403);
    // When fire and urban management each ask for a material
    const first = await fire.post(
      `/api/cases/${caseId}/items/${ITEM.fireCheck}/corrections`,
      ask([{ subject: '消防设计平面图', reason: '未标注疏散通道' }]),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await urban.post(
      `/api/cases/${caseId}/items/${ITEM.signage}/corrections`,
      ask([{ subject: '招牌效果图', reason: '缺少尺寸' }]),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    // Then one request per item: asking again for the fire item is refused
    const again = await fire.post(
      `/api/cases/${caseId}/items/${ITEM.fireCheck}/corrections`,
      ask([{ subject: '其他', reason: '再次' }]),
    );
    expect(again.body.error.code).toBe('review_correction_open');
    // And the applicant sees one notice with both requests; the two items and the joint clock wait
    const seen = (await (await as('zhangsan')).get(`/api/cases/${caseId}`)).body;
    expect(seen.reviewCorrections.map((r: Json) => r.itemCode).sort()).toEqual(
      [ITEM.fireCheck, ITEM.signage].sort(),
    );
    expect(seen.clock.state).toBe('paused');
    expect(itemOf(seen, ITEM.fireCheck).status).toBe('paused');
    expect(itemOf(seen, ITEM.signage).status).toBe('paused');
    expect(itemOf(seen, ITEM.foodLicence).status).toBe('running');
    // When the applicant answers once
    const answered = await (await as('zhangsan')).post(`/api/cases/${caseId}/review-corrections`, {
      note: '已上传平面图和效果图',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    // Then both items and the joint clock run again, and the notice is gone
    expect(answered.body.reviewCorrections).toEqual([]);
    expect(answered.body.clock.state).toBe('running');
    expect(itemOf(answered.body, ITEM.fireCheck).status).toBe('running');
    expect(itemOf(answered.body, ITEM.signage).status).toBe('running');
    const types = (answered.body.timeline as Json[]).map((e) => e.type);
    expect(types.filter((t) => t === 'item.correctionRequested')).toHaveLength(2);
    expect(types).toContain('item.correctionsReceived');
  });
});
