import type { Knex } from 'knex';

/**
 * Jobs that ran out of attempts. A job failing `JOB_MAX_ATTEMPTS` times is kept, marked failed,
 * and never taken by a sweeper again; an incident on its case (`job:<key>`) tells an operator,
 * whose retry re-arms it (clears `failed_at` and the attempts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('jobs', (t) => {
    t.timestamp('failed_at', { useTz: true });
  });
  // Sweepers read due jobs in (run_at, id) order among the live ones; failed ones are left out of
  // the index so a pile of them never slows a sweep.
  // It replaces the index of all jobs, which only sweeps used.
  await knex.raw('create index jobs_live_due_idx on jobs (run_at, id) where failed_at is null');
  await knex.raw('drop index if exists jobs_due_idx');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists jobs_due_idx on jobs (run_at, id)');
  await knex.raw('drop index if exists jobs_live_due_idx');
  await knex.schema.alterTable('jobs', (t) => {
    t.dropColumn('failed_at');
  });
}
