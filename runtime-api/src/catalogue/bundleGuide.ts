import type { LocalizedName } from '@yijian/engine';
import {
  type BundleComposition,
  bundleCompositions,
  CatalogueError,
  type Department,
  describeCondition,
  type ServiceGuide,
  type ServiceItem,
  serviceGuide,
} from '@yijian/process-library';
import type { Knex } from 'knex';
import { catalogueIssueMessages } from '../http/errorCodes';
import { ApiError } from '../http/errors';
import { materialTypeNames } from './bundleQueries';

/** The guide as the API serves it: each item's condition also as an applicant reads it. */
export type BundleGuide = Omit<ServiceGuide, 'items'> & {
  items: (ServiceGuide['items'][number] & { conditionText: LocalizedName | null })[];
  /** When the bundle was retired (撤下): the guide stays readable and says it is withdrawn. */
  withdrawnAt: string | null;
};

/**
 * 办事指南 of a composition; a composition the catalogue no longer supports is a 409. Materials
 * are named as the stored material catalogue names them (`materialNames`), so a material created
 * or renamed in the Studio reads right; the dictionary's names otherwise.
 */
export function guideOf(
  composition: BundleComposition,
  catalogue: readonly ServiceItem[],
  departments: readonly Department[],
  options: { withdrawnAt?: string | null; materialNames?: ReadonlyMap<string, LocalizedName> } = {},
): BundleGuide {
  let guide: ServiceGuide;
  try {
    guide = serviceGuide(composition, { items: catalogue, departments });
  } catch (thrown) {
    if (!(thrown instanceof CatalogueError)) throw thrown;
    throw new ApiError('guide_unavailable', {
      key: composition.key,
      problems: {
        'zh-CN': thrown.issues.map((i) => catalogueIssueMessages(i)['zh-CN']).join('；'),
        en: thrown.issues.map((i) => i.message).join('; '),
      },
    });
  }
  return {
    ...guide,
    materials: guide.materials.map((m) => ({ ...m, name: options.materialNames?.get(m.key) ?? m.name })),
    items: guide.items.map((item) => ({
      ...item,
      conditionText: item.condition === null ? null : describeCondition(item.condition),
    })),
    withdrawnAt: options.withdrawnAt ?? null,
  };
}

/**
 * The composition a deployed bundle was generated from: the one stored when it was composed
 * through the API, else the process library's (every shipped bundle is composed from it). Null
 * when the bundle does not exist or nothing describes it.
 */
export async function compositionOf(db: Knex, key: string): Promise<BundleComposition | null> {
  const row = await db('bundles').where({ key }).first('key', 'composition');
  if (!row) return null;
  if (row.composition) return row.composition as BundleComposition;
  return bundleCompositions.find((c) => c.key === key) ?? null;
}

/** 办事指南 of a deployed bundle, generated from the catalogue; null when there is no such bundle. */
export async function bundleGuide(
  db: Knex,
  key: string,
  catalogue: readonly ServiceItem[],
): Promise<BundleGuide | null> {
  const composition = await compositionOf(db, key);
  if (!composition) return null;
  const retired = await db('bundles').where({ key }).first('retired_at');
  const departments = (await db('departments').select('id', 'name_zh', 'name_en')).map((d) => ({
    id: d.id as string,
    name: { zh: d.name_zh as string, en: d.name_en as string },
  }));
  const withdrawnAt = retired?.retired_at ? new Date(retired.retired_at).toISOString() : null;
  return guideOf(composition, catalogue, departments, {
    withdrawnAt,
    materialNames: await materialTypeNames(db),
  });
}
