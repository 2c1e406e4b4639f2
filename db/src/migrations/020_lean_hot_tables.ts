import type { Knex } from 'knex';

/**
 * Finished cases' rows out of the hot paths (issue 17), beside migration 019 (fired jobs and the
 * audit log in time partitions; every open-work index — queue, open case lists, running item
 * clocks, live jobs — was already partial on open rows):
 *
 * - `tasks_case_idx (case_id)` goes: the unique `(case_id, activation_key)` index starts with the
 *   same column and serves every lookup by case, so each new step (and every non-HOT update of a
 *   step) maintained one index more for nothing, over every finished step ever made.
 * - `cases`, `tasks` and `case_items` keep 15 % of each page free (fillfactor 85). Every command
 *   rewrites its case row (snapshot, version) and most rewrite a step; with room on the page,
 *   PostgreSQL makes such an update HOT — no new entry in any index — unless an indexed column
 *   changed. On pages packed full (the default) each update of a case row added an entry to all
 *   ten of its indexes, and the dead entries of long-finished rows stayed in them until vacuum.
 *   New and moved rows get the room; `VACUUM FULL` or `pg_repack` gives it to old pages too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists tasks_case_idx');
  for (const table of ['cases', 'tasks', 'case_items'])
    await knex.raw(`alter table ${table} set (fillfactor = 85)`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['cases', 'tasks', 'case_items'])
    await knex.raw(`alter table ${table} reset (fillfactor)`);
  await knex.raw('create index if not exists tasks_case_idx on tasks (case_id)');
}
