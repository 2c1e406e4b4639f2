import { CatalogueError, type CatalogueIssue } from '../CatalogueError';
import { dictionaryField, fieldSections, isFieldKey, sectionOf } from '../catalogue/fieldDictionary';
import type { ServiceItem } from '../catalogue/ServiceItem';
import { serviceItems } from '../catalogue/serviceItems';
import type { BundleComposition } from '../composer/BundleComposition';
import { feelNames, feelSource } from '../feel/feelNames';
import type { FormField, FormSchema } from '../forms';

/**
 * 一表申请: merges the forms of a bundle's items into one combined form.
 * - Each field is asked once: fields are deduplicated by dictionary key. Two items defining the
 *   same key differently (type, validation or options; labels may differ) refuse the bundle with
 *   a {@link CatalogueError} naming the key and both items.
 * - Fields are grouped by topic: each has a `section` (its key's topic) and the schema lists the
 *   sections in display order. They stay a flat list, which the runtime validates field by field.
 * - A field needed only by conditional items is hidden (`conditional.hide`, FEEL) until an
 *   answer includes one of them. Fields the inclusion conditions read are always shown, and
 *   added from the field dictionary if no item asks them.
 */
export function mergeForms(
  composition: BundleComposition,
  options: { items?: readonly ServiceItem[] } = {},
): FormSchema {
  const catalogue = options.items ?? serviceItems;
  const issues: CatalogueIssue[] = [];
  const bundleKey = composition.key;
  const decisive: string[] = [];
  // `owner` is the first item asking the field; null for one added for an inclusion condition.
  const fields = new Map<
    string,
    { field: FormField; owner: ServiceItem | null; conditions: (string | null)[] }
  >();

  for (const { itemCode, when } of composition.items) {
    const item = catalogue.find((i) => i.code === itemCode);
    if (!item) {
      issues.push({
        code: 'unknownItem',
        severity: 'error',
        bundleKey,
        itemCodes: [itemCode],
        message: `Bundle ${bundleKey} lists item ${itemCode}, which is not in the catalogue; add the item or fix the code.`,
      });
      continue;
    }
    const condition = when === undefined ? null : feelSource(when);
    if (condition !== null) {
      const read = feelNames(condition);
      if (read.error) {
        issues.push({
          code: 'invalidCondition',
          severity: 'error',
          bundleKey,
          itemCodes: [itemCode],
          message: `The inclusion condition of ${describe(item)}: ${read.error}`,
          condition,
        });
      }
      for (const name of read.names) if (!decisive.includes(name)) decisive.push(name);
    }
    for (const field of item.fields) {
      const seen = fields.get(field.key);
      if (!seen) {
        fields.set(field.key, { field, owner: item, conditions: [condition] });
        continue;
      }
      const difference = differenceBetween(seen.field, field);
      if (difference) {
        issues.push({
          code: 'fieldConflict',
          severity: 'error',
          bundleKey,
          fieldKey: field.key,
          itemCodes: seen.owner ? [seen.owner.code, item.code] : [item.code],
          message: `Field ${field.key} is defined differently by ${describe(seen.owner)} and ${describe(item)} (${difference}); give both the field dictionary's definition.`,
        });
        continue;
      }
      seen.conditions.push(condition);
    }
  }

  for (const key of decisive) {
    if (fields.has(key)) continue;
    if (!isFieldKey(key)) {
      issues.push({
        code: 'unknownField',
        severity: 'error',
        bundleKey,
        fieldKey: key,
        message: `An inclusion condition of bundle ${bundleKey} reads ${key}, which is not in the field dictionary; add it there or fix the condition.`,
      });
      continue;
    }
    fields.set(key, { field: dictionaryField(key), owner: null, conditions: [null] });
  }
  if (issues.length > 0) {
    throw new CatalogueError(
      `The combined form of bundle ${bundleKey} cannot be built (${issues.length} problems).`,
      issues,
    );
  }

  const order = fieldSections.map((s) => s.id);
  const rank = (key: string) => {
    const index = order.indexOf(sectionOf(key));
    return index < 0 ? order.length : index;
  };
  const merged = [...fields.entries()].map(([key, { field, conditions }], position) => {
    const component: FormField = { ...structuredClone(field), section: sectionOf(key) };
    const hide = decisive.includes(key) ? null : hideCondition(conditions);
    if (hide) component.conditional = { hide };
    else delete component.conditional;
    return { component, position };
  });
  // By section; within one, the questions always asked (those deciding conditions included)
  // before the ones they reveal, so "has gas?" comes before the gas account number.
  const hidden = (c: FormField) => (c.conditional ? 1 : 0);
  const components = merged
    .sort(
      (a, b) =>
        rank(a.component.key) - rank(b.component.key) ||
        hidden(a.component) - hidden(b.component) ||
        a.position - b.position,
    )
    .map(({ component }) => component);
  const used = new Set(components.map((c) => c.section));
  return {
    type: 'default',
    id: `${composition.key}-combined`,
    schemaVersion: 16,
    components,
    sections: [
      ...fieldSections.filter((s) => used.has(s.id)),
      ...[...used]
        .filter((id): id is string => id !== undefined && !order.includes(id))
        .map((id) => {
          // An item's own questions (`item<code>.…`) form a section titled with the item's name.
          const item = id.startsWith('item') ? catalogue.find((i) => `item${i.code}` === id) : undefined;
          return item ? { id, label: item.name.zh, labelEn: item.name.en } : { id, label: id, labelEn: id };
        }),
    ],
  };
}

/**
 * Hidden unless one of the items needing the field is included. `!= true` also hides while a
 * condition is still null (its answers not given yet), matching how the gateway decides.
 */
function hideCondition(conditions: (string | null)[]): string | null {
  if (conditions.includes(null)) return null;
  const distinct = [...new Set(conditions as string[])];
  return `=${distinct.map((c) => `(${c}) != true`).join(' and ')}`;
}

/** How two definitions of one key differ in what they accept, or null if they do not. */
export function differenceBetween(a: FormField, b: FormField): string | null {
  if (a.type !== b.type) return `type ${a.type} vs ${b.type}`;
  if (!sameJson(a.validate ?? {}, b.validate ?? {})) {
    return `validation ${JSON.stringify(a.validate ?? {})} vs ${JSON.stringify(b.validate ?? {})}`;
  }
  if (!sameJson(a.values ?? [], b.values ?? [])) return 'different options';
  return null;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

function describe(item: ServiceItem | null): string {
  return item ? `${item.name.zh} (${item.code})` : 'the field dictionary';
}
