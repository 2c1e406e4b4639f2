import { tables } from '@yijian/db';
import { endOfShanghaiDay, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import { lightUnder, readWarningPolicy } from '../deadlines/warningPolicy';

type Light = 'green' | 'yellow' | 'red';
/** One non-empty counter group of `monitor_counts` (migration 011), summed. */
interface CounterGroup {
  /** The bundle (case), department (step) or item (item clock) counted. */
  owner: string;
  /** The case's status, the step's item, or the item clock's status. */
  sub: string | null;
  /** The case clock's state (running, paused). */
  state: string | null;
  due_date: string | null;
  due_start_date: string | null;
  no_due: boolean | null;
  n: number;
  /** Counter rows behind the group: past the groups plus a slack, a read compacts them. */
  rows: number;
}

/** What a light is judged from: a group's due date and start, under a warning policy. */
interface LightGroup {
  due_date: string | null;
  due_start_date: string | null;
  warning_policy: unknown;
}

/**
 * The light of a group of deadlines that share a due date and start date under one policy.
 * Lights depend on working days, which SQL cannot count; grouping first keeps this a handful of
 * evaluations however many cases there are (the distinct due dates of open work, not the work),
 * and groups of different bundles, departments and items that share policy and dates share one
 * evaluation (the calendar walk is what a summary spends its time on).
 */
function lightsOfGroups(calendar: WorkCalendar, now: string): (row: LightGroup) => Light {
  const memo = new Map<string, Light>();
  return (row) => {
    const key = `${JSON.stringify(row.warning_policy ?? null)}|${row.due_date}|${row.due_start_date ?? ''}`;
    let light = memo.get(key);
    if (!light) {
      light = lightUnder(
        readWarningPolicy(row.warning_policy),
        calendar,
        // Only groups with a due date are asked for a light.
        { dueAt: endOfShanghaiDay(row.due_date!), startDate: row.due_start_date ?? null },
        now,
      ).light;
      memo.set(key, light);
    }
    return light;
  };
}

const zero = () => ({ green: 0, yellow: 0, red: 0, paused: 0, atWindow: 0 });

/** Past this many rows beyond one per group, a read folds the counters (compactMonitorCounts). */
const COMPACT_SLACK = 2000;

/**
 * The open work counted per group, from the `monitor_counts` counters (migration 011): triggers
 * append a signed row whenever a case, step or item clock enters, leaves or changes its group, in
 * the writing transaction, so the sum per group is exact and current. Reading costs the groups
 * (distinct due dates, not the work) plus the rows appended since the last compaction.
 */
function countGroups(knex: Knex, kind: 'case' | 'step' | 'item'): Promise<CounterGroup[]> {
  return knex('monitor_counts')
    .where('kind', kind)
    .groupBy('owner', 'sub', 'state', 'due_date', 'due_start_date', 'no_due')
    .havingRaw('sum(n) <> 0')
    .select(
      'owner',
      'sub',
      'state',
      'due_date',
      'due_start_date',
      'no_due',
      knex.raw('sum(n)::int as n'),
      knex.raw('count(*)::int as rows'),
    );
}

/**
 * Folds the counters into one row per non-empty group, so reads stay as cheap as the groups.
 * Concurrent writers only append: the delete sees the rows committed when it starts and nothing
 * appended later, so no change is lost or counted twice. One compaction at a time.
 */
export async function compactMonitorCounts(knex: Knex): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const { rows } = await trx.raw("select pg_try_advisory_xact_lock(hashtext('monitor_counts')) as ok");
    if (!rows[0]?.ok) return false;
    await trx.raw(`with folded as (delete from monitor_counts returning *)
      insert into monitor_counts (kind, owner, sub, state, due_date, due_start_date, no_due, n)
      select kind, owner, sub, state, due_date, due_start_date, no_due, sum(n)
      from folded group by kind, owner, sub, state, due_date, due_start_date, no_due
      having sum(n) <> 0`);
    return true;
  });
}

/**
 * Counts the open work again from scratch and replaces the counters: for bulk loads that bypass
 * the triggers (the scale benchmark's generator) and for repair. Scans cases, tasks and items once.
 */
export async function recountMonitorCounts(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw("select pg_advisory_xact_lock(hashtext('monitor_counts'))");
    await trx.raw('lock table monitor_counts in exclusive mode');
    await trx.raw('delete from monitor_counts');
    await trx.raw(`insert into monitor_counts (kind, owner, sub, state, due_date, due_start_date, no_due, n)
      select 'case', bundle_key, status, clock->>'state', due_date, due_start_date, due_at is null, count(*)
      from cases where status in ('preReview','correction','inProgress')
      group by 1, 2, 3, 4, 5, 6, 7`);
    await trx.raw(`insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
      select 'step', department_id, item_code, due_date, due_start_date, count(*)
      from tasks where status in ('open','claimed') and due_at is not null
      group by 1, 2, 3, 4, 5`);
    await trx.raw(`insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
      select 'item', ci.item_code, ci.status, ci.due_date, ci.due_start_date, count(*)
      from case_items ci join cases c on c.id = ci.case_id
      where c.status = 'inProgress' and ci.status in ('running','paused')
      group by 1, 2, 3, 4, 5`);
  });
}

/**
 * 效能监察 in numbers, over every open case, step and item (not a page of them): open cases per
 * bundle by light, with paused clocks and cases at the window apart; overdue and near-due steps per
 * department; running item clocks per item by light. Reads counters, never the open work itself
 * (p99 ≤ 100 ms at a million open tasks, DESIGN.md quality bars).
 */
export async function monitorSummary(
  knex: Knex,
  calendar: WorkCalendar,
  now: string,
  /** Where compaction writes when `knex` is a read replica (DATABASE_READ_URL): the primary. */
  options: { compactOn?: Knex } = {},
) {
  const [caseCounts, stepCounts, itemCounts, bundleRows, itemRows] = await Promise.all([
    countGroups(knex, 'case'),
    countGroups(knex, 'step'),
    countGroups(knex, 'item'),
    knex('bundles').select('key', 'name_zh', 'name_en', 'warning_policy') as Promise<
      { key: string; name_zh: string; name_en: string; warning_policy: unknown }[]
    >,
    tables.items(knex).select('code', 'name_zh', 'name_en', 'department_id', 'warning_policy'),
  ]);
  const groups = caseCounts.length + stepCounts.length + itemCounts.length;
  const rows = [...caseCounts, ...stepCounts, ...itemCounts].reduce((sum, g) => sum + g.rows, 0);
  // A hot standby refuses writes: fold on the primary (the sums just read stay right either way).
  if (rows > groups + COMPACT_SLACK) await compactMonitorCounts(options.compactOn ?? knex);

  const lightOfGroup = lightsOfGroups(calendar, now);
  const bundleByKey = new Map(bundleRows.map((b) => [b.key, b]));
  const itemByCode = new Map(itemRows.map((i) => [i.code, i]));
  const caseGroups = caseCounts.map((g) => {
    const b = bundleByKey.get(g.owner);
    return {
      ...g,
      bundle_key: g.owner,
      status: g.sub,
      clock_state: g.state,
      name_zh: b?.name_zh ?? g.owner,
      name_en: b?.name_en ?? g.owner,
      warning_policy: b?.warning_policy ?? {},
    };
  });
  const stepGroups = stepCounts.map((g) => ({
    ...g,
    department_id: g.owner,
    warning_policy: g.sub ? (itemByCode.get(g.sub)?.warning_policy ?? null) : null,
  }));
  const itemGroups = itemCounts.map((g) => {
    const i = itemByCode.get(g.owner);
    return {
      ...g,
      item_code: g.owner,
      status: g.sub,
      name_zh: i?.name_zh ?? null,
      name_en: i?.name_en ?? null,
      department_id: i?.department_id ?? null,
      warning_policy: i?.warning_policy ?? null,
    };
  });

  const totals = { open: 0, ...zero() };
  type Counts = ReturnType<typeof zero>;
  const bundles = new Map<string, { bundleKey: string; name: { zh: string; en: string } } & Counts>();
  for (const g of caseGroups) {
    let entry = bundles.get(g.bundle_key);
    if (!entry) {
      entry = { bundleKey: g.bundle_key, name: { zh: g.name_zh, en: g.name_en }, ...zero() };
      bundles.set(g.bundle_key, entry);
    }
    totals.open += g.n;
    const bucket: keyof Counts | null =
      g.status !== 'inProgress'
        ? 'atWindow'
        : g.clock_state === 'paused'
          ? 'paused'
          : g.no_due || !g.due_date
            ? null
            : lightOfGroup(g);
    if (!bucket) continue;
    entry[bucket] += g.n;
    totals[bucket] += g.n;
  }

  const departments = new Map<
    string,
    { departmentId: string; open: number; overdue: number; nearDue: number }
  >();
  for (const g of stepGroups) {
    const entry = departments.get(g.department_id) ?? {
      departmentId: g.department_id,
      open: 0,
      overdue: 0,
      nearDue: 0,
    };
    departments.set(g.department_id, entry);
    const light = lightOfGroup(g);
    entry.open += g.n;
    if (light === 'red') entry.overdue += g.n;
    if (light === 'yellow') entry.nearDue += g.n;
  }

  const items = new Map<
    string,
    { itemCode: string; name: { zh: string; en: string }; departmentId: string | null } & ReturnType<
      typeof zero
    >
  >();
  for (const g of itemGroups) {
    const entry = items.get(g.item_code) ?? {
      itemCode: g.item_code,
      name: { zh: g.name_zh ?? g.item_code, en: g.name_en ?? g.item_code },
      departmentId: g.department_id ?? null,
      ...zero(),
    };
    items.set(g.item_code, entry);
    if (g.status === 'paused') entry.paused += g.n;
    else if (g.due_date) entry[lightOfGroup(g)] += g.n;
  }

  return {
    totals,
    // Fixed orders: the groups come from SQL in no particular order.
    byBundle: [...bundles.values()].sort((a, b) => a.bundleKey.localeCompare(b.bundleKey)),
    byDepartment: [...departments.values()].sort(
      (a, b) =>
        b.overdue - a.overdue || b.nearDue - a.nearDue || a.departmentId.localeCompare(b.departmentId),
    ),
    byItem: [...items.values()].sort(
      (a, b) => b.red - a.red || b.yellow - a.yellow || a.itemCode.localeCompare(b.itemCode),
    ),
  };
}
