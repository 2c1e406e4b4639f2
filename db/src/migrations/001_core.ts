import type { Knex } from 'knex';

/**
 * Core tables of the walking skeleton. Every case-scoped table carries `case_id` in its key so the
 * schema can later be distributed by case (DESIGN.md "Scaling past one machine").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('departments', (t) => {
    t.text('id').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('username').notNullable().unique();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.text('role').notNullable();
    t.text('department_id').references('departments.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table users add constraint users_role_check
    check (role in ('applicant','clerk','manager','admin','designer','system'))`);
  await knex.raw(`alter table users add constraint users_clerk_department_check
    check (role <> 'clerk' or department_id is not null)`);

  await knex.schema.createTable('sessions', (t) => {
    t.text('token_hash').primary();
    t.uuid('user_id').notNullable().references('users.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('items', (t) => {
    t.text('code').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('department_id').notNullable().references('departments.id');
    t.jsonb('limits').notNullable().defaultTo('[]');
  });

  await knex.schema.createTable('bundles', (t) => {
    t.text('key').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('description_zh').notNullable();
    t.text('description_en').notNullable();
    t.text('lead_department_id').notNullable().references('departments.id');
    t.jsonb('form_schema').notNullable();
    t.integer('sort_order').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('bundle_items', (t) => {
    t.text('bundle_key').notNullable().references('bundles.key').onDelete('cascade');
    t.text('item_code').notNullable().references('items.code');
    t.integer('position').notNullable();
    t.primary(['bundle_key', 'item_code']);
  });

  await knex.schema.createTable('process_definitions', (t) => {
    t.increments('id');
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('bpmn_xml').notNullable();
    t.text('checksum').notNullable();
    t.jsonb('compiled').notNullable();
    t.timestamp('deployed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('deployed_by').references('users.id');
    t.unique(['key', 'version']);
  });

  await knex.raw('create sequence case_number_seq');
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('case_number').notNullable().unique();
    t.text('bundle_key').notNullable().references('bundles.key');
    t.text('definition_key').notNullable();
    t.integer('definition_version').notNullable();
    t.uuid('applicant_id').notNullable().references('users.id');
    t.text('status').notNullable();
    t.jsonb('form_data').notNullable();
    t.jsonb('snapshot').notNullable();
    t.timestamp('filed_at', { useTz: true }).notNullable();
    t.timestamp('concluded_at', { useTz: true });
    t.date('due_date');
    t.timestamp('due_at', { useTz: true });
    t.boolean('due_provisional').notNullable().defaultTo(false);
    t.integer('version').notNullable().defaultTo(1);
    t.foreign(['definition_key', 'definition_version'])
      .references(['key', 'version'])
      .inTable('process_definitions');
  });
  await knex.raw(
    `alter table cases add constraint cases_status_check check (status in ('inProgress','concluded'))`,
  );
  await knex.raw('create index cases_applicant_idx on cases (applicant_id, filed_at desc)');
  await knex.raw(`create index cases_open_due_idx on cases (due_at, id) where status = 'inProgress'`);

  await knex.schema.createTable('tasks', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('activation_key').notNullable();
    t.text('element_id').notNullable();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    t.text('item_code');
    t.text('department_id').notNullable().references('departments.id');
    t.text('status').notNullable().defaultTo('open');
    t.uuid('assignee_id').references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.uuid('completed_by').references('users.id');
    t.text('outcome');
    t.text('comment');
    t.date('due_date');
    t.timestamp('due_at', { useTz: true });
    t.unique(['case_id', 'activation_key']);
  });
  await knex.raw(`alter table tasks add constraint tasks_status_check
    check (status in ('open','claimed','completed','cancelled'))`);
  // The department queue: open work sorted by deadline, read by keyset (due_at, id).
  await knex.raw(`create index tasks_queue_idx on tasks (department_id, due_at, id)
    where status in ('open','claimed')`);
  await knex.raw('create index tasks_case_idx on tasks (case_id)');

  await knex.schema.createTable('case_events', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('seq').notNullable();
    t.text('type').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.uuid('actor_id').references('users.id');
    t.text('element_id');
    t.text('activation_key');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.text('prev_hash').notNullable();
    t.text('hash').notNullable();
    t.primary(['case_id', 'seq']);
  });
  // The audit log is append-only: refuse updates and deletes at the database itself.
  await knex.raw(`create function case_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'case_events is append-only'; end $$`);
  await knex.raw(`create trigger case_events_no_change before update or delete on case_events
    for each row execute function case_events_append_only()`);

  await knex.schema.createTable('jobs', (t) => {
    t.bigIncrements('id');
    t.text('key').notNullable().unique();
    t.text('kind').notNullable();
    t.uuid('case_id').references('cases.id');
    t.timestamp('run_at', { useTz: true }).notNullable();
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index jobs_due_idx on jobs (run_at, id)');

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('user_id').notNullable().references('users.id');
    t.text('key').notNullable();
    t.text('request_hash').notNullable();
    t.integer('status').notNullable();
    t.jsonb('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['user_id', 'key']);
  });

  await knex.schema.createTable('calendar_days', (t) => {
    t.text('region').notNullable().defaultTo('CN');
    t.date('date').notNullable();
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.primary(['region', 'date']);
  });
  await knex.raw(
    `alter table calendar_days add constraint calendar_days_kind_check check (kind in ('rest','makeUpWork'))`,
  );
  await knex.schema.createTable('calendar_years', (t) => {
    t.text('region').notNullable().defaultTo('CN');
    t.integer('year').notNullable();
    t.text('source').notNullable();
    t.timestamp('loaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['region', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'calendar_years',
    'calendar_days',
    'idempotency_keys',
    'jobs',
    'case_events',
    'tasks',
    'cases',
    'process_definitions',
    'bundle_items',
    'bundles',
    'items',
    'sessions',
    'users',
    'departments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop sequence if exists case_number_seq');
  await knex.raw('drop function if exists case_events_append_only()');
}
