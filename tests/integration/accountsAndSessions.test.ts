import { withDatabase } from '@yijian/db';
import { ApiClient } from '@yijian/examples';
import { DEMO_PASSWORD, demoUsers } from '@yijian/process-library';
import { startServer } from '@yijian/runtime-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Accounts and sessions (issue 14, acceptance 1): no demo accounts in production, logout and
 * revocation end a session on the server, and guessing one account's password is throttled
 * whatever address the guesses claim to come from.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('accounts_sessions');
});
afterAll(async () => {
  await server?.dispose();
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  new ApiClient(server.url).post('/api/auth/login', { username, password }, headers);

describe('Given the demo accounts are seeded', () => {
  it('should list every one the seed created, grouped by role, each able to log in', async () => {
    // when the login page asks, without a session
    const res = await new ApiClient(server.url).get('/api/auth/demo-accounts');

    // then it gets all the seed's accounts (but the department systems, which have no password)
    expect(res.status).toBe(200);
    const shown = demoUsers.filter((u) => u.role !== 'system');
    expect(res.body.accounts).toHaveLength(shown.length);
    expect(res.body.accounts).toHaveLength(20);
    expect(new Set(res.body.accounts.map((a: { username: string }) => a.username))).toEqual(
      new Set(shown.map((u) => u.username)),
    );
    // grouped by role, in the order the login page shows them
    const roles: string[] = res.body.accounts.map((a: { role: string }) => a.role);
    const groups = roles.filter((role, i) => role !== roles[i - 1]);
    expect(groups).toEqual(['applicant', 'clerk', 'manager', 'admin', 'designer']);
    // clerks with their department's name in both languages
    expect(
      res.body.accounts.find((a: { username: string }) => a.username === 'tax.clerk').department,
    ).toEqual({
      zh: expect.any(String),
      en: expect.stringMatching(/[A-Za-z]/),
    });
    expect(res.body.password).toBe(DEMO_PASSWORD);
    const seeded = await server.knex('users').pluck('username');
    expect(seeded).toEqual(expect.arrayContaining(shown.map((u) => u.username)));
  });
});

describe('Given production mode', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startTestServer('accounts_production', { demoUsers: false, production: true });
  });
  afterAll(async () => {
    await production?.dispose();
  });

  it('should seed no demo account, so the README password opens nothing', async () => {
    const names = await production.knex('users').pluck('username');
    expect(names.filter((n) => demoUsers.some((u) => u.username === n))).toEqual([]);
    const res = await new ApiClient(production.url).post('/api/auth/login', {
      username: 'admin',
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(401);
  });

  it('should offer no demo account on the login page', async () => {
    const res = await new ApiClient(production.url).get('/api/auth/demo-accounts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ password: null, accounts: [] });
  });

  it('should refuse to start on a database where a demo password is present', async () => {
    // The test server's database was seeded with the demo accounts.
    const url = withDatabase(inject('databaseServerUrl'), server.databaseName);
    await expect(
      startServer({ databaseUrl: url, production: true, log: pino({ level: 'silent' }) }),
    ).rejects.toThrow(/demo password/);
    await expect(
      startServer({ databaseUrl: url, production: true, demoUsers: true, log: pino({ level: 'silent' }) }),
    ).rejects.toThrow(/production/);
  });

  it('should create the first admin from the operator’s settings, and only while there is none', async () => {
    const url = withDatabase(inject('databaseServerUrl'), production.databaseName);
    const first = await startServer({
      databaseUrl: url,
      production: true,
      admin: { username: 'ops.admin', password: 'correct horse battery' },
      log: pino({ level: 'silent' }),
    });
    await first.close();
    const again = await startServer({
      databaseUrl: url,
      production: true,
      admin: { username: 'ops.admin2', password: 'another long password' },
      log: pino({ level: 'silent' }),
    });
    await again.close();
    expect(await production.knex('users').where({ role: 'admin' }).pluck('username')).toEqual(['ops.admin']);
  });
});

describe('Given a logged-in user', () => {
  it('should end the session on the server at logout: the same token no longer works', async () => {
    const user = await new ApiClient(server.url).login('zhangsan');
    expect((await user.get('/api/me')).status).toBe(200);
    expect((await user.post('/api/auth/logout')).status).toBe(200);
    const after = await user.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthenticated');
  });

  it('should keep the session in an HttpOnly SameSite cookie and end it at logout too', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhangsan', password: DEMO_PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^yj_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0]!;
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: session } });
    expect((await fetch(`${server.url}/api/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('should let an admin revoke every session of an account', async () => {
    const clerk = await new ApiClient(server.url).login('market.clerk');
    const other = await new ApiClient(server.url).login('market.clerk');
    const admin = await new ApiClient(server.url).login('admin');
    const me = (await clerk.get('/api/me')).body;
    const revoked = await admin.post(`/api/users/${me.id}/sessions/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await clerk.get('/api/me')).status).toBe(401);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await admin.get('/api/me')).status).toBe(200);
  });

  it('should change a password only with the current one, and end the other sessions', async () => {
    const admin = await new ApiClient(server.url).login('admin');
    const created = await admin.post('/api/users', {
      username: 'li.si',
      displayName: '李四',
      role: 'applicant',
      password: 'a long first password',
    });
    expect(created.status).toBe(201);
    expect(
      (await admin.post('/api/users', { ...created.body, password: 'a long first password' })).body.error
        .code,
    ).toBe('account_exists');
    const here = await new ApiClient(server.url).login('li.si', 'a long first password');
    const elsewhere = await new ApiClient(server.url).login('li.si', 'a long first password');
    const wrong = await here.post('/api/me/password', {
      currentPassword: 'not it',
      newPassword: 'a long second password',
    });
    expect(wrong.body.error.code).toBe('current_password_wrong');
    const short = await here.post('/api/me/password', {
      currentPassword: 'a long first password',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    const changed = await here.post('/api/me/password', {
      currentPassword: 'a long first password',
      newPassword: 'a long second password',
    });
    expect(changed.body).toEqual({ changed: true, sessionsEnded: 1 });
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await login('li.si', 'a long first password')).status).toBe(401);
    expect((await login('li.si', 'a long second password')).status).toBe(200);
  });
});

describe('Given an admin managing accounts', () => {
  it('should change a role and department, effective on the next request, and refuse a clerk without one', async () => {
    const admin = await new ApiClient(server.url).login('admin');
    const created = await admin.post('/api/users', {
      username: 'wang.wu',
      displayName: '王五',
      role: 'applicant',
      password: 'a long enough password',
    });
    const wangwu = await new ApiClient(server.url).login('wang.wu', 'a long enough password');
    expect((await wangwu.get('/api/queue')).status).toBe(403);
    const noDepartment = await admin.request('PUT', `/api/users/${created.body.id}`, { role: 'clerk' });
    expect(noDepartment.status).toBe(400);
    const changed = await admin.request('PUT', `/api/users/${created.body.id}`, {
      role: 'clerk',
      departmentId: 'market',
    });
    expect(changed.body).toMatchObject({ role: 'clerk', departmentId: 'market', activeSessions: 1 });
    expect((await wangwu.get('/api/queue')).status).toBe(200);
    const unknown = await admin.request('PUT', `/api/users/${created.body.id}`, { departmentId: 'nowhere' });
    expect(unknown.status).toBe(404);
  });
});

describe('Given someone guessing passwords', () => {
  it('should throttle the 21st wrong password for one account whatever the source address', async () => {
    for (let i = 1; i <= 20; i++) {
      // X-Forwarded-For is not trusted (trust proxy is off), and the limit is per account anyway.
      const res = await login('manager', `guess-${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(res.status).toBe(401);
    }
    const throttled = await login('manager', 'guess-21', { 'x-forwarded-for': '198.51.100.7' });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('login_throttled');
    // Even the right password waits: the guesser cannot tell it was right.
    expect((await login('manager', DEMO_PASSWORD)).status).toBe(429);
    // Another account is not held back.
    expect((await login('designer', DEMO_PASSWORD)).status).toBe(200);
  });

  it('should throttle an unknown username the same way, so the throttle does not reveal accounts', async () => {
    for (let i = 1; i <= 20; i++) expect((await login('nobody.here', `guess-${i}`)).status).toBe(401);
    expect((await login('nobody.here', 'guess-21')).body.error.code).toBe('login_throttled');
  });

  it('should refuse text PostgreSQL cannot hold in the login with a 400, not a 500', async () => {
    const res = await login('ad\u0000min', 'x');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const lone = await new ApiClient(server.url).request(
      'POST',
      '/api/auth/login',
      '{"username":"\\ud800","password":"x"}',
    );
    expect(lone.status).toBe(400);
  });
});
