import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { bundles } from '@yijian/process-library';
import { deployDefinition } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { notice2027 } from '../support/notice2027';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  // Simulated time: Sunday 2026-11-22, 10:00 in Beijing, before any 2027 notice exists.
  server = await startTestServer('holiday_calendar', { clock: () => '2026-11-22T02:00:00.000Z' });
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given a deadline that reaches into 2027, whose notice is not loaded', () => {
  it('should mark it provisional, then recompute it when the admin loads 2027, with an audit entry', async () => {
    // Given the restaurant bundle with only its statutory joint limit of 45 working days
    const xml = bundles
      .find((b) => b.key === 'restaurant')!
      .bpmn.replace(/\s*<yj:limit value="20" unit="workingDays" kind="promised" \/>/, '');
    await deployDefinition(server.knex, 'restaurant', xml);
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    const accepted = await acceptAtWindow(server.url, filed.body.id);

    // Then the provisional calendar (weekends and the holidays fixed by law: 1 January) gives
    // 2027-01-25, marked provisional
    expect(accepted.deadline).toMatchObject({ dueDate: '2027-01-25', provisional: true });

    // When the admin loads the 2027 notice
    const admin = await as('admin');
    const loaded = await admin.request('PUT', '/api/admin/calendar/CN/2027', notice2027);
    expect(loaded.status).toBe(200);
    expect(loaded.body.days).toBe(notice2027.days.length);
    expect(loaded.body.recomputedDeadlines).toBeGreaterThanOrEqual(1);

    // Then the deadline moves past the notice's longer New Year holiday and is no longer provisional
    const after = await applicant.get(`/api/cases/${filed.body.id}`);
    expect(after.body.deadline).toMatchObject({ dueDate: '2027-01-26', provisional: false });

    // And the change is audited with who loaded what
    const changes = await admin.get('/api/admin/calendar/changes');
    expect(changes.body[0]).toMatchObject({
      region: 'CN',
      year: 2027,
      source: notice2027.source,
      daysAfter: notice2027.days.length,
      daysBefore: 0,
    });
    const year = await applicant.get('/api/calendar/CN/2027');
    expect(year.body).toMatchObject({ covered: true, source: notice2027.source });
    expect(year.body.days).toHaveLength(notice2027.days.length);
  });

  it('should load a notice from an iCalendar file', async () => {
    const require = createRequire(import.meta.url);
    const ics = readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8');
    const admin = await as('admin');
    const res = await admin.request('PUT', '/api/admin/calendar/CN/2026', {
      source: 'chinese-days holidays.ics',
      ics,
    });
    expect(res.status).toBe(200);
    const year = await admin.get('/api/calendar/CN/2026');
    const byDate = new Map(year.body.days.map((d: { date: string; kind: string }) => [d.date, d.kind]));
    expect(byDate.get('2026-02-14')).toBe('makeUpWork');
    expect(byDate.get('2026-02-17')).toBe('rest');
    expect(byDate.get('2026-10-10')).toBe('makeUpWork');
  });

  it('should refuse a bad notice with the date at fault, and change nothing', async () => {
    const admin = await as('admin');
    const before = await admin.get('/api/calendar/CN/2027');
    const weekdayMakeUp = await admin.request('PUT', '/api/admin/calendar/CN/2027', {
      source: 'bad',
      days: [{ date: '2027-03-03', kind: 'makeUpWork', name: '错' }],
    });
    expect(weekdayMakeUp.status).toBe(400);
    expect(weekdayMakeUp.body.error.details[0]).toMatchObject({
      path: 'days.0.date',
      message: expect.stringMatching(/是工作日/),
      messages: { 'zh-CN': expect.stringMatching(/是工作日/), en: expect.stringMatching(/weekday/) },
    });
    const wrongYear = await admin.request('PUT', '/api/admin/calendar/CN/2027', {
      source: 'bad',
      days: [{ date: '2028-01-01', kind: 'rest', name: '元旦' }],
    });
    expect(wrongYear.status).toBe(400);
    const notAdmin = await (await as('manager')).request('PUT', '/api/admin/calendar/CN/2027', notice2027);
    expect(notAdmin.status).toBe(403);
    expect((await admin.get('/api/calendar/CN/2027')).body).toEqual(before.body);
  });

  it('should let a region add a local rest day on top of the national calendar', async () => {
    const admin = await as('admin');
    const res = await admin.request('PUT', '/api/admin/calendar/CN-GD/2027', {
      source: '广东省地方假日（测试）',
      days: [{ date: '2027-01-04', kind: 'rest', name: '地方假日' }],
    });
    expect(res.status).toBe(200);
    const regional = await admin.get('/api/calendar/CN-GD/2027');
    expect(regional.body.days).toEqual([{ date: '2027-01-04', kind: 'rest', name: '地方假日' }]);
  });
});
