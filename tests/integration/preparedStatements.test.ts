import { createKnex, MAX_PREPARED_PER_CONNECTION, PREPARED, withDatabase } from '@yijian/db';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Queries marked PREPARED go as named statements (db/src/preparedStatements.ts): parsed once per
 * connection, and PostgreSQL keeps a generic plan for a lookup by key instead of planning it on
 * every execution (issue 16: planning cost more than executing the completion's statements).
 */
let server: TestServer;
let knex: Knex;

beforeAll(async () => {
  server = await startTestServer('prepared_statements');
  // One connection, so every query below runs on the session whose statements are inspected.
  knex = createKnex(withDatabase(inject('databaseServerUrl'), server.databaseName), { poolMax: 1 });
}, 120_000);
afterAll(async () => {
  await knex?.destroy();
  await server?.dispose();
});

const prepared = async () =>
  (await knex.raw('select name, statement, generic_plans, custom_plans from pg_prepared_statements'))
    .rows as {
    name: string;
    statement: string;
    generic_plans: number;
    custom_plans: number;
  }[];

describe('named statements', () => {
  it('should prepare a marked query once under a name from its text and keep a generic plan', async () => {
    const users: { id: string }[] = await knex('users').select('id').limit(8);
    expect(users.length).toBeGreaterThan(6);
    for (const user of users) {
      const row = await knex('users').where({ id: user.id }).options(PREPARED).first('id', 'username');
      expect(row.id).toBe(user.id);
    }
    const named = (await prepared()).filter((s) => s.statement.includes('from "users"'));
    expect(named).toHaveLength(1);
    expect(named[0]!.name).toMatch(/^yj_[0-9a-f]{20}$/);
    // Custom plans for the first five executions, then the generic one: no more planning.
    expect(named[0]!.generic_plans).toBeGreaterThan(0);
  });

  it('should send unmarked queries unnamed', async () => {
    await knex('bundles').select('key').limit(1);
    expect((await prepared()).some((s) => s.statement.includes('from "bundles"'))).toBe(false);
  });

  it('should keep a marked statement working inside a transaction that fails and is retried', async () => {
    const lookup = (trx: Knex.Transaction) =>
      trx('users').where({ username: 'manager' }).options(PREPARED).first('id');
    await expect(
      knex.transaction(async (trx) => {
        await lookup(trx);
        await trx.raw('select 1/0');
      }),
    ).rejects.toThrow(/division by zero/);
    const row = await knex.transaction(lookup);
    expect(row.id).toBeTruthy();
  });

  it(`should stop naming new texts at ${MAX_PREPARED_PER_CONNECTION} statements a connection`, async () => {
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 5; i++)
      await knex.raw(`select ${i}::int as n`).options(PREPARED);
    const all = await prepared();
    expect(all.length).toBe(MAX_PREPARED_PER_CONNECTION);
    // Past the bound a marked query still runs, unnamed.
    const { rows } = await knex.raw(`select ${MAX_PREPARED_PER_CONNECTION + 10}::int as n`).options(PREPARED);
    expect(rows[0].n).toBe(MAX_PREPARED_PER_CONNECTION + 10);
  });
});
