import type { BundleComposition, FormSchema } from '@yijian/process-library';
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** A row of `bundles` as the routes read it. */
export interface BundleRow {
  key: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  lead_department_id: string;
  form_schema: FormSchema;
  composition: BundleComposition | null;
  sort_order: number;
}

/** An item of a bundle with its limits, in the bundle's order. */
export interface BundleItemRow {
  code: string;
  name_zh: string;
  name_en: string;
  department_id: string;
  limits: {
    value: number;
    unit: 'workingDays' | 'calendarDays' | 'calendarMonths';
    kind: 'statutory' | 'promised';
  }[];
}

/** Every bundle in the catalogue's order. */
export function allBundles(db: Db): Promise<BundleRow[]> {
  // A retired (撤下) bundle is no longer offered; the Studio lists it under /api/definitions.
  return db('bundles').whereNull('retired_at').orderBy('sort_order').select();
}

/** One bundle, or undefined. */
export function bundleByKey(db: Db, key: string): Promise<BundleRow | undefined> {
  return db('bundles').where({ key }).first();
}

/** The items of a bundle, in its order. */
export function bundleItemRows(db: Db, key: string): Promise<BundleItemRow[]> {
  return db('bundle_items as bi')
    .join('items as i', 'i.code', 'bi.item_code')
    .where('bi.bundle_key', key)
    .orderBy('bi.position')
    .select('i.code', 'i.name_zh', 'i.name_en', 'i.department_id', 'i.limits');
}

/** Every department with its names (what a composition may name as lead). */
export function departmentNames(db: Db): Promise<{ id: string; name_zh: string; name_en: string }[]> {
  return db('departments').select('id', 'name_zh', 'name_en');
}

/**
 * The names of the stored material types (材料目录): the shipped ones as seeded or edited in the
 * Studio, and those created there, which the process library's dictionary does not know.
 */
export async function materialTypeNames(db: Db): Promise<Map<string, { zh: string; en: string }>> {
  const rows = await db('material_types').select('key', 'name_zh', 'name_en');
  return new Map(rows.map((r) => [r.key as string, { zh: r.name_zh as string, en: r.name_en as string }]));
}
