import type { Knex } from 'knex';

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

/** Incident rows with their case and bundle; filter further with `where`. */
export function incidentRows(db: Knex | Knex.Transaction): Knex.QueryBuilder {
  return db('incidents as i')
    .join('cases as c', 'c.id', 'i.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .select(INCIDENT_COLUMNS);
}

/** The open incidents of one case, oldest first. */
export function caseOpenIncidentsQuery(db: Knex | Knex.Transaction, caseId: string): Knex.QueryBuilder {
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
