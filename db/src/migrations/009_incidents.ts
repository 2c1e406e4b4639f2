import type { Knex } from 'knex';

/**
 * Incidents: a case that cannot move on its own. Raised by the engine (a token parked at an
 * element: an expression that fails or is not boolean, a budget exceeded, a null correlation
 * key) or by the host (a job that failed its last attempt). Open incidents turn the case red
 * for managers and admins; an operator resolves them (retry after fixing data or migrating),
 * and both ends are in the case's audit log.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('case_id').notNullable().references('cases.id');
    /** Unique per case: the engine's incident key, or `job:<job key>` for a failed job. */
    t.text('key').notNullable();
    /** engine: a parked token; job: a job that ran out of attempts. */
    t.text('source').notNullable();
    t.text('element_id');
    /** The error code, e.g. condition_not_boolean, variable_missing, expression_budget, job_failed. */
    t.text('code').notNullable();
    t.text('message').notNullable();
    t.integer('attempts').notNullable().defaultTo(1);
    /** What raised it: the case event type (e.g. task.complete) or the job kind and key. */
    t.jsonb('raised_by').notNullable().defaultTo('{}');
    t.timestamp('raised_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('resolved_at', { useTz: true });
    t.uuid('resolved_by');
    t.text('resolution');
  });
  // One open incident per case and key; a resolved one may be followed by a new one.
  await knex.raw("create unique index incidents_open_key on incidents (case_id, key) where status = 'open'");
  await knex.raw("create index incidents_open on incidents (raised_at) where status = 'open'");
  await knex.raw('create index incidents_case on incidents (case_id, raised_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('incidents');
}
