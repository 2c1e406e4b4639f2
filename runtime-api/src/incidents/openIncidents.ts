import type { Knex } from 'knex';
import type { RowsQuery } from '../sql/caseQueries';

/**
 * Reads of open incidents (故障) for the case view, the case lists, the incident list and the
 * monitor. Each is one statement on the partial index `incidents_open` or `incidents_case`.
 */

const INCIDENT_COLUMNS = [
  'i.id',
  'i.case_id',
  'i.key',
  'i.source',
  'i.element_id',
  'i.code',
  'i.message',
  'i.messages',
  'i.attempts',
  'i.raised_by',
  'i.raised_at',
  'i.status',
  'i.resolved_at',
  'i.resolution',
  'c.case_number',
  'c.bundle_key',
  'c.definition_key',
  'c.definition_version',
  'b.name_zh as bundle_name_zh',
  'b.name_en as bundle_name_en',
];

/** One row of {@link incidentRows}: the incident with its case and bundle. */
export interface IncidentRow {
  /** bigserial: pg gives it as a string. */
  id: string;
  case_id: string;
  key: string;
  source: 'engine' | 'job';
  element_id: string | null;
  code: string;
  message: string;
  /** `{ zh, en }`; null on rows raised before migration 041. */
  messages: { zh: string; en: string } | null;
  attempts: number;
  raised_by: Record<string, unknown>;
  raised_at: Date;
  status: 'open' | 'resolved';
  resolved_at: Date | null;
  resolution: string | null;
  case_number: string;
  bundle_key: string;
  definition_key: string;
  definition_version: number;
  bundle_name_zh: string;
  bundle_name_en: string;
}

/** Incident rows with their case and bundle; filter further with `where`. */
export function incidentRows(db: Knex | Knex.Transaction): RowsQuery<IncidentRow> {
  return db('incidents as i')
    .join('cases as c', 'c.id', 'i.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .select(INCIDENT_COLUMNS);
}

/** The open incidents of one case, oldest first. */
export function caseOpenIncidentsQuery(db: Knex | Knex.Transaction, caseId: string): RowsQuery<IncidentRow> {
  return incidentRows(db)
    .where({ 'i.case_id': caseId, 'i.status': 'open' })
    .orderBy([{ column: 'i.raised_at' }, { column: 'i.id' }]);
}

/** Open incidents over all cases (optionally one bundle's), oldest first: the operator's worklist. */
export function openIncidentsQuery(
  db: Knex | Knex.Transaction,
  filter: { bundleKey?: string; limit: number },
): Knex.QueryBuilder {
  const q = incidentRows(db)
    .where('i.status', 'open')
    .orderBy([{ column: 'i.raised_at' }, { column: 'i.id' }])
    .limit(filter.limit);
  if (filter.bundleKey) q.where('c.bundle_key', filter.bundleKey);
  return q;
}

/** How many incidents are open on each of these cases (cases without any are absent). */
export async function openIncidentCounts(
  db: Knex | Knex.Transaction,
  caseIds: string[],
): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows: { case_id: string; n: number }[] = await db('incidents')
    .whereIn('case_id', caseIds)
    .where('status', 'open')
    .groupBy('case_id')
    .select('case_id', db.raw('count(*)::int as n'));
  return new Map(rows.map((r) => [r.case_id, r.n]));
}
