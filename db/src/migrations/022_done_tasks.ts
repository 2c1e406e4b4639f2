import type { Knex } from 'knex';

/**
 * 已办 (GET /api/tasks/done): a clerk's completed steps, newest first, read by keyset on
 * (completed_by, completed_at desc, id desc), so a page costs the same however long the history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index tasks_done_by_idx on tasks (completed_by, completed_at desc, id desc)
    where status = 'completed'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tasks_done_by_idx');
}
