import type { Knex } from 'knex';

/**
 * 待办 search (issue 15). A case number is found by prefix: a `text_pattern_ops` btree makes
 * `case_number like 'YJ2026%'` an index range whatever the database's collation. Names (the
 * entity's, the applicant's) are matched by probing each queued task's case by its key (see
 * departmentQueue.ts for why not pg_trgm). 已补正 on a row asks whether a review correction of the
 * case was answered: a partial index on the answered ones.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index cases_number_prefix_idx on cases (case_number text_pattern_ops)');
  await knex.raw(
    'create index review_corrections_satisfied_idx on review_corrections (case_id) where satisfied_at is not null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists review_corrections_satisfied_idx');
  await knex.raw('drop index if exists cases_number_prefix_idx');
}
