import type { Knex } from 'knex';

/**
 * Department systems (DESIGN "Security": department system, API key, department-scoped): API keys
 * for a department's system account, stored as hashes only, revocable; and an index to read the
 * audit log as one feed in time order, which is how a department system receives case events.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('key_hash').notNullable().unique();
    t.uuid('user_id').notNullable().references('users.id');
    t.text('name').notNullable();
    t.uuid('created_by').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(`alter table users add constraint users_system_department_check
    check (role <> 'system' or department_id is not null)`);
  await knex.raw('create index case_events_feed_idx on case_events (at, case_id, seq)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists case_events_feed_idx');
  await knex.raw('alter table users drop constraint if exists users_system_department_check');
  await knex.schema.dropTableIfExists('api_keys');
}
