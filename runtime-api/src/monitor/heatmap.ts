import type { Knex } from 'knex';

/**
 * 热力图: per element of a bundle's diagram, the open steps waiting there, how many are past their
 * own deadline, and the incidents parked there — over all the bundle's running cases (every
 * version: element ids are kept across versions of a composed bundle). Two grouped reads along
 * the open-task and open-incident indexes.
 */
export async function bundleHeatmap(knex: Knex, bundleKey: string, now: string) {
  const [steps, incidents]: [
    { element_id: string; waiting: number; late: number }[],
    { element_id: string; n: number }[],
  ] = await Promise.all([
    knex('tasks as t')
      .join('cases as c', 'c.id', 't.case_id')
      .where('c.bundle_key', bundleKey)
      .whereIn('t.status', ['open', 'claimed'])
      .groupBy('t.element_id')
      .select(
        't.element_id',
        knex.raw('count(*)::int as waiting'),
        knex.raw('(count(*) filter (where t.due_at < ?::timestamptz))::int as late', [now]),
      ),
    knex('incidents as i')
      .join('cases as c', 'c.id', 'i.case_id')
      .where('c.bundle_key', bundleKey)
      .where('i.status', 'open')
      .whereNotNull('i.element_id')
      .groupBy('i.element_id')
      .select('i.element_id', knex.raw('count(*)::int as n')),
  ]);
  const byElement = new Map<
    string,
    { elementId: string; waiting: number; late: number; incidents: number }
  >();
  for (const s of steps) {
    byElement.set(s.element_id, { elementId: s.element_id, waiting: s.waiting, late: s.late, incidents: 0 });
  }
  for (const i of incidents) {
    const entry = byElement.get(i.element_id) ?? {
      elementId: i.element_id,
      waiting: 0,
      late: 0,
      incidents: 0,
    };
    entry.incidents = i.n;
    byElement.set(i.element_id, entry);
  }
  return {
    bundleKey,
    elements: [...byElement.values()].sort((a, b) => a.elementId.localeCompare(b.elementId)),
  };
}
