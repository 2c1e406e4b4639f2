import { createKnex, withDatabase } from '@yijian/db';
import { ApiClient } from '@yijian/examples';
import {
  cancelJobs,
  caseListPage,
  departmentQueueQuery,
  monitorSummary,
  type QueueFilter,
  recountMonitorCounts,
} from '@yijian/runtime-api';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTemplates, generateOpenWork } from '../bench/scaleData';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * DESIGN.md quality bar: no statement on a hot path scans jobs, tasks or cases. The plans are
 * read on a database with enough open work (30 k open tasks, ~100 k jobs, ANALYZEd) that the
 * planner prefers an index whenever one serves the statement; seq scans are not switched off.
 */
let server: TestServer;
let knex: Knex;

beforeAll(async () => {
  server = await startTestServer('hot_statement_plans');
  knex = server.knex;
  const templates = await buildTemplates(server.url, knex);
  // Generated as the owner: the server's pool is the app's own login (no trigger skipping).
  const owner = createKnex(withDatabase(inject('databaseServerUrl'), server.databaseName), { poolWaitMs: 0 });
  try {
    await generateOpenWork(owner, templates, { openTasks: 30_000 });
  } finally {
    await owner.destroy();
  }
}, 300_000);
afterAll(async () => {
  await server?.dispose();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

const HOT_TABLES = ['jobs', 'tasks', 'cases'];

/** The plan of a statement as the server would run it (same SQL, same bound values). */
async function planOf(query: Knex.QueryBuilder | Knex.Raw): Promise<PlanNode> {
  const { sql, bindings } = query.toSQL();
  const { rows } = await knex.raw(`explain (format json) ${sql}`, bindings as Knex.RawBinding[]);
  return rows[0]['QUERY PLAN'][0].Plan;
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Sequential scans of jobs, tasks or cases, as `Seq Scan on tasks`. */
const seqScans = (plan: PlanNode) =>
  nodes(plan)
    .filter((n) => n['Node Type'] === 'Seq Scan' && HOT_TABLES.includes(n['Relation Name'] ?? ''))
    .map((n) => `Seq Scan on ${n['Relation Name']}`);
const indexesUsed = (plan: PlanNode) =>
  nodes(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));

async function user(username: string) {
  const row = await knex('users')
    .where({ username })
    .first('id', 'username', 'display_name', 'role', 'department_id');
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    departmentId: row.department_id,
  };
}

/** The department with the most open work, and the deadline/id in the middle of its queue. */
async function busiestQueue() {
  const { rows } = await knex.raw(`select department_id, count(*)::int as n from tasks
    where status in ('open','claimed') group by 1 order by 2 desc limit 1`);
  const departmentId: string = rows[0].department_id;
  const middle = await knex('tasks')
    .where('department_id', departmentId)
    .whereIn('status', ['open', 'claimed'])
    .orderByRaw('due_at asc nulls last, id')
    .offset(Math.floor(rows[0].n / 2))
    .first('due_at', 'id');
  return { departmentId, open: rows[0].n as number, middle };
}

describe('Given 30 k open tasks with their jobs and cases', () => {
  it('should cancel a step’s, an item’s and a case’s jobs through the key index', async () => {
    const task = await knex('tasks').where('status', 'open').first('id', 'case_id');
    const item = await knex('case_items').first('case_id', 'scope_key');
    for (const prefix of [
      `task:${task.id}:`,
      `case:${item.case_id}:item:${item.scope_key}:`,
      `case:${item.case_id}:item:`,
      `case:${task.case_id}:deadline:`,
    ]) {
      const plan = await planOf(cancelJobs(knex, prefix));
      expect(seqScans(plan), prefix).toEqual([]);
      expect(indexesUsed(plan)).toContain('jobs_key_unique');
    }
  });

  it('should cancel through the key index in a generic plan too (prepared statements, poolers)', async () => {
    const task = await knex('tasks').where('status', 'open').first('id');
    const { sql, bindings } = cancelJobs(knex, `task:${task.id}:`).toSQL().toNative();
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('set local plan_cache_mode = force_generic_plan');
      await trx.raw(`prepare cancel_jobs as ${sql}`);
      const args = bindings.map((b) => `'${String(b).replace(/'/g, "''")}'`).join(', ');
      const { rows } = await trx.raw(`explain (format json) execute cancel_jobs(${args})`);
      await trx.raw('deallocate cancel_jobs');
      return rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    });
    expect(seqScans(plan)).toEqual([]);
    expect(indexesUsed(plan)).toContain('jobs_key_unique');
  });

  it('should cancel exactly the jobs under a prefix, and none of a neighbour’s', async () => {
    // Two steps whose keys are neighbours in the index
    const tasks = (await knex('jobs').where('key', 'like', 'task:%').orderBy('key').limit(40).select('key'))
      .map((j) => ({ id: j.key.split(':')[1] as string }))
      .filter((t, i, all) => i === 0 || t.id !== all[i - 1]!.id);
    const before = await knex('jobs').count<{ n: string }[]>('* as n');
    const own = await knex('jobs')
      .where('key', 'like', `task:${tasks[0]!.id}:%`)
      .count<{ n: string }[]>('* as n');
    await knex.transaction((trx) => cancelJobs(trx, `task:${tasks[0]!.id}:`));
    const after = await knex('jobs').count<{ n: string }[]>('* as n');
    expect(Number(before[0]!.n) - Number(after[0]!.n)).toBe(Number(own[0]!.n));
    expect(await knex('jobs').where('key', 'like', `task:${tasks[1]!.id}:%`).first('id')).toBeTruthy();
  });

  it('should read a department queue page as an index range at any depth', async () => {
    const { departmentId, middle } = await busiestQueue();
    for (const after of [
      null,
      { dueAt: new Date(middle.due_at).toISOString(), id: middle.id },
      { dueAt: null, id: '00000000-0000-0000-0000-000000000000' },
    ]) {
      const plan = await planOf(departmentQueueQuery(knex, { departmentId, after, limit: 51 }));
      expect(seqScans(plan), JSON.stringify(after)).toEqual([]);
      const used = indexesUsed(plan);
      if (after?.dueAt !== null) expect(used).toContain('tasks_queue_idx');
      if (after?.dueAt !== undefined) expect(used).toContain('tasks_queue_undated_idx');
    }
  });

  it('should read a searched or filtered queue page along indexes, never a scan of tasks or cases', async () => {
    const { departmentId, middle } = await busiestQueue();
    const sample = await knex('tasks as t')
      .join('cases as c', 'c.id', 't.case_id')
      .join('users as u', 'u.id', 'c.applicant_id')
      .where('t.department_id', departmentId)
      .whereNotNull('t.item_code')
      .first('t.item_code', 't.element_id', 'c.case_number', 'u.display_name', 'u.id as applicant_id');
    const entity = await knex('cases')
      .whereRaw(`form_data->>'entity.name' <> ''`)
      .first(knex.raw(`form_data->>'entity.name' as name`));
    const now = new Date().toISOString();
    const filters: QueueFilter[] = [
      { search: sample.case_number },
      { search: sample.case_number.slice(0, 8) },
      { search: sample.display_name },
      { search: String(entity.name).slice(1, 5) },
      { itemCode: sample.item_code },
      { elementId: sample.element_id },
      { status: ['claimed'] },
      { assigneeId: sample.applicant_id, status: ['claimed'] },
      { overdue: { now, value: true } },
      { overdue: { now, value: false }, itemCode: sample.item_code },
      { filedFrom: '2026-01-01T00:00:00Z', filedBefore: '2026-02-01T00:00:00Z' },
      { filedFrom: '2000-01-01T00:00:00Z' },
      { dueBefore: now },
      { search: sample.display_name, itemCode: sample.item_code, status: ['open'] },
    ];
    for (const filter of filters) {
      for (const after of [null, { dueAt: new Date(middle.due_at).toISOString(), id: middle.id }]) {
        const plan = await planOf(departmentQueueQuery(knex, { departmentId, after, limit: 51, filter }));
        expect(seqScans(plan), JSON.stringify({ filter, after })).toEqual([]);
      }
    }
  });

  it('should page through a whole queue, tasks without a deadline last, each task once', async () => {
    const { departmentId, open } = await busiestQueue();
    // Given some steps without a deadline
    await knex.raw(
      `update tasks set due_at = null, due_date = null where id in (select id from tasks
       where department_id = ? and status = 'open' order by id limit 150)`,
      [departmentId],
    );
    const expected = (
      await knex('tasks')
        .where('department_id', departmentId)
        .whereIn('status', ['open', 'claimed'])
        .orderByRaw('due_at asc nulls last, id')
        .select('id')
    ).map((r) => r.id);
    // When the queue is read page by page
    const seen: string[] = [];
    let after: { dueAt: string | null; id: string } | null = null;
    for (;;) {
      const rows = await departmentQueueQuery(knex, { departmentId, after, limit: 400 });
      seen.push(...rows.map((r: { id: string }) => r.id));
      const last = rows.at(-1);
      if (rows.length < 400 || !last) break;
      after = { dueAt: last.due_at ? new Date(last.due_at).toISOString() : null, id: last.id };
    }
    // Then every open task comes once, in deadline order
    expect(seen).toHaveLength(open);
    expect(seen).toEqual(expected);
  });

  it('should read the case list of every role along an index', async () => {
    const { departmentId } = await busiestQueue();
    const roles = [await user('manager'), await user(`${departmentId}.clerk`), await user('zhangsan')];
    for (const viewer of roles) {
      for (const status of ['open', 'concluded', 'all'] as const) {
        const plan = await planOf(caseListPage(knex, viewer, { status, limit: 100 }));
        expect(seqScans(plan), `${viewer.username} ${status}`).toEqual([]);
      }
    }
    // A clerk of a department in none of the cases starts from its own steps, not from every case
    const rare = await planOf(
      caseListPage(knex, await user('tobacco.clerk'), { status: 'open', limit: 100 }),
    );
    expect(seqScans(rare)).toEqual([]);
    expect(indexesUsed(rare)).toContain('tasks_department_case_idx');
    // The open lists walk the open-case indexes in deadline order
    const used = async (username: string) =>
      indexesUsed(await planOf(caseListPage(knex, await user(username), { status: 'open', limit: 100 })));
    expect(await used('manager')).toContain('cases_open_list_idx');
    expect(await used('zhangsan')).toContain('cases_applicant_open_idx');
    // and a clerk of the department in most cases walks them too, probing for its steps
    const clerkPlan = await planOf(
      caseListPage(knex, await user(`${departmentId}.clerk`), { status: 'open', limit: 100 }),
    );
    expect(indexesUsed(clerkPlan)).toContain('cases_open_list_idx');
    const probes = nodes(clerkPlan).filter((n) => n['Index Name']?.startsWith('tasks_'));
    expect(probes.length).toBeGreaterThan(0);
    for (const probe of probes) expect(probe['Index Cond']).toContain('case_id = c.id');
  });

  it('should keep the monitor counters equal to a count from scratch, and read them without touching open work', async () => {
    // Given work that moves: steps completed, a case accepted, a clock paused
    const clerkOf = async (departmentId: string) => new ApiClient(server.url).login(`${departmentId}.clerk`);
    const steps = await knex('tasks')
      .where({ status: 'open', kind: 'step' })
      .orderBy('id')
      .limit(5)
      .select('id', 'department_id');
    for (const step of steps) {
      const res = await concludeStep(await clerkOf(step.department_id), step.id);
      expect(res.status).toBe(200);
    }
    const intake = await knex('tasks').where({ status: 'open', kind: 'intake' }).first('id', 'department_id');
    expect(
      (
        await (
          await clerkOf(intake.department_id)
        ).post(`/api/tasks/${intake.id}/intake`, { decision: 'accept' })
      ).status,
    ).toBe(200);
    const running = await knex('cases')
      .where('status', 'inProgress')
      .whereRaw("clock->>'state' = 'running'")
      .first('id', 'bundle_key');
    const lead = await knex('bundles').where('key', running.bundle_key).first('lead_department_id');
    const paused = await (await clerkOf(lead.lead_department_id)).post(
      `/api/cases/${running.id}/clock/pause`,
      {
        kind: 'specialProcedure',
        procedure: 'inspection',
        reason: '现场勘验',
        expectedWorkingDays: 3,
      },
    );
    expect(paused.status).toBe(200);

    // When the counters are summed, and then counted again from the tables
    const calendar = await server.ctx.calendar.get();
    const now = new Date().toISOString();
    const sums = () =>
      knex('monitor_counts')
        .groupBy('kind', 'owner', 'sub', 'state', 'due_date', 'due_start_date', 'no_due')
        .havingRaw('sum(n) <> 0')
        .orderBy(['kind', 'owner', 'sub', 'state', 'due_date', 'due_start_date', 'no_due'])
        .select(
          'kind',
          'owner',
          'sub',
          'state',
          'due_date',
          'due_start_date',
          'no_due',
          knex.raw('sum(n)::int as n'),
        );
    const maintained = await sums();
    const summary = await monitorSummary(knex, calendar, now);
    await recountMonitorCounts(knex);

    // Then they agree, group by group, and the summary counts every open case
    expect(maintained).toEqual(await sums());
    expect(summary).toEqual(await monitorSummary(knex, calendar, now));
    const { rows } = await knex.raw(
      "select count(*)::int as n from cases where status in ('preReview','correction','inProgress')",
    );
    expect(summary.totals.open).toBe(rows[0].n);

    // And reading them touches none of the open work
    const plan = await planOf(
      knex('monitor_counts')
        .where('kind', 'step')
        .groupBy('owner', 'sub', 'state', 'due_date', 'due_start_date', 'no_due')
        .select('owner', knex.raw('sum(n)')),
    );
    expect(nodes(plan).filter((n) => HOT_TABLES.includes(n['Relation Name'] ?? ''))).toEqual([]);
  });
});
