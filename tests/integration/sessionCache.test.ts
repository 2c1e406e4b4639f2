import { ApiClient } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Sessions are cached for a few seconds (issue 16: one statement less per request), but a
 * logout, a revocation or a change of role on this node takes effect at once.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('session_cache');
});
afterAll(async () => {
  await server?.dispose();
});

const sessionReads = async (run: () => Promise<unknown>) => {
  let reads = 0;
  const onQuery = (q: { sql: string }) => {
    if (/from "sessions" as "s"/.test(q.sql)) reads++;
  };
  server.knex.on('query', onQuery);
  await run();
  server.knex.off('query', onQuery);
  return reads;
};

describe('Given a logged-in clerk', () => {
  it('should look the session up once for several requests', async () => {
    const clerk = await new ApiClient(server.url).login('market.clerk');
    const reads = await sessionReads(async () => {
      for (let i = 0; i < 3; i++) expect((await clerk.get('/api/queue')).status).toBe(200);
    });
    expect(reads).toBe(1);
  });

  it('should refuse a session at once after an admin revoked it, though it was cached', async () => {
    const clerk = await new ApiClient(server.url).login('market.clerk');
    expect((await clerk.get('/api/queue')).status).toBe(200);
    const admin = await new ApiClient(server.url).login('admin');
    const id = (await server.knex('users').where({ username: 'market.clerk' }).first('id')).id;
    expect((await admin.post(`/api/users/${id}/sessions/revoke`)).status).toBe(200);
    expect((await clerk.get('/api/queue')).status).toBe(401);
  });

  it('should refuse the token at once after logout, though it was cached', async () => {
    const clerk = await new ApiClient(server.url).login('market.clerk');
    expect((await clerk.get('/api/queue')).status).toBe(200);
    expect((await clerk.post('/api/auth/logout')).status).toBe(200);
    expect((await clerk.get('/api/queue')).status).toBe(401);
  });

  it('should apply a change of role at once, though the session was cached', async () => {
    const clerk = await new ApiClient(server.url).login('market.clerk');
    expect((await clerk.get('/api/queue')).status).toBe(200);
    const admin = await new ApiClient(server.url).login('admin');
    const id = (await server.knex('users').where({ username: 'market.clerk' }).first('id')).id;
    expect(
      (await admin.request('PUT', `/api/users/${id}`, { role: 'applicant', departmentId: null })).status,
    ).toBe(200);
    expect((await clerk.get('/api/queue')).status).toBe(403);
  });
});
