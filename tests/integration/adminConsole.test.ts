import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { notice2027 } from '../support/notice2027';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
// Late December 2026: the business licence's deadlines reach into 2027, whose notice is not loaded.
const today = '2026-12-28T02:00:00.000Z';
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('admin_console', { clock: () => today });
});
afterAll(async () => {
  await server?.dispose();
});

describe('The admin console', () => {
  it('should list department systems’ keys without the keys, and show a revocation', async () => {
    const admin = await as('admin');
    const issued = await admin.post('/api/admin/departments/fire/api-keys', { name: '消防审批系统' });
    expect(issued.status).toBe(201);
    const listed = await admin.get('/api/admin/api-keys');
    expect(listed.status).toBe(200);
    const key = listed.body.find((k: { id: string }) => k.id === issued.body.id);
    expect(key).toMatchObject({ name: '消防审批系统', departmentId: 'fire', revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
    await admin.post(`/api/admin/api-keys/${issued.body.id}/revoke`);
    const after = (await admin.get('/api/admin/api-keys')).body.find(
      (k: { id: string }) => k.id === issued.body.id,
    );
    expect(after.revokedAt).not.toBeNull();
  });

  it('should show the warning policy in force per item and bundle, defaults marked', async () => {
    const admin = await as('admin');
    const before = await admin.get('/api/admin/warning-policies');
    expect(before.status).toBe(200);
    const restaurant = before.body.bundles.find((b: { key: string }) => b.key === 'restaurant');
    expect(restaurant).toMatchObject({ isDefault: true, policy: { yellowWithinWorkingDays: 1 } });
    const set = await admin.request('PUT', '/api/admin/bundles/restaurant/warning-policy', {
      yellowWithinWorkingDays: 3,
    });
    expect(set.status).toBe(200);
    const after = (await admin.get('/api/admin/warning-policies')).body.bundles.find(
      (b: { key: string }) => b.key === 'restaurant',
    );
    expect(after).toMatchObject({ isDefault: false, policy: { yellowWithinWorkingDays: 3 } });
    expect(before.body.items.length).toBeGreaterThan(5);
  });

  it('should preview a holiday notice without loading it: the days it adds and the deadlines it moves', async () => {
    const applicant = await as('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    await acceptAtWindow(server.url, filed.body.id);
    const admin = await as('admin');
    const preview = await admin.post('/api/admin/calendar/CN/2027/preview', notice2027);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.added.map((d: { date: string }) => d.date)).toContain('2027-01-04');
    expect(preview.body.firstChange).toBe('2027-01-01');
    expect(preview.body.openDeadlines).toBeGreaterThan(0);
    // nothing was written
    const year = await admin.get('/api/calendar/CN/2027');
    expect(year.body.days.find((d: { date: string }) => d.date === '2027-01-04')).toBeUndefined();
    // a notice the loader would refuse is refused by the preview with the same reasons
    const bad = await admin.post('/api/admin/calendar/CN/2027/preview', {
      source: 'x',
      days: [{ date: '2027-02-30', kind: 'rest', name: '春节' }],
    });
    expect(bad.status).toBe(400);
  });

  it('should keep the console to admins', async () => {
    const manager = await as('manager');
    expect((await manager.get('/api/admin/api-keys')).status).toBe(403);
    expect((await manager.get('/api/admin/warning-policies')).status).toBe(403);
    expect((await manager.post('/api/admin/calendar/CN/2027/preview', notice2027)).status).toBe(403);
  });
});
