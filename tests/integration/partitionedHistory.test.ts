import { randomBytes } from 'node:crypto';
import {
  createKnex,
  DEFAULT_APP_ROLE,
  dropDatabase,
  ensureDatabaseExists,
  GENESIS_HASH,
  grantAppRole,
  hashCaseEvent,
  migrateBefore,
  migrateToLatest,
  withDatabase,
} from '@yijian/db';
import { ensureHistoryPartitions, verifyAuditLog } from '@yijian/runtime-api';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Partitioned history (issue 17, migration 019) on a database that already holds rows: the
 * schema as the release before it left it, cases and audit chains written then (random version-4
 * ids, some of them inside the months the migration makes), then the migration. The chains still
 * verify, every row is in the partition of its key, the append-only trigger and the app role's
 * rights hold on every month, and months made later move the rows that belong to them.
 */
const serverUrl = inject('databaseServerUrl');
const name = `yj_partitioned_history_${randomBytes(4).toString('hex')}`;
let owner: Knex;
let app: Knex;

const EVENTS_PER_CASE = 4;

/** A version-4-looking id whose first 48 bits fall in the month `monthsAhead` from now (UTC). */
function idInMonth(monthsAhead: number, n: number): string {
  const now = new Date();
  const month = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1) + 86_400_000 + n;
  const hex = month.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The rows old cases refer to, written in the schema as it was before 019 (the seed of today's
 * catalogue needs tables of later migrations, so it cannot run on a database migrated part-way).
 */
async function seedMinimalCatalogue(knex: Knex): Promise<void> {
  await knex('departments').insert({ id: 'market', name_zh: '市场监督管理局', name_en: 'Market regulation' });
  await knex('users').insert({
    username: 'zhangsan',
    display_name: '张三',
    password_hash: 'not-a-login',
    role: 'applicant',
  });
  await knex('bundles').insert({
    key: 'old-bundle',
    name_zh: '旧一件事',
    name_en: 'An old bundle',
    description_zh: '迁移测试',
    description_en: 'Migration test',
    lead_department_id: 'market',
    form_schema: JSON.stringify({ type: 'default', components: [] }),
  });
  await knex('process_definitions').insert({
    key: 'old-bundle',
    version: 1,
    bpmn_xml: '<definitions/>',
    checksum: 'old',
    compiled: JSON.stringify({}),
  });
}

async function seedOldCases(knex: Knex, ids: string[]): Promise<void> {
  const def = await knex('process_definitions').first('key', 'version');
  const bundle = await knex('bundles').first('key');
  const applicant = await knex('users').where({ username: 'zhangsan' }).first('id');
  await knex('cases').insert(
    ids.map((id, i) => ({
      id,
      case_number: `OLD${String(i).padStart(6, '0')}`,
      bundle_key: bundle.key,
      definition_key: def.key,
      definition_version: def.version,
      applicant_id: applicant.id,
      status: 'concluded',
      form_data: {},
      snapshot: {},
      filed_at: '2025-03-01T02:00:00Z',
    })),
  );
  const rows: { case_id: string; seq: number; hash: string; [column: string]: unknown }[] = [];
  for (const id of ids) {
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= EVENTS_PER_CASE; seq++) {
      const row = {
        case_id: id,
        seq,
        type: seq === 1 ? 'case.filed' : 'task.completed',
        at: new Date(Date.UTC(2025, 2, 1, 2, seq)).toISOString(),
        actor_id: applicant.id,
        element_id: null,
        activation_key: null,
        payload: { step: seq, note: '旧办件' },
        prev_hash: prev,
        hash: '',
      };
      row.hash = hashCaseEvent(prev, {
        caseId: id,
        seq,
        type: row.type,
        at: row.at,
        actorId: row.actor_id,
        elementId: null,
        activationKey: null,
        payload: row.payload,
      });
      prev = row.hash;
      rows.push(row);
    }
  }
  await knex.batchInsert('case_events', rows, 500);
  await knex('audit_checkpoints').insert(
    ids.slice(0, 10).map((id, i) => ({ case_id: id, seq: 2, hash: rows[i * EVENTS_PER_CASE + 1]!.hash })),
  );
}

/** The partition each of the case's events is stored in. */
async function partitionsOf(knex: Knex, caseId: string): Promise<string[]> {
  const { rows } = await knex.raw<{ rows: { part: string }[] }>(
    'select distinct tableoid::regclass::text as part from case_events where case_id = ?',
    [caseId],
  );
  return rows.map((r) => r.part);
}

const monthName = (monthsAhead: number) => {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead, 1));
  return `${m.getUTCFullYear()}_${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
};

const random = Array.from({ length: 200 }, () => crypto.randomUUID());
const thisMonth = [idInMonth(0, 1), idInMonth(0, 2)];
const fiveAhead = idInMonth(5, 1);

beforeAll(async () => {
  await ensureDatabaseExists(serverUrl, name);
  owner = createKnex(withDatabase(serverUrl, name), { poolMax: 2, poolWaitMs: 0 });
  await migrateBefore(owner, '019');
  await seedMinimalCatalogue(owner);
  await seedOldCases(owner, [...random, ...thisMonth, fiveAhead]);
  await migrateToLatest(owner);
  await grantAppRole(owner);
  app = createKnex(withDatabase(serverUrl, name), { poolMax: 2, poolWaitMs: 0, role: DEFAULT_APP_ROLE });
}, 120_000);
afterAll(async () => {
  await app?.destroy();
  await owner?.destroy();
  await dropDatabase(serverUrl, name);
});

describe('Given a database holding cases and audit chains before migration 019', () => {
  it('should keep every chain verifiable, each row in the partition of its case', async () => {
    const { rows } = await owner.raw(`select relkind from pg_class where relname = 'case_events'`);
    expect(rows[0].relkind).toBe('p');
    const report = await verifyAuditLog(app);
    expect(report).toMatchObject({ ok: true, breaks: [] });
    expect(report.eventsChecked).toBe(203 * EVENTS_PER_CASE);
    // Old ids inside this month's range were moved out of pending into the month.
    for (const id of thisMonth)
      expect(await partitionsOf(owner, id)).toEqual([`case_events_p${monthName(0)}`]);
    // Beyond the months made (3 ahead): still pending, until its month is made.
    expect(await partitionsOf(owner, fiveAhead)).toEqual(['case_events_pending']);
    const spread = new Set((await Promise.all(random.map((id) => partitionsOf(owner, id)))).flat());
    expect(spread.has('case_events_legacy_high')).toBe(true);
  });

  it('should file new cases with time-ordered ids into the month being filed', async () => {
    const [row] = await owner('cases')
      .insert({
        ...(await owner('cases')
          .where({ id: random[0] })
          .first(
            'bundle_key',
            'definition_key',
            'definition_version',
            'applicant_id',
            'form_data',
            'snapshot',
          )),
        case_number: 'NEW000001',
        status: 'inProgress',
        filed_at: new Date().toISOString(),
      })
      .returning('id');
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const at = new Date().toISOString();
    const hash = hashCaseEvent(GENESIS_HASH, {
      caseId: row.id,
      seq: 1,
      type: 'case.filed',
      at,
      actorId: null,
      elementId: null,
      activationKey: null,
      payload: {},
    });
    await app('case_events').insert({
      case_id: row.id,
      seq: 1,
      type: 'case.filed',
      at,
      payload: {},
      prev_hash: GENESIS_HASH,
      hash,
    });
    expect(await partitionsOf(owner, row.id)).toEqual([`case_events_p${monthName(0)}`]);
    // The append keeps its shape: ON CONFLICT (case_id, seq) still has its unique index.
    const again = await app.raw(
      `insert into case_events (case_id, seq, type, at, payload, prev_hash, hash)
       values (?, 1, 'case.filed', now(), '{}', ?, 'y') on conflict (case_id, seq) do nothing returning seq`,
      [row.id, GENESIS_HASH],
    );
    expect(again.rows).toEqual([]);
  });

  it('should refuse changes on every month, and the app role any right on a month itself', async () => {
    await expect(owner('case_events').where({ case_id: thisMonth[0] }).update({ type: 'x' })).rejects.toThrow(
      /append-only/,
    );
    await expect(
      owner(`case_events_p${monthName(0)}`)
        .where({ case_id: thisMonth[0] })
        .delete(),
    ).rejects.toThrow(/append-only/);
    for (const sql of [
      `truncate case_events_p${monthName(0)}`,
      'truncate case_events_legacy_high',
      `delete from case_events_p${monthName(0)}`,
      'truncate case_events',
      'update history_partitions set pending_from = current_date',
    ])
      await expect(app.raw(sql), sql).rejects.toThrow(/permission denied/);
    const left = await app('case_events').where({ case_id: thisMonth[0] }).count({ n: '*' }).first();
    expect(Number(left!.n)).toBe(EVENTS_PER_CASE);
  });

  it('should make months ahead as the app role, moving the rows that belong to them', async () => {
    expect(await ensureHistoryPartitions(app)).toBe(0);
    expect(await ensureHistoryPartitions(app, { monthsAhead: 5 })).toBe(4);
    expect(await partitionsOf(owner, fiveAhead)).toEqual([`case_events_p${monthName(5)}`]);
    const { rows } = await owner.raw(
      `select count(*)::int as n from pg_inherits where inhparent = 'finished_jobs'::regclass`,
    );
    expect(rows[0].n).toBe(2 + 6);
    expect((await verifyAuditLog(app)).ok).toBe(true);
    // The app role gets nothing on the months made after its grant either.
    await expect(app.raw(`truncate case_events_p${monthName(5)}`)).rejects.toThrow(/permission denied/);
  });

  it('should leave room for HOT updates on the hot tables and no redundant index by case (020)', async () => {
    const { rows } = await owner.raw(
      `select relname, reloptions from pg_class where relname in ('cases', 'tasks', 'case_items') order by relname`,
    );
    for (const r of rows) expect(r.reloptions).toContain('fillfactor=85');
    expect((await owner.raw(`select to_regclass('tasks_case_idx') as idx`)).rows[0].idx).toBeNull();
  });
});
