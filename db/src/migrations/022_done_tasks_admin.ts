import type { Knex } from 'knex';

/**
 * - 已办 (GET /api/tasks/done): a clerk's completed steps, newest first, read by keyset on
 *   (completed_by, completed_at desc, id desc), so a page costs the same however long the history.
 * - Administration (issue 14): accounts can be disabled (`users.disabled_at`: no login, no
 *   session); what admins do to accounts and departments is audited in `admin_events`, a hash
 *   chain of its own (append-only like the case log; the app role may only add to it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index tasks_done_by_idx on tasks (completed_by, completed_at desc, id desc)
    where status = 'completed'`);
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('disabled_at', { useTz: true });
  });
  await knex.schema.createTable('admin_events', (t) => {
    t.bigIncrements('seq');
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('actor_id').notNullable().references('users.id');
    t.text('type').notNullable();
    // What it was done to: `user` or `department`, and its id.
    t.text('subject_kind').notNullable();
    t.text('subject_id').notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
  });
  await knex.raw('create index admin_events_subject_idx on admin_events (subject_kind, subject_id, seq)');
  await knex.raw(`create trigger admin_events_no_change before update or delete on admin_events
    for each row execute function case_events_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('admin_events');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('disabled_at');
  });
  await knex.raw('drop index if exists tasks_done_by_idx');
}
