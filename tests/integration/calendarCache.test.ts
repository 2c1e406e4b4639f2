import { createKnex, withDatabase } from '@yijian/db';
import { CalendarCache, DefinitionCache } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('calendar_cache');
});
afterAll(async () => {
  await server?.dispose();
});

const url = () => withDatabase(inject('databaseServerUrl'), server.databaseName);

describe('Given the per-node caches a command reads', () => {
  it('should keep serving the calendar it has when a background refresh fails, and never empty', async () => {
    // Given a cache whose copies are always stale (TTL 0), filled once
    const knex = createKnex(url(), { poolMax: 1 });
    const cache = new CalendarCache(knex, undefined, 0);
    const first = await cache.get();
    expect(first.coveredYears.size).toBeGreaterThan(0);

    // When the database goes away, reads still answer at once with the copy it has
    await knex.destroy();
    expect(await cache.get()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the failed refresh has run
    expect(await cache.get()).toBe(first);
    // and an explicit reload that fails keeps it too
    await cache.reload();
    expect(await cache.get()).toBe(first);
  });

  it('should fill a cold cache through the caller’s transaction, never a second pooled connection', async () => {
    // Given a pool of one connection, held by a command's transaction
    const knex = createKnex(url(), { poolMax: 1, poolWaitMs: 200, acquireTimeoutMs: 1_000 });
    try {
      const calendars = new CalendarCache(knex);
      const definitions = new DefinitionCache(knex);
      await knex.transaction(async (trx) => {
        // When the command reads the calendar and the latest definition with nothing cached
        const calendar = await calendars.get(undefined, trx);
        const { definition } = await definitions.latest('restaurant', trx);
        // Then both come through its own connection (the pool has none to give)
        expect(calendar.coveredYears.size).toBeGreaterThan(0);
        expect(definition.key).toBe('restaurant');
      });
      // and later reads are served from the cache
      expect((await definitions.get('restaurant', 1)).key).toBe('restaurant');
    } finally {
      await knex.destroy();
    }
  });
});
