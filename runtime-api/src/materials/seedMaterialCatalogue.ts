import {
  eLicenceTypes,
  type MaterialDefinition,
  materialDictionary,
  type ServiceItem,
} from '@yijian/process-library';
import type { Knex } from 'knex';

/**
 * Loads the catalogue's e-licence types, material dictionary, each item's materials and the
 * e-licence each item issues. Idempotent; the items themselves must already be seeded.
 */
export async function seedMaterialCatalogue(knex: Knex, items: readonly ServiceItem[]): Promise<void> {
  await knex('e_licence_types')
    .insert(Object.entries(eLicenceTypes).map(([key, name]) => ({ key, name_zh: name.zh, name_en: name.en })))
    .onConflict('key')
    .merge();
  await knex('material_types')
    .insert(
      Object.entries(materialDictionary as Record<string, MaterialDefinition>).map(([key, m]) => ({
        key,
        name_zh: m.name.zh,
        name_en: m.name.en,
        e_licence_type: m.eLicence ?? null,
        min_trust: m.trustLevel ?? null,
      })),
    )
    .onConflict('key')
    .merge()
    // A material an admin edited in the Studio keeps the admin's names, e-licence and trust level.
    .whereNull('material_types.edited_at');
  for (const item of items) {
    await knex('items').where({ code: item.code }).update({ result_licence_type: item.result.licence });
  }
  const rows = items.flatMap((item) =>
    item.materials.map((m, position) => ({
      item_code: item.code,
      material_key: m.key,
      requirement: m.requirement,
      originals: m.originals,
      copies: m.copies,
      min_trust: m.trustLevel ?? null,
      position,
    })),
  );
  if (rows.length > 0)
    await knex('item_materials').insert(rows).onConflict(['item_code', 'material_key']).merge();
  // Materials an item no longer asks for leave with the new catalogue. Upsert first, delete after,
  // so two nodes starting at once never trip over each other's rows.
  for (const item of items) {
    await knex('item_materials')
      .where({ item_code: item.code })
      .whereNotIn(
        'material_key',
        item.materials.map((m) => m.key),
      )
      .delete();
  }
}
