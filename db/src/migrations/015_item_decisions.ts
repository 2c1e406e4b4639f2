import type { Knex } from 'knex';

/**
 * 准予/不予许可 per item (Art. 37–38), and what clerks do to a step besides completing it: 委派
 * (delegation comes back to the delegator to confirm), 加签 (a countersigner before or after), the
 * reason a paused step waits, and cases withdrawn by the applicant. One decision per item.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('item_decisions', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('item_code').notNullable();
    t.uuid('task_id').notNullable().references('tasks.id');
    t.text('department_id').notNullable();
    t.text('decision').notNullable();
    t.text('reasons');
    t.text('legal_basis');
    // Art. 38: the remedies (复议/诉讼 and their time limits) as data the decision letter prints.
    t.jsonb('remedies');
    t.uuid('decided_by').notNullable().references('users.id');
    t.timestamp('decided_at', { useTz: true }).notNullable();
    t.primary(['case_id', 'item_code']);
  });
  await knex.raw(`alter table item_decisions add constraint item_decisions_decision_check
    check (decision in ('granted','refused'))`);
  // 补正 during review: one open request per item; the open ones make one notice to the applicant.
  await knex.schema.createTable('review_corrections', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('item_code').notNullable();
    t.text('department_id').notNullable();
    t.jsonb('items').notNullable();
    t.uuid('requested_by').notNullable().references('users.id');
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.timestamp('satisfied_at', { useTz: true });
  });
  await knex.raw(
    'create unique index review_corrections_open_idx on review_corrections (case_id, item_code) where satisfied_at is null',
  );
  // 撤回申请: a case the applicant withdrew before a decision.
  await knex.raw('alter table cases drop constraint cases_status_check');
  await knex.raw(`alter table cases add constraint cases_status_check
    check (status in ('preReview','correction','inProgress','concluded','delivered','rejected','withdrawn'))`);
  await knex.schema.alterTable('tasks', (t) => {
    // 委派: the clerk who delegated the step; it returns to them to confirm.
    t.uuid('delegated_by').references('users.id');
    // Why the step waits: the special procedure (Art. 45) or correction pausing its item or case.
    t.text('paused_reason');
    // 加签: a countersigner's task on step `countersign_of`, before or after its holder acts.
    t.uuid('countersign_of').references('tasks.id');
    t.text('countersign_position');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table cases drop constraint cases_status_check');
  await knex.raw(`alter table cases add constraint cases_status_check
    check (status in ('preReview','correction','inProgress','concluded','delivered','rejected'))`);
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('delegated_by');
    t.dropColumn('paused_reason');
    t.dropColumn('countersign_of');
    t.dropColumn('countersign_position');
  });
  await knex.schema.dropTableIfExists('review_corrections');
  await knex.schema.dropTableIfExists('item_decisions');
}
