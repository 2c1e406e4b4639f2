import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The server says what is allowed: the same case read by the applicant, the window clerk, a clerk
 * of another department and a manager carries each one's own `allowedActions` (case, tasks,
 * items), and what is listed goes through while what is not is refused.
 */

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

const ITEM = { businessLicence: '000104001000', foodLicence: '000131024000', signage: '000143017000' };

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;

beforeAll(async () => {
  server = await startTestServer('allowed_actions');
});
afterAll(async () => {
  await server?.dispose();
});

const read = async (username: string, caseId: string): Promise<Json> => {
  const res = await (await as(username)).get(`/api/cases/${caseId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const openTask = (kase: Json, itemCode: string | null, kind = 'step'): Json =>
  kase.tasks.find(
    (t: Json) =>
      t.kind === kind &&
      (itemCode === null || t.itemCode === itemCode) &&
      ['open', 'claimed'].includes(t.status),
  );
const sorted = (a: string[]) => [...a].sort();

describe('allowedActions', () => {
  let caseId: string;

  it('should let staff read the departments and the admin the accounts behind the actions', async () => {
    expect((await (await as('market.clerk')).get('/api/departments')).status).toBe(200);
    expect((await (await as('admin')).get('/api/users')).status).toBe(200);
  });

  it('should list the window’s intake for its clerk only, and the applicant’s own actions, before acceptance', async () => {
    const filed = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    caseId = filed.body.id;

    // Given a case at the window
    const applicant = await read('zhangsan', caseId);
    const window = await read('market.clerk', caseId);
    const manager = await read('manager', caseId);

    // Then each reader is told their own actions
    expect(sorted(applicant.allowedActions)).toEqual(['uploadMaterials', 'withdraw']);
    expect(openTask(applicant, null, 'intake').allowedActions).toEqual([]);
    expect(window.allowedActions).toEqual([]);
    expect(openTask(window, null, 'intake').allowedActions).toEqual(['intake']);
    expect(manager.allowedActions).toEqual([]);
    expect(openTask(manager, null, 'intake').allowedActions).toEqual(['urge']);

    // And what is not listed is refused: the manager cannot extend a case not yet accepted
    const extend = await (await as('manager')).post(`/api/cases/${caseId}/clock/extend`, {
      workingDays: 5,
      reason: '需要补充现场核查',
    });
    expect(extend.status).toBe(409);
    // And the listed intake goes through
    const intake = openTask(window, null, 'intake');
    const accepted = await (await as('market.clerk')).post(`/api/tasks/${intake.id}/intake`, {
      decision: 'accept',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(openTask(accepted.body, null, 'intake')).toBeUndefined();
  });

  it('should give the department’s clerk its step, another department nothing on it, and the manager urging', async () => {
    // Given the business licence done, so the parallel items are open
    for (;;) {
      const step = openTask(await read('market.clerk', caseId), ITEM.businessLicence);
      if (!step) break;
      const action = step.allowedActions.includes('decide') ? 'decide' : 'complete';
      const res =
        action === 'decide'
          ? await (await as('market.clerk')).post(`/api/tasks/${step.id}/decision`, { decision: 'grant' })
          : await (await as('market.clerk')).post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const window = await read('market.clerk', caseId);
    const other = await read('urban.clerk', caseId);
    const manager = await read('manager', caseId);
    const applicant = await read('zhangsan', caseId);
    const food = openTask(window, ITEM.foodLicence);
    const signage = openTask(other, ITEM.signage);

    // Then the market clerk may work the food step and not the signage step
    expect(food.allowedActions).toEqual(
      expect.arrayContaining([
        'claim',
        'complete',
        'transfer',
        'delegate',
        'countersign',
        'requestCorrection',
      ]),
    );
    expect(food.allowedActions).not.toContain('release');
    expect(openTask(window, ITEM.signage).allowedActions).toEqual([]);
    // And the urban clerk the other way round
    expect(signage.allowedActions).toEqual(expect.arrayContaining(['claim', 'complete']));
    expect(openTask(other, ITEM.foodLicence).allowedActions).toEqual([]);
    // And the manager urges every open step and works none
    for (const t of manager.tasks.filter((t: Json) => ['open', 'claimed'].includes(t.status)))
      expect(t.allowedActions).toEqual(['urge']);
    // And the case: staff may pause the running clock, the manager also extend, only the lead delivers
    expect(sorted(window.allowedActions)).toEqual(['pauseClock']);
    expect(sorted(other.allowedActions)).toEqual(['pauseClock']);
    expect(sorted(manager.allowedActions)).toEqual(['extendClock', 'pauseClock']);
    expect(applicant.allowedActions).toEqual(expect.arrayContaining(['uploadMaterials']));
    for (const t of applicant.tasks) expect(t.allowedActions).toEqual([]);
    // And an item is paused only by a department working it (or staff above it)
    const item = (k: Json, code: string) => k.items.find((i: Json) => i.itemCode === code);
    expect(item(other, ITEM.signage).allowedActions).toEqual(['pause']);
    expect(item(other, ITEM.foodLicence).allowedActions).toEqual([]);
    expect(item(manager, ITEM.foodLicence).allowedActions).toEqual(['pause']);
    // And transfer/delegate list the department's colleagues to pick from
    const colleagues = await (await as('urban.clerk')).get(`/api/tasks/${signage.id}/colleagues`);
    expect(colleagues.status, JSON.stringify(colleagues.body)).toBe(200);
    // And the queue row carries the same actions as the case page
    const queue = await (await as('urban.clerk')).get('/api/queue');
    expect(queue.body.tasks.find((t: Json) => t.id === signage.id).allowedActions).toEqual(
      signage.allowedActions,
    );
  });

  it('should accept what is listed and refuse what is not', async () => {
    const urban = await as('urban.clerk');
    const signage = openTask(await read('urban.clerk', caseId), ITEM.signage);
    const food = openTask(await read('market.clerk', caseId), ITEM.foodLicence);

    // Not listed for the urban clerk: the market's food step
    expect((await urban.post(`/api/tasks/${food.id}/claim`, {})).status).toBe(404);
    // Listed: claim, then release is listed and goes through, then claim is back
    const claimed = await urban.post(`/api/tasks/${signage.id}/claim`, {});
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body.allowedActions).toEqual(expect.arrayContaining(['release', 'complete']));
    expect(claimed.body.allowedActions).not.toContain('claim');
    expect(claimed.body.allowedActions).not.toContain('returnDelegation');
    expect((await urban.post(`/api/tasks/${signage.id}/delegation/return`, {})).status).toBe(409);
    // Held by the urban clerk: the market clerk's copy lists nothing on it
    const seenByMarket = openTask(await read('market.clerk', caseId), ITEM.signage);
    expect(seenByMarket.allowedActions).toEqual([]);
    expect((await urban.post(`/api/tasks/${signage.id}/release`, {})).status).toBe(200);
    expect(openTask(await read('urban.clerk', caseId), ITEM.signage).allowedActions).toContain('claim');

    // The clock: pause (listed for a clerk), then resume is listed instead
    const paused = await urban.post(`/api/cases/${caseId}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'inspection',
      reason: '现场核查',
      expectedWorkingDays: 3,
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.allowedActions).toEqual(['resumeClock']);
    expect(sorted((await read('manager', caseId)).allowedActions)).toEqual(['extendClock', 'resumeClock']);
    const resumed = await urban.post(`/api/cases/${caseId}/clock/resume`, { result: '核查合格' });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.allowedActions).toEqual(['pauseClock']);

    // Extension: not listed for a clerk and refused; listed for the manager, once
    expect(
      (await urban.post(`/api/cases/${caseId}/clock/extend`, { workingDays: 5, reason: '复杂' })).status,
    ).toBe(403);
    const manager = await as('manager');
    const extended = await manager.post(`/api/cases/${caseId}/clock/extend`, {
      workingDays: 5,
      reason: '复杂',
    });
    expect(extended.status, JSON.stringify(extended.body)).toBe(200);
    expect(extended.body.allowedActions).not.toContain('extendClock');
    const again = await manager.post(`/api/cases/${caseId}/clock/extend`, { workingDays: 5, reason: '复杂' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);

    // Delivery is not listed before the case concluded, and refused
    expect((await read('market.clerk', caseId)).allowedActions).not.toContain('deliver');
    expect((await (await as('market.clerk')).post(`/api/cases/${caseId}/deliver`, {})).status).toBe(409);

    // The urged clerk reads and clears their notifications
    const readAll = await urban.post('/api/notifications/read-all', {});
    expect(readAll.status, JSON.stringify(readAll.body)).toBe(200);
    // Urging: listed for the manager and accepted; not for the clerk, refused
    const urged = await manager.post(`/api/tasks/${signage.id}/urge`, {
      level: 'urge',
      message: '请尽快办理',
    });
    expect(urged.status, JSON.stringify(urged.body)).toBe(200);
    expect((await urban.post(`/api/tasks/${signage.id}/urge`, { level: 'urge', message: '催' })).status).toBe(
      403,
    );

    // The applicant: withdraw is listed until an item is decided
    const applicant = await read('zhangsan', caseId);
    if (applicant.decisions.length > 0) {
      expect(applicant.allowedActions).not.toContain('withdraw');
      expect(
        (await (await as('zhangsan')).post(`/api/cases/${caseId}/withdraw`, { reason: '不办了' })).status,
      ).toBe(409);
    } else {
      expect(applicant.allowedActions).toContain('withdraw');
      const withdrawn = await (await as('zhangsan')).post(`/api/cases/${caseId}/withdraw`, {
        reason: '不办了',
      });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
      expect(withdrawn.body.allowedActions).not.toContain('withdraw');
    }
  });
});
