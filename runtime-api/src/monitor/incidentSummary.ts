import { endOfShanghaiDay, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';
import { lightUnder, readWarningPolicy } from '../deadlines/warningPolicy';
import type { RowsQuery } from '../sql/caseQueries';
import type { monitorSummary } from './monitorSummary';

type Summary = Awaited<ReturnType<typeof monitorSummary>>;

/**
 * Open incidents per bundle, and the open cases that have one grouped as the case counts are
 * (status, clock, due date), so their lights can be put right: a stuck case is red, never green or
 * yellow. One statement on the partial index of open incidents; it costs what is stuck.
 */
/** One group of {@link incidentGroupsQuery}: a bundle's stuck cases of one status, clock state and due date. */
export interface IncidentGroupRow {
  bundle_key: string;
  name_zh: string;
  name_en: string;
  warning_policy: unknown;
  status: string;
  due_date: string | null;
  due_start_date: string | null;
  clock_state: string | null;
  no_due: boolean;
  cases: number;
  incidents: number;
}

export function incidentGroupsQuery(knex: Knex): RowsQuery<IncidentGroupRow> {
  return knex
    .with('stuck', (q) =>
      q
        .from('incidents')
        .where('status', 'open')
        .groupBy('case_id')
        .select('case_id', knex.raw('count(*)::int as incidents')),
    )
    .from('stuck as s')
    .join('cases as c', 'c.id', 's.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .groupBy('c.bundle_key', 'b.name_zh', 'b.name_en', 'b.warning_policy', 'c.status', 'c.due_date')
    .groupBy('c.due_start_date')
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
      knex.raw('count(*)::int as cases'),
      knex.raw('sum(s.incidents)::int as incidents'),
    );
}

const OPEN = new Set(['preReview', 'correction', 'inProgress']);

/**
 * Adds incidents to the monitor summary: per bundle and in total, `incidents` (open incidents) and
 * `incidentCases` (open cases with one); those cases move from green or yellow to red.
 */
export function withIncidents(
  summary: Summary,
  groups: readonly IncidentGroupRow[],
  calendar: WorkCalendar,
  now: string,
) {
  const zero = { incidents: 0, incidentCases: 0 };
  const totals = { ...summary.totals, ...zero };
  const byBundle = summary.byBundle.map((b) => ({ ...b, ...zero }));
  for (const g of groups) {
    let entry = byBundle.find((b) => b.bundleKey === g.bundle_key);
    if (!entry) {
      entry = {
        bundleKey: g.bundle_key,
        name: { zh: g.name_zh, en: g.name_en },
        green: 0,
        yellow: 0,
        red: 0,
        paused: 0,
        atWindow: 0,
        ...zero,
      };
      byBundle.push(entry);
    }
    entry.incidents += g.incidents;
    totals.incidents += g.incidents;
    if (!OPEN.has(g.status)) continue;
    entry.incidentCases += g.cases;
    totals.incidentCases += g.cases;
    // The same bucket the case counts put these cases in; a running clock's light turns red.
    if (g.status !== 'inProgress' || g.clock_state === 'paused' || g.no_due || !g.due_date) continue;
    const light = lightUnder(
      readWarningPolicy(g.warning_policy),
      calendar,
      { dueAt: endOfShanghaiDay(g.due_date), startDate: g.due_start_date ?? null },
      now,
    ).light;
    if (light === 'red') continue;
    // Two reads, not one snapshot: never move more than the case counts hold.
    const moved = Math.min(g.cases, entry[light]);
    entry[light] -= moved;
    totals[light] -= moved;
    entry.red += moved;
    totals.red += moved;
  }
  return { ...summary, totals, byBundle };
}
