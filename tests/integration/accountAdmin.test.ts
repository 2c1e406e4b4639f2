import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * 系统管理 (issue 14): admins manage departments (create, rename, set region, delete when unused)
 * and accounts (role and department, disable / enable, reset password); a manager may not; every
 * change is in the admin audit chain.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('account_admin');
});
afterAll(async () => {
  await server?.dispose();
});

const as = (username: string, password = 'yijian123') => new ApiClient(server.url).login(username, password);
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;
const put = (client: ApiClient, path: string, body: unknown) => client.request('PUT', path, body);
const del = (client: ApiClient, path: string) => client.request('DELETE', path);

async function events(subjectId: string): Promise<Json[]> {
  const res = await (await as('admin')).get(`/api/admin/events?subjectId=${encodeURIComponent(subjectId)}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('Given an admin and a manager', () => {
  it('should let the admin create, rename, re-region and delete a department, and refuse the manager', async () => {
    const admin = await as('admin');
    const manager = await as('manager');
    const body = { id: 'stats', name: { zh: '统计局', en: 'Statistics Bureau' }, region: 'CN-BJ' };
    // NOT the manager, NOT the clerk
    expect((await manager.post('/api/departments', body)).status).toBe(403);
    expect((await (await as('market.clerk')).post('/api/departments', body)).status).toBe(403);
    // The admin creates it; the same id again is refused
    const created = await admin.post('/api/departments', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ id: 'stats', name: body.name, region: 'CN-BJ' });
    const again = await admin.post('/api/departments', body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('department_exists');
    // Bad input is a 400, never a 500
    expect((await admin.post('/api/departments', { ...body, id: 'Stats Bureau' })).status).toBe(400);
    expect((await admin.post('/api/departments', { ...body, id: 'stats2', region: 'beijing' })).status).toBe(
      400,
    );
    // Rename and set the region; NOT by the manager
    expect((await put(manager, '/api/departments/stats', { region: null })).status).toBe(403);
    const renamed = await put(admin, '/api/departments/stats', {
      name: { zh: '北京市统计局', en: 'Beijing Statistics Bureau' },
      region: null,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: { zh: '北京市统计局' }, region: null });
    const listed = (await admin.get('/api/departments')).body.find((d: Json) => d.id === 'stats');
    expect(listed.name.en).toBe('Beijing Statistics Bureau');
    expect((await put(admin, '/api/departments/nope', { region: null })).status).toBe(404);
    // Delete; NOT by the manager
    expect((await del(manager, '/api/departments/stats')).status).toBe(403);
    expect((await del(admin, '/api/departments/stats')).status).toBe(200);
    expect((await admin.get('/api/departments')).body.some((d: Json) => d.id === 'stats')).toBe(false);
    // Audited, in order
    expect((await events('stats')).map((e) => e.type).reverse()).toEqual([
      'department.created',
      'department.changed',
      'department.deleted',
    ]);
  });

  it('should refuse to delete a department with accounts or open tasks', async () => {
    const admin = await as('admin');
    // Accounts: the market clerk belongs to market regulation
    const withUsers = await del(admin, '/api/departments/market');
    expect(withUsers.status).toBe(409);
    expect(withUsers.body.error.code).toBe('department_in_use');
    expect(withUsers.body.error.messages['zh-CN']).toContain('账户');
    // Open tasks: with its accounts moved away, market regulation still has the case's open step
    const filed = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
    });
    await acceptAtWindow(server.url, filed.body.id);
    const marketUsers = await server.knex('users').where({ department_id: 'market' }).pluck('id');
    await server.knex('users').whereIn('id', marketUsers).update({ department_id: 'eco' });
    try {
      const withTasks = await del(admin, '/api/departments/market');
      expect(withTasks.status).toBe(409);
      expect(withTasks.body.error.code).toBe('department_in_use');
      expect(withTasks.body.error.messages.en).toContain('open tasks');
    } finally {
      await server.knex('users').whereIn('id', marketUsers).update({ department_id: 'market' });
    }
  });

  it('should let the admin change a role and department, disable, enable and reset a password; not the manager', async () => {
    const admin = await as('admin');
    const manager = await as('manager');
    const created = await admin.post('/api/users', {
      username: 'temp.clerk',
      displayName: '临时窗口',
      role: 'clerk',
      departmentId: 'market',
      password: 'first password 123',
    });
    expect(created.status).toBe(201);
    expect(created.body.disabled).toBe(false);
    const id = created.body.id as string;
    const temp = await as('temp.clerk', 'first password 123');
    expect((await temp.get('/api/queue')).status).toBe(200);

    // Role and department: NOT the manager; the admin moves the clerk to the fire brigade
    expect((await put(manager, `/api/users/${id}`, { departmentId: 'fire' })).status).toBe(403);
    const moved = await put(admin, `/api/users/${id}`, { departmentId: 'fire' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'clerk', departmentId: 'fire' });
    // (effective on the session's next request)
    expect((await temp.get('/api/me')).body.departmentId).toBe('fire');
    const promoted = await put(admin, `/api/users/${id}`, { role: 'manager', departmentId: null });
    expect(promoted.body).toMatchObject({ role: 'manager', departmentId: null });
    // A clerk needs a department
    expect((await put(admin, `/api/users/${id}`, { role: 'clerk', departmentId: null })).status).toBe(400);

    // Disable: NOT the manager; the admin disables, the session ends and login is refused
    const session = await as('temp.clerk', 'first password 123');
    expect((await manager.post(`/api/users/${id}/disable`)).status).toBe(403);
    const disabled = await admin.post(`/api/users/${id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await session.get('/api/me')).status).toBe(401);
    const refused = await new ApiClient(server.url).post('/api/auth/login', {
      username: 'temp.clerk',
      password: 'first password 123',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('account_disabled');
    // A wrong password is still just wrong (the account's state is told only to who knows it)
    const wrong = await new ApiClient(server.url).post('/api/auth/login', {
      username: 'temp.clerk',
      password: 'x',
    });
    expect(wrong.status).toBe(401);
    // Enable: NOT the manager; then login works
    expect((await manager.post(`/api/users/${id}/enable`)).status).toBe(403);
    expect((await admin.post(`/api/users/${id}/enable`)).body.disabled).toBe(false);
    const back = await as('temp.clerk', 'first password 123');

    // Reset the password: NOT the manager; too short is 400; the old password stops working
    expect(
      (await manager.post(`/api/users/${id}/password`, { newPassword: 'manager guessed it' })).status,
    ).toBe(403);
    expect((await admin.post(`/api/users/${id}/password`, { newPassword: 'short' })).status).toBe(400);
    const reset = await admin.post(`/api/users/${id}/password`, { newPassword: 'second password 456' });
    expect(reset.status).toBe(200);
    expect(reset.body.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await back.get('/api/me')).status).toBe(401);
    expect(
      (
        await new ApiClient(server.url).post('/api/auth/login', {
          username: 'temp.clerk',
          password: 'first password 123',
        })
      ).status,
    ).toBe(401);
    await as('temp.clerk', 'second password 456');

    // The admin may not disable or demote themselves
    const me = (await admin.get('/api/me')).body;
    expect((await admin.post(`/api/users/${me.id}/disable`)).body.error.code).toBe('account_self');
    expect((await put(admin, `/api/users/${me.id}`, { role: 'manager' })).body.error.code).toBe(
      'account_self',
    );

    // Every change is audited, the password never
    const trail = await events(id);
    expect(trail.map((e) => e.type).reverse()).toEqual([
      'user.created',
      'user.changed',
      'user.changed',
      'user.disabled',
      'user.enabled',
      'user.passwordReset',
    ]);
    expect(trail.every((e) => e.actorId === me.id)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain('second password');
    // And the manager cannot read the admin log
    expect((await manager.get('/api/admin/events')).status).toBe(403);
  });

  it('should chain the admin events, and the app may not change them', async () => {
    const rows = await server.knex('admin_events').orderBy('seq');
    expect(rows.length).toBeGreaterThan(5);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      expect(r.prev_hash).toBe(prev);
      const text = canonicalJson({
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        type: r.type,
        subject: { kind: r.subject_kind, id: r.subject_id },
        payload: r.payload,
      });
      expect(r.hash).toBe(createHash('sha256').update(`${prev}\n${text}`).digest('hex'));
      prev = r.hash;
    }
    for (const sql of [
      "update admin_events set type = 'x'",
      'delete from admin_events',
      'truncate admin_events',
    ])
      await expect(server.knex.raw(sql), sql).rejects.toThrow(/permission denied/);
  });
});
