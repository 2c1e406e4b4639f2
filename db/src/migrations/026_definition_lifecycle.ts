import type { Knex } from 'knex';

/**
 * The lifecycle of a definition in the Studio:
 * - `definition_drafts`: a composition or a BPMN document saved without deploying, per bundle key
 *   (the bundle need not exist yet); `updated_at` is its version for optimistic concurrency;
 * - retirement (撤下): a retired bundle takes no new filings and is hidden from applicants, a
 *   retired version is never started again; running cases continue either way;
 * - `definition_changes`: the append-only audit of retire/restore, drafts and bulk migrations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('definition_drafts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('bundle_key').notNullable();
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.jsonb('composition');
    t.text('bpmn_xml');
    t.uuid('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.uuid('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`alter table definition_drafts add constraint definition_drafts_kind_check
    check ((kind = 'composition' and composition is not null) or (kind = 'bpmn' and bpmn_xml is not null))`);
  await knex.raw(
    'create index definition_drafts_bundle_idx on definition_drafts (bundle_key, updated_at desc)',
  );

  for (const table of ['bundles', 'process_definitions']) {
    await knex.schema.alterTable(table, (t) => {
      t.timestamp('retired_at', { useTz: true });
      t.uuid('retired_by').references('users.id');
      t.text('retire_reason');
    });
  }

  await knex.schema.createTable('definition_changes', (t) => {
    t.bigIncrements('id');
    t.text('bundle_key').notNullable();
    t.integer('version');
    t.text('action').notNullable();
    t.uuid('actor_id').references('users.id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('reason');
    t.jsonb('payload').notNullable().defaultTo('{}');
  });
  await knex.raw('create index definition_changes_bundle_idx on definition_changes (bundle_key, id desc)');
  await knex.raw(`create trigger definition_changes_no_change before update or delete on definition_changes
    for each row execute function case_events_append_only()`);
  // Running cases per version, counted for the versions page without reading every case.
  await knex.raw(`create index cases_running_version_idx on cases (definition_key, definition_version)
    where status in ('preReview','correction','inProgress')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists cases_running_version_idx');
  await knex.schema.dropTableIfExists('definition_changes');
  for (const table of ['bundles', 'process_definitions']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('retire_reason');
      t.dropColumn('retired_by');
      t.dropColumn('retired_at');
    });
  }
  await knex.schema.dropTableIfExists('definition_drafts');
}
