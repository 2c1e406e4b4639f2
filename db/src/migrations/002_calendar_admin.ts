import type { Knex } from 'knex';

/**
 * Holiday-calendar administration and recomputable deadlines: an audit of every calendar change,
 * and on each deadline the start date and limit it was computed from, so loading a new year's
 * notice can recompute provisional deadlines (DOMAIN rule 4).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_changes', (t) => {
    t.bigIncrements('id');
    t.text('region').notNullable();
    t.integer('year').notNullable();
    t.uuid('changed_by').references('users.id');
    t.timestamp('changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('source').notNullable();
    t.jsonb('before').notNullable();
    t.jsonb('after').notNullable();
    t.integer('recomputed_deadlines').notNullable().defaultTo(0);
  });
  await knex.raw(`create trigger calendar_changes_no_change before update or delete on calendar_changes
    for each row execute function case_events_append_only()`);

  for (const table of ['cases', 'tasks']) {
    await knex.schema.alterTable(table, (t) => {
      t.date('due_start_date');
      t.jsonb('due_limit');
    });
  }
  await knex.schema.alterTable('tasks', (t) => {
    t.boolean('due_provisional').notNullable().defaultTo(false);
  });
  // Only provisional deadlines are recomputed when a year is loaded; keep finding them cheap.
  await knex.raw(
    `create index cases_provisional_idx on cases (id) where due_provisional and status = 'inProgress'`,
  );
  await knex.raw(
    `create index tasks_provisional_idx on tasks (id) where due_provisional and status in ('open','claimed')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tasks_provisional_idx');
  await knex.raw('drop index if exists cases_provisional_idx');
  await knex.schema.alterTable('tasks', (t) => t.dropColumn('due_provisional'));
  for (const table of ['cases', 'tasks']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('due_start_date');
      t.dropColumn('due_limit');
    });
  }
  await knex.schema.dropTableIfExists('calendar_changes');
}
