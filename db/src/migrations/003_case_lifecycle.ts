import type { Knex } from 'knex';

/**
 * The case lifecycle and its statutory clock (DOMAIN rules 5–14): the phase a case is in, when it
 * was received and accepted (and whether by law, deemed), the correction notice, the clock as the
 * engine keeps it, the issuance deadline; per task whether it is the window's intake step and the
 * working days it had left when the case clock paused; per item and bundle the warning policy.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table cases drop constraint cases_status_check');
  await knex.raw(`alter table cases add constraint cases_status_check
    check (status in ('preReview','correction','inProgress','concluded','delivered','rejected'))`);
  await knex.schema.alterTable('cases', (t) => {
    t.date('received_on');
    t.date('accepted_on');
    t.boolean('deemed_acceptance').notNullable().defaultTo(false);
    t.jsonb('correction_notice');
    t.text('rejection_reason');
    // The engine's statutory clock (running / paused / stopped, pauses, extension), for reading.
    t.jsonb('clock');
    t.date('issuance_due_date');
    t.timestamp('issuance_due_at', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
  });
  // Cases were accepted at filing before the window existed.
  await knex.raw(
    "update cases set received_on = (filed_at at time zone 'Asia/Shanghai')::date, accepted_on = (filed_at at time zone 'Asia/Shanghai')::date",
  );

  await knex.schema.alterTable('tasks', (t) => {
    t.text('kind').notNullable().defaultTo('step');
    t.integer('paused_remaining');
  });
  await knex.raw(`alter table tasks add constraint tasks_kind_check check (kind in ('step','intake'))`);

  for (const table of ['items', 'bundles']) {
    await knex.schema.alterTable(table, (t) => {
      t.jsonb('warning_policy').notNullable().defaultTo('{}');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['items', 'bundles']) {
    await knex.schema.alterTable(table, (t) => t.dropColumn('warning_policy'));
  }
  await knex.raw('alter table tasks drop constraint tasks_kind_check');
  await knex.schema.alterTable('tasks', (t) => {
    t.dropColumn('kind');
    t.dropColumn('paused_remaining');
  });
  await knex.schema.alterTable('cases', (t) => {
    for (const c of [
      'received_on',
      'accepted_on',
      'deemed_acceptance',
      'correction_notice',
      'rejection_reason',
      'clock',
      'issuance_due_date',
      'issuance_due_at',
      'delivered_at',
    ])
      t.dropColumn(c);
  });
  await knex.raw('alter table cases drop constraint cases_status_check');
  await knex.raw(
    `alter table cases add constraint cases_status_check check (status in ('inProgress','concluded'))`,
  );
}
