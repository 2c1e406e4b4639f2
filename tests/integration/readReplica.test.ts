import { randomBytes } from 'node:crypto';
import { createKnex, dropDatabase, ensureDatabaseExists, withDatabase } from '@yijian/db';
import { ApiClient } from '@yijian/examples';
import {
  compactMonitorCounts,
  type RunningServer,
  readRuntimeSettings,
  startServer,
} from '@yijian/runtime-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * DATABASE_READ_URL against a stand-in for a hot standby: the node's own database through
 * sessions that refuse writes (`default_transaction_read_only`) and carry a name, so their reads
 * show in pg_stat_activity. The real standby is in failover.test.ts; this shows cheaply that the
 * read-only endpoints read there and never write there.
 */
const serverUrl = inject('databaseServerUrl');
const databaseName = `yj_read_replica_${randomBytes(4).toString('hex')}`;
let node: RunningServer;
let replicaUrl: string;

beforeAll(async () => {
  await ensureDatabaseExists(serverUrl, databaseName);
  const primaryUrl = withDatabase(serverUrl, databaseName);
  const replica = new URL(primaryUrl);
  replica.searchParams.set('application_name', 'yj_read_replica');
  replica.searchParams.set('options', '-c default_transaction_read_only=on');
  node = await startServer({
    databaseUrl: primaryUrl,
    log: pino({ level: 'silent' }),
    settings: readRuntimeSettings({ DATABASE_READ_URL: replica.toString() }),
    demoUsers: true,
  });
  replicaUrl = replica.toString();
});
afterAll(async () => {
  await node?.close();
  await dropDatabase(serverUrl, databaseName);
});

describe('Given a node with DATABASE_READ_URL on a read-only replica', () => {
  it('should serve the queue, the monitor summary and the guide from the replica', async () => {
    const manager = await new ApiClient(node.url).login('admin');
    expect((await manager.get('/api/queue?departmentId=market')).status).toBe(200);
    expect((await manager.get('/api/monitor/summary')).status).toBe(200);
    expect((await new ApiClient(node.url).get('/api/bundles/restaurant/guide')).status).toBe(200);
    // Then the replica pool holds connections, and they are read-only
    const { rows } = await node.knex.raw(
      "select count(*)::int as n from pg_stat_activity where application_name = 'yj_read_replica' and datname = ?",
      [databaseName],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('should fold the monitor counters on the primary when the replica has many to sum', async () => {
    // Given more appended counter rows than the summary sums before folding (one step, entering and
    // leaving its group 1 200 times)
    await node.knex.raw(`insert into monitor_counts (kind, owner, sub, due_date, n)
      select 'step', 'market', 'replica-test', date '2026-12-01', case when g % 2 = 1 then 1 else -1 end
      from generate_series(1, 2401) g`);
    const before = await node.knex('monitor_counts').count<{ count: number }[]>('* as count');
    expect(before[0]!.count).toBeGreaterThanOrEqual(2401);
    // (the replica refuses the fold itself: it is a write)
    const readOnly = createKnex(replicaUrl, { poolMax: 1 });
    await expect(compactMonitorCounts(readOnly)).rejects.toThrow(/read-only/);
    await readOnly.destroy();
    // When a manager reads the summary through the read-only replica
    const manager = await new ApiClient(node.url).login('admin');
    const summary = await manager.get('/api/monitor/summary');
    // Then it answers (the fold, a write, ran on the primary) and the rows are folded
    expect(summary.status).toBe(200);
    const after = await node.knex('monitor_counts').count<{ count: number }[]>('* as count');
    expect(after[0]!.count).toBeLessThan(before[0]!.count - 2000);
  });
});
