import type { LocalizedName } from '@yijian/engine';
import {
  type BundleComposition,
  bundleCompositions,
  CatalogueError,
  type Department,
  describeCondition,
  bundles as handDrawnBundles,
  type ServiceGuide,
  type ServiceItem,
  serviceGuide,
} from '@yijian/process-library';
import type { Knex } from 'knex';
import { conflict } from '../http/errors';

/** The guide as the API serves it: each item's condition also as an applicant reads it. */
export type BundleGuide = Omit<ServiceGuide, 'items'> & {
  items: (ServiceGuide['items'][number] & { conditionText: LocalizedName | null })[];
};

/** 办事指南 of a composition; a composition the catalogue no longer supports is a 409. */
export function guideOf(
  composition: BundleComposition,
  catalogue: readonly ServiceItem[],
  departments: readonly Department[],
): BundleGuide {
  let guide: ServiceGuide;
  try {
    guide = serviceGuide(composition, { items: catalogue, departments });
  } catch (thrown) {
    if (!(thrown instanceof CatalogueError)) throw thrown;
    throw conflict(
      `The service guide of ${composition.key} cannot be generated from today's catalogue: ${thrown.issues
        .map((i) => i.message)
        .join('; ')}`,
    );
  }
  return {
    ...guide,
    items: guide.items.map((item) => ({
      ...item,
      conditionText: item.condition === null ? null : describeCondition(item.condition),
    })),
  };
}

/**
 * The composition a deployed bundle was generated from: the one stored when it was composed
 * through the API, else the process library's. A hand-drawn bundle (the restaurant) is described
 * by its composition narrowed to the items its drawing runs, unconditionally as drawn. Null when
 * the bundle does not exist or nothing describes it.
 */
export async function compositionOf(db: Knex, key: string): Promise<BundleComposition | null> {
  const row = await db('bundles').where({ key }).first('key', 'composition');
  if (!row) return null;
  if (row.composition) return row.composition as BundleComposition;
  const shipped = bundleCompositions.find((c) => c.key === key);
  if (!shipped) return null;
  if (!handDrawnBundles.some((b) => b.key === key)) return shipped;
  const drawn = new Set(
    (await db('bundle_items').where({ bundle_key: key }).select('item_code')).map(
      (r) => r.item_code as string,
    ),
  );
  return {
    ...shipped,
    items: shipped.items.filter((i) => drawn.has(i.itemCode)).map(({ itemCode }) => ({ itemCode })),
    prerequisites: shipped.prerequisites.filter((p) => drawn.has(p.before) && drawn.has(p.after)),
  };
}

/** 办事指南 of a deployed bundle, generated from the catalogue; null when there is no such bundle. */
export async function bundleGuide(
  db: Knex,
  key: string,
  catalogue: readonly ServiceItem[],
): Promise<BundleGuide | null> {
  const composition = await compositionOf(db, key);
  if (!composition) return null;
  const departments = (await db('departments').select('id', 'name_zh', 'name_en')).map((d) => ({
    id: d.id as string,
    name: { zh: d.name_zh as string, en: d.name_en as string },
  }));
  return guideOf(composition, catalogue, departments);
}
