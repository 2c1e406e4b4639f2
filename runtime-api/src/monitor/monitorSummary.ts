import { endOfShanghaiDay, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import { lightUnder, readWarningPolicy } from '../deadlines/warningPolicy';

type Light = 'green' | 'yellow' | 'red';
// biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped.
type Row = Record<string, any>;

/**
 * The light of a group of deadlines that share a due date and start date under one policy.
 * Lights depend on working days, which SQL cannot count; grouping first keeps this a handful of
 * evaluations however many cases there are (the distinct due dates of open work, not the work).
 */
function lightOfGroup(row: Row, calendar: WorkCalendar, now: string): Light {
  return lightUnder(
    readWarningPolicy(row.warning_policy),
    calendar,
    { dueAt: endOfShanghaiDay(row.due_date), startDate: row.due_start_date ?? null },
    now,
  ).light;
}

const zero = () => ({ green: 0, yellow: 0, red: 0, paused: 0, atWindow: 0 });

/**
 * 效能监察 in numbers, over every open case, step and item (not a page of them): open cases per
 * bundle by light, with paused clocks and cases at the window apart; overdue and near-due steps per
 * department; running item clocks per item by light.
 */
export async function monitorSummary(knex: Knex, calendar: WorkCalendar, now: string) {
  const [caseGroups, stepGroups, itemGroups] = (await Promise.all([
    knex('cases as c')
      .join('bundles as b', 'b.key', 'c.bundle_key')
      .whereIn('c.status', ['preReview', 'correction', 'inProgress'])
      .groupBy(
        'c.bundle_key',
        'b.name_zh',
        'b.name_en',
        'b.warning_policy',
        'c.status',
        'c.due_date',
        'c.due_start_date',
      )
      .groupByRaw("c.clock->>'state', c.due_at is null")
      .select(
        'c.bundle_key',
        'b.name_zh',
        'b.name_en',
        'b.warning_policy',
        'c.status',
        'c.due_date',
        'c.due_start_date',
        knex.raw("c.clock->>'state' as clock_state"),
        knex.raw('c.due_at is null as no_due'),
        knex.raw('count(*)::int as n'),
      ),
    knex('tasks as t')
      .leftJoin('items as i', 'i.code', 't.item_code')
      .whereIn('t.status', ['open', 'claimed'])
      .whereNotNull('t.due_at')
      .groupBy('t.department_id', 'i.warning_policy', 't.due_date', 't.due_start_date')
      .select(
        't.department_id',
        'i.warning_policy',
        't.due_date',
        't.due_start_date',
        knex.raw('count(*)::int as n'),
      ),
    knex('case_items as ci')
      .join('cases as c', 'c.id', 'ci.case_id')
      .leftJoin('items as i', 'i.code', 'ci.item_code')
      .where('c.status', 'inProgress')
      .whereIn('ci.status', ['running', 'paused'])
      .groupBy(
        'ci.item_code',
        'i.name_zh',
        'i.name_en',
        'i.department_id',
        'i.warning_policy',
        'ci.status',
        'ci.due_date',
        'ci.due_start_date',
      )
      .select(
        'ci.item_code',
        'i.name_zh',
        'i.name_en',
        'i.department_id',
        'i.warning_policy',
        'ci.status',
        'ci.due_date',
        'ci.due_start_date',
        knex.raw('count(*)::int as n'),
      ),
  ])) as [Row[], Row[], Row[]];

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
            : lightOfGroup(g, calendar, now);
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
    const light = lightOfGroup(g, calendar, now);
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
    else if (g.due_date) entry[lightOfGroup(g, calendar, now)] += g.n;
  }

  return {
    totals,
    byBundle: [...bundles.values()],
    byDepartment: [...departments.values()].sort((a, b) => b.overdue - a.overdue || b.nearDue - a.nearDue),
    byItem: [...items.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow),
  };
}
