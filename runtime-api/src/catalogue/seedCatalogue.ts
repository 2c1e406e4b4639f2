import { hash } from '@node-rs/argon2';
import { bundles, chineseDaysCalendar, DEMO_PASSWORD, demoUsers, departments } from '@yijian/process-library';
import type { Knex } from 'knex';
import { deployDefinition } from './deployDefinition';

/**
 * Loads the shipped catalogue (departments, bundles and their processes), the national holiday
 * calendar and the demo accounts. Idempotent: safe on every start.
 */
export async function seedCatalogue(knex: Knex, options: { demoUsers?: boolean } = {}): Promise<void> {
  await knex('departments')
    .insert(departments.map((d) => ({ id: d.id, name_zh: d.name.zh, name_en: d.name.en })))
    .onConflict('id')
    .merge();

  await seedCalendar(knex);

  for (const [index, bundle] of bundles.entries()) {
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
    // The items of a bundle are the department steps of its process.
    const steps = Object.values(definition.nodes).filter((n) => n.kind === 'userTask' && n.itemCode);
    for (const [position, step] of steps.entries()) {
      await knex('items')
        .insert({
          code: step.itemCode,
          name_zh: step.name.zh,
          name_en: step.name.en,
          department_id: step.departmentId,
          limits: JSON.stringify(step.limits),
        })
        .onConflict('code')
        .merge();
      await knex('bundle_items')
        .insert({ bundle_key: bundle.key, item_code: step.itemCode, position })
        .onConflict(['bundle_key', 'item_code'])
        .merge();
    }
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
