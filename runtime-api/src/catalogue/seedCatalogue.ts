import { hash } from '@node-rs/argon2';
import type { Limit } from '@yijian/engine';
import {
  type Bundle,
  bundleCompositions,
  chineseDaysCalendar,
  composedBundle,
  DEMO_PASSWORD,
  demoUsers,
  departments,
  type ServiceItem,
  serviceItems,
} from '@yijian/process-library';
import type { Knex } from 'knex';
import { seedMaterialCatalogue } from '../materials/seedMaterialCatalogue';
import { latestItems, seedItemVersions } from './catalogueStore';
import { deployDefinition } from './deployDefinition';

/** A bundle to seed and where its items come from. */
interface SeedBundle {
  bundle: Bundle;
  /** The composition's item codes in order; absent for a bundle drawn by hand (taken from its user tasks). */
  itemCodes?: string[];
}

let composed: Promise<SeedBundle[]> | undefined;

/**
 * The five bundles of the process library, each composed from its catalogue items (inlined as
 * sub-processes) with its conditions and chain. Composing is pure, so it is done once per process.
 * (The hand-drawn restaurant model in the process library is a fixture for engine tests and
 * benchmarks, not a shipped bundle.)
 */
function seedBundles(): Promise<SeedBundle[]> {
  composed ??= (async () =>
    Promise.all(
      bundleCompositions.map(async (c) => ({
        bundle: await composedBundle(c),
        itemCodes: c.items.map((i) => i.itemCode),
      })),
    ))();
  composed.catch(() => {
    composed = undefined;
  });
  return composed;
}

function itemLimits(item: ServiceItem): Limit[] {
  const limits: Limit[] = [];
  if (item.statutoryLimit) limits.push({ ...item.statutoryLimit, kind: 'statutory' });
  limits.push({ ...item.promisedLimit, kind: 'promised' });
  return limits;
}

/**
 * Loads the shipped catalogue (departments, service items, bundles and their processes), the
 * national holiday calendar and the demo accounts. Idempotent: safe on every start.
 */
export async function seedCatalogue(knex: Knex, options: { demoUsers?: boolean } = {}): Promise<void> {
  await knex('departments')
    .insert(departments.map((d) => ({ id: d.id, name_zh: d.name.zh, name_en: d.name.en })))
    .onConflict('id')
    .merge();

  // Items a designer has edited are the Studio's: their rows change when a bundle using them is
  // published (see publishBundle), not on a start.
  await seedItemVersions(knex, serviceItems);
  const latest = await latestItems(knex);
  const shippedItems = serviceItems.filter((item) => latest.get(item.code)?.source !== 'designer');
  await knex('items')
    .insert(
      shippedItems.map((item) => ({
        code: item.code,
        name_zh: item.name.zh,
        name_en: item.name.en,
        department_id: item.implementingDepartmentId,
        limits: JSON.stringify(itemLimits(item)),
      })),
    )
    .onConflict('code')
    .merge();
  await seedMaterialCatalogue(knex, shippedItems);

  await seedCalendar(knex);

  // A shipped bundle republished from the edited catalogue (重新发布) is the Studio's from then on.
  const republished = new Set(
    (await knex('bundles').whereNotNull('catalogue_versions').select('key')).map((b) => b.key as string),
  );
  for (const [index, { bundle, itemCodes }] of (await seedBundles()).entries()) {
    if (republished.has(bundle.key)) continue;
    await knex('bundles')
      .insert({
        key: bundle.key,
        name_zh: bundle.name.zh,
        name_en: bundle.name.en,
        description_zh: bundle.description.zh,
        description_en: bundle.description.en,
        lead_department_id: bundle.leadDepartmentId,
        form_schema: JSON.stringify(bundle.form),
        sort_order: index,
      })
      .onConflict('key')
      .merge();
    const { definition } = await deployDefinition(knex, bundle.key, bundle.bpmn);
    let codes = itemCodes;
    if (!codes) {
      // A hand-drawn bundle's items are the department steps of its process; a step whose item is
      // not in the catalogue is added from the process.
      const steps = Object.values(definition.nodes).filter((n) => n.kind === 'userTask' && n.itemCode);
      const missing = steps.filter((s) => !serviceItems.some((i) => i.code === s.itemCode));
      if (missing.length > 0)
        await knex('items')
          .insert(
            missing.map((step) => ({
              code: step.itemCode,
              name_zh: step.name.zh,
              name_en: step.name.en,
              department_id: step.departmentId,
              limits: JSON.stringify(step.limits),
            })),
          )
          .onConflict('code')
          .merge();
      codes = steps.map((s) => s.itemCode as string);
    }
    await knex('bundle_items')
      .insert(codes.map((code, position) => ({ bundle_key: bundle.key, item_code: code, position })))
      .onConflict(['bundle_key', 'item_code'])
      .merge();
  }

  if (options.demoUsers !== false) {
    const existing = new Set((await knex('users').select('username')).map((u) => u.username as string));
    const missing = demoUsers.filter((u) => !existing.has(u.username));
    if (missing.length > 0) {
      const passwordHash = await hash(DEMO_PASSWORD);
      await knex('users').insert(
        missing.map((u) => ({
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          department_id: u.departmentId,
          password_hash: passwordHash,
        })),
      );
    }
  }
}

/** The State Council notices 2004–2026 as shipped by `chinese-days`; admins add later years. */
async function seedCalendar(knex: Knex): Promise<void> {
  const loaded = await knex('calendar_years').where({ region: 'CN' }).count({ n: '*' }).first();
  if (Number(loaded?.n ?? 0) > 0) return;
  const { days, years } = chineseDaysCalendar();
  await knex.transaction(async (trx) => {
    await trx.batchInsert(
      'calendar_days',
      days.map((d) => ({ region: 'CN', date: d.date, kind: d.kind, name: d.name })),
      500,
    );
    await trx('calendar_years').insert(years.map((year) => ({ region: 'CN', year, source: 'chinese-days' })));
  });
}
