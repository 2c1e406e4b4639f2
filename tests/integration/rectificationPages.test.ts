import { ApiClient } from '@yijian/examples';
import { rectificationPageQuery } from '@yijian/runtime-api';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatForm } from '../support/flatCase';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * 差评整改 is keyset paged: (due_date, opened_at, id) after the cursor. The rows share due dates
 * and opening instants a microsecond apart (ties a millisecond cursor would get wrong), and each
 * filter's page must be an index range read in order (migration 040).
 */
let server: TestServer;
let knex: Knex;
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = Record<string, any>;

beforeAll(async () => {
  server = await startTestServer('rectification_pages');
  knex = server.knex;
});
afterAll(async () => {
  await server?.dispose();
});

/** Three filed cases, each rated badly, with a rectification for every department: 3 × n rows. */
async function seedRectifications(): Promise<number> {
  const zhangsan = await new ApiClient(server.url).login('zhangsan');
  const caseIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const filed = await zhangsan.post('/api/cases', { bundleKey: 'secondHandFlat', form: flatForm });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    caseIds.push(filed.body.id);
  }
  const applicant = await knex('users').where({ username: 'zhangsan' }).first('id');
  await knex('case_ratings').insert(
    caseIds.map((id) => ({
      case_id: id,
      applicant_id: applicant.id,
      score: 1,
      reasons: JSON.stringify(['manyTrips']),
      rated_at: '2026-11-02T01:00:00Z',
    })),
  );
  const departments = (await knex('departments').orderBy('id').select('id')).map((d) => d.id as string);
  const rows = caseIds.flatMap((caseId, c) =>
    departments.map((departmentId, d) => {
      const n = c * departments.length + d;
      return {
        case_id: caseId,
        department_id: departmentId,
        status: n % 3 === 0 ? 'resolved' : 'open',
        // two due dates; openings on three microseconds of one millisecond, so ties are common
        due_date: n % 2 === 0 ? '2026-11-16' : '2026-11-17',
        opened_at: `2026-11-02T01:00:00.00${n % 3}${n % 2}0Z`,
      };
    }),
  );
  await knex('rectifications').insert(rows);
  return rows.length;
}

/** Ids in the list's order, straight from the table. */
async function expectedIds(filter: { departmentId?: string; status?: string }): Promise<string[]> {
  const q = knex('rectifications').select('id').orderBy(['due_date', 'opened_at', 'id']);
  if (filter.departmentId) q.where('department_id', filter.departmentId);
  if (filter.status) q.where('status', filter.status);
  return (await q).map((r) => r.id as string);
}

/** Reads every page; returns the ids in order and how many pages it took. */
async function pageThrough(client: ApiClient, query: string, limit: number) {
  const ids: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const page: { status: number; body: Json } = await client.get(
      `/api/rectifications?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.rectifications.length).toBeLessThanOrEqual(limit);
    ids.push(...page.body.rectifications.map((r: Json) => r.id));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

describe('Given more rectifications than one page holds', () => {
  it('should page through each filter with no row lost or repeated, each page one index range', async () => {
    const total = await seedRectifications();
    expect(total).toBeGreaterThan(20);
    const manager = await new ApiClient(server.url).login('manager');
    const department = (await knex('rectifications').first('department_id')).department_id as string;

    // When the manager reads the list 2 at a time, under each filter
    for (const [query, filter] of [
      ['status=all', {}],
      ['status=open', { status: 'open' }],
      ['status=resolved', { status: 'resolved' }],
      [`status=all&departmentId=${department}`, { departmentId: department }],
      [`status=open&departmentId=${department}`, { departmentId: department, status: 'open' }],
    ] as const) {
      const want = await expectedIds(filter);
      const { ids, pages } = await pageThrough(manager, query, 2);
      // Then every row comes once, in deadline order
      expect(ids, query).toEqual(want);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages, query).toBeGreaterThanOrEqual(Math.ceil(want.length / 2));
    }
    const { ids, pages } = await pageThrough(manager, 'status=all', 4);
    expect(ids).toEqual(await expectedIds({}));
    expect(pages).toBeGreaterThan(5);

    // And a clerk pages through their own department's only
    const clerk = await new ApiClient(server.url).login('realEstate.clerk');
    expect((await pageThrough(clerk, 'status=all', 1)).ids).toEqual(
      await expectedIds({ departmentId: 'realEstate' }),
    );

    // And a cursor the API did not give is a 400, not a 500
    for (const forged of [
      'bogus',
      Buffer.from(JSON.stringify(['2026-02-30', '2026-11-02T01:00:00Z', crypto.randomUUID()])).toString(
        'base64url',
      ),
      Buffer.from(JSON.stringify(['2026-11-16', '2026-11-02T25:00:00Z', crypto.randomUUID()])).toString(
        'base64url',
      ),
    ]) {
      const bad = await manager.get(`/api/rectifications?cursor=${forged}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
    }
  });

  it('should read each filter’s page from an index in list order, never sorting the matches', async () => {
    const after = { dueDate: '2026-11-16', openedAt: '2026-11-02T01:00:00.000010Z', id: crypto.randomUUID() };
    // Which of them serves a filter is the planner's call on a table this small (a department's
    // rows filtered by status, or the status index); what matters is a Limit straight over an
    // ordered index scan.
    const pageIndexes = [
      'rectifications_due_idx',
      'rectifications_status_idx',
      'rectifications_department_due_idx',
      'rectifications_department_idx',
    ];
    for (const input of [
      { status: 'all' },
      { status: 'open' },
      { status: 'all', departmentId: 'realEstate' },
      { status: 'resolved', departmentId: 'realEstate' },
    ] as const) {
      const { sql, bindings } = rectificationPageQuery(knex, { ...input, after, limit: 51 }).toSQL();
      // A handful of rows would be read whole; switched off, the plan shows whether an index can
      // give the order (a Sort would still appear if none could).
      const plan: PlanNode = await knex.transaction(async (trx) => {
        await trx.raw('set local enable_seqscan = off');
        await trx.raw('set local enable_bitmapscan = off');
        await trx.raw('set local enable_sort = off');
        const { rows } = await trx.raw(`explain (format json) ${sql}`, bindings as Knex.RawBinding[]);
        return rows[0]['QUERY PLAN'][0].Plan;
      });
      const limit = nodes(plan).find(
        (n) => n['Node Type'] === 'Limit' && n.Plans?.[0]?.['Relation Name'] === 'rectifications',
      );
      expect(limit?.Plans?.[0]?.['Node Type'], JSON.stringify(input)).toMatch(/^Index (Only )?Scan$/);
      expect(pageIndexes, JSON.stringify(input)).toContain(limit?.Plans?.[0]?.['Index Name']);
    }
  });
});
