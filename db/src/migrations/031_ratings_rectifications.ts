import type { Knex } from 'knex';

/**
 * 好差评 (国办发〔2019〕51号): one rating per case (一事一评), five levels with reasons; a bad one
 * (1–2) opens 整改, a rectification the department answers by a deadline, tracked to closure.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_ratings', (t) => {
    t.uuid('case_id').primary().references('cases.id');
    t.uuid('applicant_id').notNullable().references('users.id');
    t.integer('score').notNullable();
    t.jsonb('reasons').notNullable().defaultTo('[]');
    t.text('comment');
    t.timestamp('rated_at', { useTz: true }).notNullable();
  });
  await knex.raw(
    'alter table case_ratings add constraint case_ratings_score_check check (score between 1 and 5)',
  );

  await knex.schema.createTable('rectifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('department_id').notNullable().references('departments.id');
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.date('due_date').notNullable();
    t.text('reply');
    t.uuid('resolved_by').references('users.id');
    t.timestamp('resolved_at', { useTz: true });
    t.unique(['case_id', 'department_id']);
  });
  await knex.raw(`alter table rectifications add constraint rectifications_status_check
    check (status in ('open','resolved'))`);
  // A department's open rectifications, oldest deadline first; managers list all by deadline.
  await knex.raw(
    'create index rectifications_department_idx on rectifications (department_id, status, due_date)',
  );
  await knex.raw('create index rectifications_status_idx on rectifications (status, due_date)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rectifications');
  await knex.schema.dropTableIfExists('case_ratings');
}
