import type { Knex } from 'knex';

/**
 * The clock of each item of a case (DOMAIN: "the clock per case and per item and per step"): an
 * item of a bundle counts its own statutory or promised limit from when it starts, beside the
 * joint limit of the case and the limits of its steps, and pauses with the case clock.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_items', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    // The item's sub-process instance in the engine, unique within the case.
    t.text('scope_key').notNullable();
    t.text('element_id').notNullable();
    t.text('item_code').notNullable();
    t.text('status').notNullable().defaultTo('running');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.date('due_start_date').notNullable();
    t.jsonb('due_limit').notNullable();
    t.date('due_date');
    t.timestamp('due_at', { useTz: true });
    t.boolean('due_provisional').notNullable().defaultTo(false);
    t.integer('paused_remaining');
    t.timestamp('ended_at', { useTz: true });
    t.primary(['case_id', 'scope_key']);
  });
  await knex.raw(`alter table case_items add constraint case_items_status_check
    check (status in ('running','paused','completed','cancelled'))`);
  // Monitor: running items by deadline.
  await knex.raw(`create index case_items_running_idx on case_items (due_at) where status = 'running'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_items');
}
