import type { Knex } from 'knex';

/**
 * 草稿: a half-filled combined form kept on the server, one per applicant and bundle, so a reload,
 * another device or a later day resumes where the applicant was. `materials` maps material keys to
 * the applicant's own upload ids; `step` is the form section they were on.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('apply_drafts', (t) => {
    t.uuid('applicant_id').notNullable().references('users.id').onDelete('cascade');
    t.text('bundle_key').notNullable().references('bundles.key');
    t.jsonb('form').notNullable().defaultTo('{}');
    t.jsonb('materials').notNullable().defaultTo('{}');
    t.integer('step').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['applicant_id', 'bundle_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('apply_drafts');
}
