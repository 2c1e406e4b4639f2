import { PREPARED } from '@yijian/db';
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** One material one item asks for, with the names a screen needs. */
export interface ItemMaterialRow {
  item_code: string;
  item_name_zh: string;
  item_name_en: string;
  item_department_id: string;
  item_position: number;
  result_licence_type: string | null;
  material_key: string;
  material_name_zh: string;
  material_name_en: string;
  requirement: 'required' | 'secondary';
  position: number;
  /** The item's floor, else the material's; null accepts any trust. */
  min_trust: 'A' | 'B' | 'C' | 'D' | null;
  e_licence_type: string | null;
  e_licence_type_zh: string | null;
  e_licence_type_en: string | null;
}

/**
 * The items of a bundle in their order, each with the materials it asks for (an item that asks
 * for none still appears once, with null material columns).
 */
export function bundleItemMaterials(db: Db, bundleKey: string): Knex.QueryBuilder {
  return db('bundle_items as bi')
    .join('items as i', 'i.code', 'bi.item_code')
    .leftJoin('item_materials as im', 'im.item_code', 'i.code')
    .leftJoin('material_types as mt', 'mt.key', 'im.material_key')
    .leftJoin('e_licence_types as elt', 'elt.key', 'mt.e_licence_type')
    .where('bi.bundle_key', bundleKey)
    .orderBy('bi.position')
    .orderBy('im.position')
    .options(PREPARED)
    .select(
      'i.code as item_code',
      'i.name_zh as item_name_zh',
      'i.name_en as item_name_en',
      'i.department_id as item_department_id',
      'bi.position as item_position',
      'i.result_licence_type',
      'im.material_key',
      'mt.name_zh as material_name_zh',
      'mt.name_en as material_name_en',
      'im.requirement',
      'im.position',
      db.raw('coalesce(im.min_trust, mt.min_trust) as min_trust'),
      'mt.e_licence_type',
      'elt.name_zh as e_licence_type_zh',
      'elt.name_en as e_licence_type_en',
    );
}

/** The items of a bundle in bundle order, with their names. */
export function bundleItems(
  db: Db,
  bundleKey: string,
): Promise<{ code: string; name_zh: string; name_en: string }[]> {
  return db('bundle_items as bi')
    .join('items as i', 'i.code', 'bi.item_code')
    .where('bi.bundle_key', bundleKey)
    .orderBy('bi.position')
    .select('i.code', 'i.name_zh', 'i.name_en');
}
