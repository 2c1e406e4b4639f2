import type { Knex } from 'knex';

/**
 * The item catalogue as data (事项目录可编辑): every service item's elements and its form (a
 * form-js schema) in versions, so the Studio can edit them and a bundle published later is
 * composed from the latest versions while deployed process versions — and the cases running on
 * them — keep what they were composed from. `source` tells the versions seeded from the process
 * library (refreshed on start while nobody has edited the item) from a designer's.
 *
 * `catalogue_changes` is the append-only audit trail of catalogue editing: who changed which
 * item, form or material, with the row before and after.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalogue_item_versions', (t) => {
    t.text('code').notNullable();
    t.integer('version').notNullable();
    // The ServiceItem without its fields; the fields are the form's components.
    t.jsonb('item').notNullable();
    t.jsonb('form').notNullable();
    t.text('source').notNullable();
    t.uuid('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['code', 'version']);
  });
  await knex.raw(`alter table catalogue_item_versions add constraint catalogue_item_versions_source_check
    check (source in ('seed','designer'))`);

  await knex.schema.createTable('catalogue_changes', (t) => {
    t.bigIncrements('id');
    // 'item' | 'itemForm' | 'material'; target is the item code or material key.
    t.text('kind').notNullable();
    t.text('target').notNullable();
    t.integer('version');
    t.uuid('changed_by').notNullable().references('users.id');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.jsonb('before');
    t.jsonb('after').notNullable();
  });
  await knex.raw('create index catalogue_changes_target_idx on catalogue_changes (kind, target, id)');
  await knex.raw(`create trigger catalogue_changes_no_change before update or delete on catalogue_changes
    for each row execute function case_events_append_only()`);

  // A material type an admin edited is the admin's: the seed no longer overwrites it.
  await knex.schema.alterTable('material_types', (t) => {
    t.uuid('edited_by').references('users.id');
    t.timestamp('edited_at', { useTz: true });
  });
  // Which catalogue versions a bundle was last composed from through the Studio (重新发布);
  // null while the bundle is as the process library ships it, which the start then re-seeds.
  await knex.schema.alterTable('bundles', (t) => {
    t.jsonb('catalogue_versions');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bundles', (t) => t.dropColumn('catalogue_versions'));
  await knex.schema.alterTable('material_types', (t) => {
    t.dropColumn('edited_at');
    t.dropColumn('edited_by');
  });
  await knex.schema.dropTable('catalogue_changes');
  await knex.schema.dropTable('catalogue_item_versions');
}
