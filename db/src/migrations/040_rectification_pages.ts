import type { Knex } from 'knex';

/**
 * 差评整改 is listed by keyset, (due_date, opened_at, id) after the cursor, with an optional
 * department and status filter. Each filter gets a btree whose leading equality columns are the
 * filter and whose tail is the sort key, so a page is one index range read in order, never a
 * sort of every match: the two indexes of 031 gain the tail, and the unfiltered orders (all
 * statuses, with and without a department — the managers' default) get one each.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists rectifications_department_idx');
  await knex.raw('drop index if exists rectifications_status_idx');
  await knex.raw(
    'create index rectifications_department_idx on rectifications (department_id, status, due_date, opened_at, id)',
  );
  await knex.raw(
    'create index rectifications_status_idx on rectifications (status, due_date, opened_at, id)',
  );
  await knex.raw(
    'create index rectifications_department_due_idx on rectifications (department_id, due_date, opened_at, id)',
  );
  await knex.raw('create index rectifications_due_idx on rectifications (due_date, opened_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists rectifications_due_idx');
  await knex.raw('drop index if exists rectifications_department_due_idx');
  await knex.raw('drop index if exists rectifications_status_idx');
  await knex.raw('drop index if exists rectifications_department_idx');
  await knex.raw(
    'create index rectifications_department_idx on rectifications (department_id, status, due_date)',
  );
  await knex.raw('create index rectifications_status_idx on rectifications (status, due_date)');
}
