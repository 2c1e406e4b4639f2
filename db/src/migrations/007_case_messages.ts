import type { Knex } from 'knex';

/**
 * Where messages go (BPMN message catch and boundary events): each case's open subscriptions by
 * message name and correlation, so a department system's message finds the case that waits for
 * it with an index lookup instead of scanning snapshots.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_subscriptions', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('key').notNullable();
    t.text('name').notNullable();
    t.text('correlation');
    t.text('element_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['case_id', 'key']);
  });
  await knex.raw(
    'create index case_subscriptions_route_idx on case_subscriptions (name, correlation, created_at)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('case_subscriptions');
}
