import { randomBytes } from 'node:crypto';
import { withDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { appendCaseEvent, startServer, takeAuditCheckpoint } from '@yijian/runtime-api';
import type { Knex } from 'knex';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * A verifiable audit trail (issue 14, acceptance 2): a superuser who edits one event and removes
 * others is named by the verifier, and the role the app runs as cannot do any of it.
 */
let server: TestServer;
let superuser: pg.Client;
beforeAll(async () => {
  server = await startTestServer('audit_trail');
  superuser = new pg.Client({
    connectionString: withDatabase(inject('databaseServerUrl'), server.databaseName),
  });
  await superuser.connect();
});
afterAll(async () => {
  await superuser?.end();
  await server?.dispose();
});

async function fileAndAccept(): Promise<string> {
  const applicant = await new ApiClient(server.url).login('zhangsan');
  const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
  expect(filed.status).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body.id as string;
}

/** As a superuser who bypasses the append-only trigger (replica mode skips triggers). */
async function tamper(sql: string, values: unknown[]): Promise<void> {
  await superuser.query('set session_replication_role = replica');
  try {
    await superuser.query(sql, values);
  } finally {
    await superuser.query('set session_replication_role = origin');
  }
}

describe('Given cases with an audit log', () => {
  it('should verify an untouched log as intact, recomputed from the stored rows alone', async () => {
    await fileAndAccept();
    const admin = await new ApiClient(server.url).login('admin');
    const report = await admin.get('/api/audit/verify');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ ok: true, breaks: [], firstBreak: null });
    expect(report.body.eventsChecked).toBeGreaterThan(3);
    // Only admins may run it.
    expect((await (await new ApiClient(server.url).login('zhangsan')).get('/api/audit/verify')).status).toBe(
      403,
    );
  });

  it('should name an edited row and a removed row, each in its case, and a removed tail after a checkpoint', async () => {
    const edited = await fileAndAccept();
    const gap = await fileAndAccept();
    const tail = await fileAndAccept();
    const admin = await new ApiClient(server.url).login('admin');
    expect((await admin.post('/api/audit/checkpoints')).body.recorded).toBeGreaterThanOrEqual(3);

    // When a superuser edits a payload, removes a middle event, and removes the last event
    await tamper(
      `update case_events set payload = jsonb_set(payload, '{forged}', 'true') where case_id = $1 and seq = 2`,
      [edited],
    );
    await tamper('delete from case_events where case_id = $1 and seq = 3', [gap]);
    const { rows } = await superuser.query('select max(seq) as last from case_events where case_id = $1', [
      tail,
    ]);
    await tamper('delete from case_events where case_id = $1 and seq = $2', [tail, rows[0].last]);

    // Then the verifier names each
    const report = (await admin.get('/api/audit/verify')).body;
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual(
      expect.arrayContaining([
        { caseId: edited, seq: 2, kind: 'hash_mismatch' },
        { caseId: gap, seq: 3, kind: 'missing' },
        { caseId: gap, seq: 4, kind: 'prev_hash_mismatch' },
        { caseId: tail, seq: rows[0].last, kind: 'truncated' },
      ]),
    );
    // And one case's report starts at its first broken link
    const one = (await admin.get(`/api/audit/verify?caseId=${edited}`)).body;
    expect(one.firstBreak).toEqual({ caseId: edited, seq: 2, kind: 'hash_mismatch' });

    // And emptying the whole table shows against the checkpoints
    await superuser.query('truncate case_events');
    const emptied = (await admin.get('/api/audit/verify')).body;
    expect(emptied.eventsChecked).toBe(0);
    expect(
      emptied.breaks.filter((b: { kind: string }) => b.kind === 'truncated').length,
    ).toBeGreaterThanOrEqual(3);
  });
});

describe('Given audit checkpoints taken every round', () => {
  it('should look only at cases whose log grew since the last round, and see a transaction that was running then', async () => {
    // Given a round that has recorded every head so far
    await takeAuditCheckpoint(server.knex);
    const caseA = await fileAndAccept();
    const caseB = await fileAndAccept();
    await takeAuditCheckpoint(server.knex);
    const heads = async (caseId: string) =>
      (await server.knex('audit_checkpoints').where({ case_id: caseId }).orderBy('seq')).map((r) => r.seq);
    const bBefore = await heads(caseB);

    // When only case A's log grows, a round records A's new head and nothing else
    const appended = async (caseId: string, trx: Knex.Transaction) =>
      appendCaseEvent(trx, caseId, {
        type: 'case.reminded',
        at: new Date().toISOString(),
        actorId: null,
        payload: {},
      });
    await server.knex.transaction((trx) => appended(caseA, trx));
    const round = await takeAuditCheckpoint(server.knex);
    expect(round).toBe(1);
    const lastA = (await server.knex('case_events').where({ case_id: caseA }).max('seq as m').first())!.m;
    expect((await heads(caseA)).at(-1)).toBe(lastA);
    expect(await heads(caseB)).toEqual(bBefore);
    // and it looked at the grown part of the log only: the round's watermark moved on
    const rounds = await server.knex('audit_checkpoint_rounds').orderBy('id', 'desc').limit(2);
    expect(BigInt(rounds[0].watermark)).toBeGreaterThanOrEqual(BigInt(rounds[1].watermark));

    // When a command on case B is still running while a round is taken, the next round sees it
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let written!: () => void;
    const wrote = new Promise<void>((r) => {
      written = r;
    });
    const running = server.knex.transaction(async (trx) => {
      await appended(caseB, trx);
      written();
      await held;
    });
    await wrote;
    expect(await takeAuditCheckpoint(server.knex)).toBe(0);
    release();
    await running;
    expect(await takeAuditCheckpoint(server.knex)).toBe(1);
    const lastB = (await server.knex('case_events').where({ case_id: caseB }).max('seq as m').first())!.m;
    expect((await heads(caseB)).at(-1)).toBe(lastB);
    // And a round with nothing new records nothing
    expect(await takeAuditCheckpoint(server.knex)).toBe(0);
  });
});

describe('Given the role the app runs as', () => {
  it('should NOT let it TRUNCATE, UPDATE or DELETE the audit log, nor disable its trigger, nor alter checkpoints', async () => {
    const app = server.knex;
    expect((await app.raw('select current_user as u')).rows[0].u).toBe('yijian_app_login');
    for (const sql of [
      'truncate case_events',
      "update case_events set type = 'forged'",
      'delete from case_events',
      'alter table case_events disable trigger case_events_no_change',
      'alter table case_events disable trigger all',
      'drop trigger case_events_no_change on case_events',
      'truncate audit_checkpoints',
      'truncate audit_checkpoint_rounds',
      'delete from audit_checkpoint_rounds',
      'delete from audit_checkpoints',
      "update audit_checkpoints set hash = 'x'",
    ]) {
      await expect(app.raw(sql), sql).rejects.toThrow(/permission denied|must be owner/);
    }
  });

  it('should connect as a login of its own, so RESET ROLE or SET ROLE <owner> cannot regain the owner’s rights', async () => {
    const owner = (await superuser.query('select current_user as u')).rows[0].u as string;
    await server.knex.transaction(async (trx) => {
      const who = (await trx.raw('select session_user as s, current_user as c')).rows[0];
      expect(who).toEqual({ s: 'yijian_app_login', c: 'yijian_app_login' });
      // RESET ROLE goes back to the session's own login, which is not the owner
      await trx.raw('reset role');
      expect((await trx.raw('select current_user as c')).rows[0].c).toBe('yijian_app_login');
      await expect(trx.raw('truncate case_events')).rejects.toThrow(/permission denied/);
    });
    for (const sql of [`set role ${owner}`, 'set role postgres', 'set session authorization postgres']) {
      await expect(server.knex.raw(sql), sql).rejects.toThrow(/permission denied|does not exist/);
    }
    for (const [sql, refusal] of [
      ['delete from case_events', /permission denied/],
      ['alter table case_events disable trigger all', /must be owner/],
    ] as const) {
      await expect(
        server.knex.transaction(async (trx) => {
          await trx.raw('set local role none');
          await trx.raw(sql);
        }),
        sql,
      ).rejects.toThrow(refusal);
    }
    // The login is no superuser, may not create roles or databases, and is a member of the app role only
    const { rows } = await superuser.query(
      `select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
              array(select b.rolname from pg_auth_members m join pg_roles b on b.oid = m.roleid
                    where m.member = r.oid order by 1)::text[] as member_of
       from pg_roles r where r.rolname = 'yijian_app_login'`,
    );
    expect(rows[0]).toEqual({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolcanlogin: true,
      member_of: ['yijian_app'],
    });
  });

  it('should run the app through its own login with only the app role’s rights (APP_DATABASE_URL)', async () => {
    const login = `yj_app_test_${randomBytes(4).toString('hex')}`;
    await superuser.query(`create role ${login} login password '${login}' in role yijian_app`);
    const ownerUrl = withDatabase(inject('databaseServerUrl'), server.databaseName);
    const url = new URL(ownerUrl);
    url.username = login;
    url.password = login;
    const second = await startServer({
      databaseUrl: ownerUrl,
      appDatabaseUrl: url.toString(),
      seed: false,
      log: pino({ level: 'silent' }),
    });
    try {
      expect((await second.knex.raw('select current_user as u')).rows[0].u).toBe(login);
      await expect(second.knex.raw('truncate case_events')).rejects.toThrow(/permission denied/);
      const admin = await new ApiClient(second.url).login('admin');
      expect((await admin.get('/api/audit/verify')).status).toBe(200);
    } finally {
      await second.close();
      await superuser.query(`drop owned by ${login}`);
      await superuser.query(`drop role ${login}`);
    }
  });
});
