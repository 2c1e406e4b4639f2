import { type BundleComposition, bundleCompositions } from '@yijian/process-library';
import type { Knex } from 'knex';

/**
 * The FEEL condition (`when`) under which each item of a bundle runs, from the composition it was
 * generated from: stored with a bundle composed through the API, in code for the shipped ones.
 */
export async function itemConditions(db: Knex, bundleKey: string): Promise<Map<string, string>> {
  const row = await db('bundles').where({ key: bundleKey }).first('composition');
  const composition =
    (row?.composition as BundleComposition | null) ?? bundleCompositions.find((c) => c.key === bundleKey);
  return new Map(
    (composition?.items ?? []).flatMap((item) => (item.when ? [[item.itemCode, item.when] as const] : [])),
  );
}
