import type { Knex } from 'knex';

/**
 * The audit of drawn-BPMN deployments (建模器部署): every attempt to deploy a BPMN document drawn in
 * the modeler as a new version of a bundle's process — who, when, the document's checksum, and
 * what came of it: a new version, the latest version unchanged (the same document again), or
 * refused by the engine with the issues it named. Append-only: rows are never changed or removed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('definition_deployments', (t) => {
    t.bigIncrements('id');
    t.text('key').notNullable();
    /** The version deployed or found unchanged; null when refused. */
    t.integer('version');
    t.text('outcome').notNullable();
    t.text('checksum').notNullable();
    t.uuid('actor_id').notNullable().references('users.id');
    t.timestamp('at', { useTz: true }).notNullable();
    /** The engine's issues of a refusal: `[{ elementId, message }]`. */
    t.jsonb('issues');
  });
  await knex.raw(
    "alter table definition_deployments add constraint definition_deployments_outcome_check check (outcome in ('deployed', 'unchanged', 'refused'))",
  );
  await knex.raw('create index definition_deployments_key_idx on definition_deployments (key, id desc)');
  await knex.raw(`create trigger definition_deployments_no_change before update or delete on definition_deployments
    for each row execute function case_events_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('definition_deployments');
}
