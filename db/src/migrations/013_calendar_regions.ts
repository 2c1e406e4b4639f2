import type { Knex } from 'knex';

/**
 * The statutory clock at the edges (issue 13):
 * - a department's region (地区): the calendar its deadlines count in; a case counts in the
 *   region of its bundle's lead department (the window that accepts it), kept on the case so a
 *   later change to the department does not silently move running deadlines;
 * - whether the issuance deadline (Art. 44) is provisional, like every other deadline;
 * - admin notifications: things an admin must act on that belong to no case (next year's holiday
 *   notice missing), shown on the monitor until resolved.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('departments', (t) => {
    t.text('region');
  });
  await knex.schema.alterTable('cases', (t) => {
    t.text('calendar_region');
    t.boolean('issuance_provisional').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('admin_notifications', (t) => {
    t.bigIncrements('id').primary();
    // One open notification per subject, e.g. `calendar.missing:CN:2027`.
    t.text('key').notNullable().unique();
    t.text('kind').notNullable();
    t.text('title_zh').notNullable();
    t.text('title_en').notNullable();
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('resolved_at', { useTz: true });
  });
  await knex.raw(
    'create index admin_notifications_open_idx on admin_notifications (created_at) where resolved_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('admin_notifications');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('calendar_region');
    t.dropColumn('issuance_provisional');
  });
  await knex.schema.alterTable('departments', (t) => {
    t.dropColumn('region');
  });
}
