import { performance } from 'node:perf_hooks';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { readRuntimeSettings } from '@yijian/runtime-api';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('concurrent_filings');
});
afterAll(async () => {
  await server?.dispose();
});

/** More applicants than the demo's two: accounts with the demo password, so they log in normally. */
async function addApplicants(knex: Knex, count: number): Promise<string[]> {
  const { password_hash } = await knex('users').where({ username: 'zhangsan' }).first('password_hash');
  const usernames = Array.from({ length: count }, (_, i) => `burst.applicant${i + 1}`);
  await knex('users').insert(
    usernames.map((username, i) => ({
      username,
      display_name: `申请人${i + 1}`,
      role: 'applicant',
      password_hash,
    })),
  );
  return usernames;
}

/** Polls `/api/health` until stopped; returns each answer's status and time. */
function pollHealth(url: string) {
  const answers: { status: number; ms: number }[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${url}/api/health`);
      await res.text();
      answers.push({ status: res.status, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return answers;
    },
  };
}

describe('Given 100 applicants filing at the same moment', () => {
  it('should answer every filing without a 5xx, create each case exactly once and keep health fast', async () => {
    // Given five applicants, logged in
    const usernames = await addApplicants(server.knex, 5);
    const clients = await Promise.all(usernames.map((u) => new ApiClient(server.url).login(u)));

    // When 100 filings arrive at once (each with its own Idempotency-Key), health polled throughout
    const health = pollHealth(server.url);
    const filings = Array.from({ length: 100 }, (_, i) => ({
      client: clients[i % clients.length]!,
      key: `burst-${i}`,
      form: { ...restaurantForm, 'shop.name': `并发小馆${i}` },
    }));
    const answers = await Promise.all(
      filings.map((f) =>
        f.client.post('/api/cases', { bundleKey: 'restaurant', form: f.form }, { 'Idempotency-Key': f.key }),
      ),
    );
    const healthAnswers = await health.stop();

    // Then none is a 5xx: every filing is answered (here all accepted)
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(100);
    // and each answered case exists exactly once, with its own idempotency record
    const ids = created.map((a) => a.body.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await server.knex('cases').count({ n: '*' }).first()).toEqual({ n: ids.length });
    expect(await server.knex('cases').whereIn('id', ids).count({ n: '*' }).first()).toEqual({
      n: ids.length,
    });
    const keys = await server.knex('idempotency_keys').where('key', 'like', 'burst-%').select('key', 'body');
    expect(keys).toHaveLength(100);
    const caseOfKey = new Map(keys.map((k) => [k.key as string, k.body.caseId as string]));
    filings.forEach((f, i) => {
      expect(caseOfKey.get(f.key)).toBe(ids[i]);
    });
    // and the health endpoint answered fast the whole time
    expect(healthAnswers.length).toBeGreaterThan(0);
    expect(healthAnswers.filter((h) => h.status !== 200)).toEqual([]);
    expect(Math.max(...healthAnswers.map((h) => h.ms))).toBeLessThan(1000);

    // When every filing is retried with its key, nothing new is created
    const retries = await Promise.all(
      filings
        .slice(0, 20)
        .map((f) =>
          f.client.post(
            '/api/cases',
            { bundleKey: 'restaurant', form: f.form },
            { 'Idempotency-Key': f.key },
          ),
        ),
    );
    expect(retries.map((r) => r.body.id)).toEqual(ids.slice(0, 20));
    expect(await server.knex('cases').count({ n: '*' }).first()).toEqual({ n: 100 });
  });
});

describe('Given a server whose pool is exhausted', () => {
  it('should answer 503 with Retry-After within a second, keep health fast, and recover', async () => {
    // Given a node with two connections, both held by long work
    const settings = readRuntimeSettings({ DB_POOL_MAX: '2', DB_POOL_WAIT_MS: '300', JOB_CONCURRENCY: '1' });
    const small = await startTestServer('exhausted_pool', { settings });
    try {
      const applicant = await new ApiClient(small.url).login('zhangsan');
      const held = [await small.knex.transaction(), await small.knex.transaction()];

      // When a request needs the database
      const started = performance.now();
      const busy = await applicant.get('/api/cases');
      const waited = performance.now() - started;

      // Then it is refused at once as busy, with a stable code and when to retry
      expect(busy.status).toBe(503);
      expect(busy.body.error.code).toBe('database_busy');
      expect(waited).toBeLessThan(1000);
      const raw = await fetch(`${small.url}/api/health/ready`);
      expect(raw.status).toBe(503);
      expect(raw.headers.get('retry-after')).toBe('1');
      // and liveness still answers, showing the pool as it is
      const health = await fetch(`${small.url}/api/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { pool: unknown }).pool).toMatchObject({ max: 2, used: 2, free: 0 });

      // When the long work ends, the node serves again
      await Promise.all(held.map((trx) => trx.rollback()));
      expect((await applicant.get('/api/cases')).status).toBe(200);
    } finally {
      await small.dispose();
    }
  });
});
