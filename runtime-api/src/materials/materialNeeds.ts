import type { ItemMaterialRow } from './materialCatalogueQueries';
import { REUSABLE_TRUST, type Trust, trustLevels } from './trustLevels';

/**
 * What a set of items asks for, merged by material: one entry per material key however many items
 * need it, so one upload (or one e-licence) answers them all. Pure: rows in, needs out.
 */
export interface MaterialNeed {
  key: string;
  name: { zh: string; en: string };
  eLicenceType: { key: string; name: { zh: string; en: string } } | null;
  /** The strictest floor any of the items sets; null when none sets one. */
  minTrust: Trust | null;
  /** Required by at least one item (otherwise secondary everywhere: 容缺 possible). */
  required: boolean;
  items: { code: string; name: { zh: string; en: string }; requirement: 'required' | 'secondary' }[];
  /** An item of the same set whose result is the accepted e-licence: no upload is asked for. */
  providedBy: { itemCode: string; name: { zh: string; en: string } } | null;
}

function stricter(a: Trust | null, b: Trust | null): Trust | null {
  if (a === null) return b;
  if (b === null) return a;
  return trustLevels.indexOf(a) <= trustLevels.indexOf(b) ? a : b;
}

/** The floor for reusing something from another case: never weaker than B (DOMAIN rule 18). */
export function reuseFloor(minTrust: Trust | null): Trust {
  return stricter(minTrust, REUSABLE_TRUST) as Trust;
}

/** The item (other than `exceptItem`) among `rows` whose result licence is `type`. */
export function issuingItem(
  rows: readonly ItemMaterialRow[],
  type: string | null,
  exceptItem?: string,
): { itemCode: string; name: { zh: string; en: string } } | null {
  if (!type) return null;
  const row = rows.find((r) => r.result_licence_type === type && r.item_code !== exceptItem);
  return row ? { itemCode: row.item_code, name: { zh: row.item_name_zh, en: row.item_name_en } } : null;
}

/** Merges the materials of the items (all of `rows`' items, or only `itemCodes`) by key. */
export function mergeMaterialNeeds(
  rows: readonly ItemMaterialRow[],
  itemCodes?: readonly string[],
): MaterialNeed[] {
  const selected = itemCodes ? rows.filter((r) => itemCodes.includes(r.item_code)) : [...rows];
  const needs = new Map<string, MaterialNeed>();
  for (const row of selected) {
    if (!row.material_key) continue;
    const item = {
      code: row.item_code,
      name: { zh: row.item_name_zh, en: row.item_name_en },
      requirement: row.requirement,
    };
    const need = needs.get(row.material_key);
    if (need) {
      need.items.push(item);
      need.required ||= row.requirement === 'required';
      need.minTrust = stricter(need.minTrust, row.min_trust);
      continue;
    }
    needs.set(row.material_key, {
      key: row.material_key,
      name: { zh: row.material_name_zh, en: row.material_name_en },
      eLicenceType: row.e_licence_type
        ? {
            key: row.e_licence_type,
            name: { zh: row.e_licence_type_zh ?? '', en: row.e_licence_type_en ?? '' },
          }
        : null,
      minTrust: row.min_trust,
      required: row.requirement === 'required',
      items: [item],
      providedBy: null,
    });
  }
  for (const need of needs.values()) {
    const issuer = issuingItem(selected, need.eLicenceType?.key ?? null);
    // An item never provides its own input.
    if (issuer && !need.items.some((i) => i.code === issuer.itemCode)) need.providedBy = issuer;
  }
  return [...needs.values()];
}
