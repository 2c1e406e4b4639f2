import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * 待办 with power (issue 15): one search box, filters by item, step, light, status and dates,
 * 我认领的, and 批量认领 — all through GET /api/queue and POST /api/tasks/claim, on three
 * restaurant cases accepted at the window (their steps wait in 市场监管's queue).
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;

let server: TestServer;
let clerk: ApiClient;
let admin: ApiClient;
const cases: { id: string; caseNumber: string; entity: string }[] = [];

beforeAll(async () => {
  server = await startTestServer('inbox_queue');
  clerk = await new ApiClient(server.url).login('market.clerk');
  admin = await new ApiClient(server.url).login('admin');
  const filings = [
    { who: 'zhangsan', entity: '北京甲乙餐饮有限公司' },
    { who: 'lisi', entity: '上海丙丁小吃店' },
    { who: 'zhangsan', entity: '广州戊己茶餐厅' },
  ];
  for (const f of filings) {
    const applicant = await new ApiClient(server.url).login(f.who);
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'entity.name': f.entity },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    cases.push({ id: filed.body.id, caseNumber: filed.body.caseNumber, entity: f.entity });
  }
}, 120_000);
afterAll(async () => {
  await server?.dispose();
});

const queue = async (params: Record<string, string> = {}, as = clerk): Promise<Json[]> => {
  const tasks: Json[] = [];
  let cursor: string | null = null;
  do {
    const qs: URLSearchParams = new URLSearchParams({ ...params, limit: '2', ...(cursor ? { cursor } : {}) });
    const res: { status: number; body: Json } = await as.get(`/api/queue?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    tasks.push(...res.body.tasks);
    cursor = res.body.nextCursor;
  } while (cursor);
  return tasks;
};
const ids = (tasks: Json[]) => tasks.map((t) => t.id).sort();
const caseNumbers = (tasks: Json[]) => [...new Set(tasks.map((t) => t.caseNumber))].sort();

describe('inbox search and filters', () => {
  let all: Json[];

  beforeAll(async () => {
    all = await queue();
    // Every case has work waiting in 市场监管
    expect(caseNumbers(all)).toEqual(cases.map((c) => c.caseNumber).sort());
  });

  it('should find a case by a prefix of its number, and not by the middle of it', async () => {
    const [one] = cases;
    const found = await queue({ q: one!.caseNumber });
    expect(caseNumbers(found)).toEqual([one!.caseNumber]);
    expect(ids(found)).toEqual(ids(all.filter((t) => t.caseNumber === one!.caseNumber)));
    expect(await queue({ q: one!.caseNumber.slice(3) })).toEqual([]);
  });

  it('should find cases by part of the entity’s name or of the applicant’s name', async () => {
    expect(caseNumbers(await queue({ q: '丙丁小吃' }))).toEqual([cases[1]!.caseNumber]);
    // 李四 filed one of them (the row shows the entity, the search knows the person too)
    expect(caseNumbers(await queue({ q: '李四' }))).toEqual([cases[1]!.caseNumber]);
    expect(caseNumbers(await queue({ q: '餐' }))).toEqual(
      [cases[0]!.caseNumber, cases[2]!.caseNumber].sort(),
    );
    // A wildcard typed in the box is a character, not "anything"
    expect(await queue({ q: '%' })).toEqual([]);
  });

  it('should keep only the steps of an item, or of one step', async () => {
    const item = all.find((t) => t.itemCode)!.itemCode as string;
    expect(ids(await queue({ item }))).toEqual(ids(all.filter((t) => t.itemCode === item)));
    const step = all[0].elementId as string;
    expect(ids(await queue({ step }))).toEqual(ids(all.filter((t) => t.elementId === step)));
  });

  it('should filter by status, list 我认领的, and light by light', async () => {
    // Given one task claimed by the clerk and one made overdue
    const [mine, late] = all;
    expect((await clerk.post(`/api/tasks/${mine.id}/claim`)).status).toBe(200);
    await server.knex('tasks').where({ id: late.id }).update({ due_at: '2020-01-06T16:00:00Z' });

    expect(ids(await queue({ status: 'claimed' }))).toEqual([mine.id]);
    expect(ids(await queue({ status: 'open' }))).toEqual(ids(all.filter((t) => t.id !== mine.id)));
    expect(ids(await queue({ assignee: 'me' }))).toEqual([mine.id]);
    // The admin claimed nothing
    expect(await queue({ assignee: 'me', departmentId: 'market' }, admin)).toEqual([]);

    const red = await queue({ light: 'red' });
    expect(ids(red)).toEqual([late.id]);
    const yellow = await queue({ light: 'yellow' });
    const green = await queue({ light: 'green' });
    for (const t of yellow) expect(t.deadline.light).toBe('yellow');
    for (const t of green) expect(t.deadline.light).toBe('green');
    // Every dated task has exactly one light
    expect([...ids(red), ...ids(yellow), ...ids(green)].sort()).toEqual(ids(all.filter((t) => t.deadline)));
  });

  it('should filter by the day filed and by the step’s deadline', async () => {
    // Given the first case filed on 2025-01-15 (Shanghai)
    await server.knex('cases').where({ id: cases[0]!.id }).update({ filed_at: '2025-01-15T02:00:00Z' });
    expect(caseNumbers(await queue({ filedFrom: '2025-01-15', filedTo: '2025-01-15' }))).toEqual([
      cases[0]!.caseNumber,
    ]);
    expect(caseNumbers(await queue({ filedTo: '2025-01-14' }))).toEqual([]);
    expect(caseNumbers(await queue({ filedFrom: '2025-01-16' }))).toEqual(
      [cases[1]!.caseNumber, cases[2]!.caseNumber].sort(),
    );
    const before = await queue({ dueBefore: '2021-01-01' });
    expect(before.map((t) => t.deadline.light)).toEqual(['red']);
  });

  it('should refuse a bad filter with a stable code in both languages', async () => {
    for (const qs of ['light=purple', 'status=done', 'filedFrom=2026-13-01', 'assignee=someone']) {
      const res = await clerk.get(`/api/queue?${qs}`);
      expect(res.status, qs).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details[0].messages['zh-CN']).toBeTruthy();
      expect(res.body.error.details[0].messages.en).toBeTruthy();
    }
    const reversed = await clerk.get('/api/queue?filedFrom=2026-03-02&filedTo=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0]).toMatchObject({
      path: 'query.filedTo',
      messages: { 'zh-CN': '不能早于 2026-03-02', en: 'must not be before 2026-03-02' },
    });
  });
});

describe('批量认领', () => {
  it('should claim several tasks in one request, row by row, and answer a retry the same', async () => {
    // Given two open tasks, one of them then taken by the admin, and one the clerk holds already
    const open = await queue({ status: 'open' });
    expect(open).toHaveLength(2);
    const [a, taken] = open;
    const [held] = await queue({ assignee: 'me' });
    expect((await admin.post(`/api/tasks/${taken.id}/claim`)).status).toBe(200);
    const stranger = '00000000-0000-4000-8000-000000000000';

    // When the clerk claims all of them and an unknown id at once
    const body = { ids: [a.id, held.id, taken.id, stranger] };
    const res = await clerk.post('/api/tasks/claim', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    // Then each row says what happened to it
    expect(res.body.results.map((r: Json) => [r.taskId, r.outcome])).toEqual([
      [a.id, 'claimed'],
      [held.id, 'claimed'],
      [taken.id, 'claimedByOther'],
      [stranger, 'notAllowed'],
    ]);
    expect(res.body.results[2].error.messages['zh-CN']).toBe('该任务已被他人认领。');
    expect(ids(await queue({ assignee: 'me' }))).toEqual([a.id, held.id].sort());

    // And a retry changes nothing and answers the same
    const again = await clerk.post('/api/tasks/claim', body);
    expect(again.body.results.map((r: Json) => r.outcome)).toEqual([
      'claimed',
      'claimed',
      'claimedByOther',
      'notAllowed',
    ]);
  });

  it('should refuse an empty or malformed list', async () => {
    expect((await clerk.post('/api/tasks/claim', { ids: [] })).status).toBe(400);
    expect((await clerk.post('/api/tasks/claim', { ids: ['not-a-uuid'] })).status).toBe(400);
  });

  it('should read one task with its actions, and mark a corrected case', async () => {
    const [task] = await queue();
    const res = await clerk.get(`/api/tasks/${task.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, corrected: false, caseNumber: task.caseNumber });
    expect(res.body.allowedActions.length).toBeGreaterThan(0);
    // A case that came back after a correction notice is 已补正
    await server
      .knex('cases')
      .where({ id: task.caseId })
      .update({ correction_notice: JSON.stringify({ items: [], on: '2026-01-05' }) });
    expect((await clerk.get(`/api/tasks/${task.id}`)).body.corrected).toBe(true);
    // Another department's task is not found
    expect(
      (await (await new ApiClient(server.url).login('fire.clerk')).get(`/api/tasks/${task.id}`)).status,
    ).toBe(404);
  });

  it('should show 审查 and 决定 with their item’s deadline and light, and filter them by it', async () => {
    // Given the intake step of one item concluded: its 审查 opens, with no limit of its own
    const [task] = await queue({ assignee: 'me' });
    const done = await concludeStep(clerk, task);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const review = (await queue()).find((t) => t.caseId === task.caseId && t.itemCode === task.itemCode);
    expect(review, 'the next step of the item').toBeTruthy();
    expect(review.dueAt).toBeNull();

    // Then it shows the item's running deadline and its light
    expect(['green', 'yellow']).toContain(review.deadline.light);
    expect(review.deadline.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // And the light filter finds it by that light
    expect(ids(await queue({ light: review.deadline.light }))).toContain(review.id);
    expect(ids(await queue({ light: 'red' }))).not.toContain(review.id);
  });
});
