import type { ProcessDefinition } from '@yijian/engine';
import type { Knex } from 'knex';
import type { DefinitionCache } from '../catalogue/definitionCache';
import { iso } from '../presenters';
import { incidentMessagesOf } from './incidentQueries';
import type { IncidentRow } from './openIncidents';

/** The item (事项) an element belongs to: its own item code, or that of the sub-process around it. */
function itemCodeAt(definition: ProcessDefinition, elementId: string | null): string | null {
  let node = elementId ? definition.nodes[elementId] : undefined;
  for (let depth = 0; node && depth < 50; depth++) {
    if (node.itemCode) return node.itemCode;
    node = node.parentId ? definition.nodes[node.parentId] : undefined;
  }
  return null;
}

/**
 * Incident rows as operators see them: the element with its name in the case's own process
 * version, the item it belongs to, what raised it and how often it was tried. Definitions come
 * from the cache (deployed versions never change); item names in one query.
 */
export async function presentIncidents(
  db: Knex | Knex.Transaction,
  definitions: DefinitionCache,
  rows: readonly IncidentRow[],
) {
  const byVersion = new Map<string, ProcessDefinition>();
  for (const r of rows) {
    const id = `${r.definition_key}@${r.definition_version}`;
    // Through `db`: inside a command that is its transaction, never a second pooled connection.
    if (!byVersion.has(id))
      byVersion.set(id, await definitions.get(r.definition_key, r.definition_version, db));
  }
  const located = rows.map((r) => {
    const definition = byVersion.get(`${r.definition_key}@${r.definition_version}`)!;
    const node = r.element_id ? definition.nodes[r.element_id] : undefined;
    return { r, node, itemCode: itemCodeAt(definition, r.element_id) };
  });
  const codes = [...new Set(located.map((l) => l.itemCode).filter((c): c is string => !!c))];
  const items: { code: string; name_zh: string; name_en: string }[] = codes.length
    ? await db('items').whereIn('code', codes).select('code', 'name_zh', 'name_en')
    : [];
  const itemName = new Map(items.map((i) => [i.code, { zh: i.name_zh, en: i.name_en }]));
  return located.map(({ r, node, itemCode }) => ({
    id: String(r.id),
    caseId: r.case_id,
    caseNumber: r.case_number,
    bundleKey: r.bundle_key,
    bundleName: { zh: r.bundle_name_zh, en: r.bundle_name_en },
    key: r.key,
    source: r.source as 'engine' | 'job',
    elementId: r.element_id ?? null,
    elementName: node?.name ?? null,
    item: itemCode
      ? { code: itemCode, name: itemName.get(itemCode) ?? { zh: itemCode, en: itemCode } }
      : null,
    code: r.code,
    message: r.message,
    messages: incidentMessagesOf(r),
    attempts: r.attempts,
    raisedBy: (r.raised_by ?? {}) as Record<string, unknown>,
    raisedAt: iso(r.raised_at)!,
    status: r.status as 'open' | 'resolved',
    resolvedAt: iso(r.resolved_at ?? null),
    resolution: r.resolution ?? null,
    definitionVersion: r.definition_version as number,
  }));
}
