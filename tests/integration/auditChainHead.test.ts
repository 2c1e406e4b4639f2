import { ApiClient, restaurantForm } from '@yijian/examples';
import { appendCaseEvent } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let caseId: string;

beforeAll(async () => {
  server = await startTestServer('audit_chain_head');
  const applicant = await new ApiClient(server.url).login('zhangsan');
  caseId = (await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm })).body.id;
});
afterAll(async () => {
  await server?.dispose();
});

/** Every row follows the one before it: seq without gaps, prev_hash = the previous hash. */
async function expectIntactChain() {
  const events = await server
    .knex('case_events')
    .where('case_id', caseId)
    .orderBy('seq')
    .select('seq', 'prev_hash', 'hash');
  events.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    if (i > 0) expect(e.prev_hash).toBe(events[i - 1]!.hash);
  });
  return events.length;
}

const event = (n: number) => ({
  type: 'case.urged' as const,
  at: new Date().toISOString(),
  actorId: null,
  payload: { n },
});

describe('Given a command that appends several audit events in one transaction', () => {
  it('should read the chain head once and keep the chain intact', async () => {
    const before = await expectIntactChain();
    let reads = 0;
    const onQuery = (q: { sql: string }) => {
      if (/^select "audit_seq", "audit_hash" from "cases"/.test(q.sql)) reads++;
    };
    server.knex.on('query', onQuery);
    await server.knex.transaction(async (trx) => {
      for (let n = 0; n < 4; n++) await appendCaseEvent(trx, caseId, event(n));
    });
    server.knex.off('query', onQuery);
    expect(reads).toBe(1);
    expect(await expectIntactChain()).toBe(before + 4);
  });

  it('should append on the true head after a savepoint appended and was released', async () => {
    const before = await expectIntactChain();
    await server.knex.transaction(async (trx) => {
      await appendCaseEvent(trx, caseId, event(1));
      await trx.transaction((inner) => appendCaseEvent(inner, caseId, event(2)));
      await appendCaseEvent(trx, caseId, event(3));
    });
    expect(await expectIntactChain()).toBe(before + 3);
  });

  it('should append on the true head after a savepoint rolled back what the transaction wrote in it', async () => {
    const before = await expectIntactChain();
    await server.knex.transaction(async (trx) => {
      await appendCaseEvent(trx, caseId, event(1));
      await trx.raw('savepoint undo');
      await appendCaseEvent(trx, caseId, event(2));
      await trx.raw('rollback to savepoint undo');
      await appendCaseEvent(trx, caseId, event(3));
    });
    expect(await expectIntactChain()).toBe(before + 2);
  });
});
