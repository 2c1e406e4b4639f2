import type { Knex } from 'knex';

/**
 * Bundles composed through the API (组合一件事) keep the composition they were generated from, so
 * the service guide (办事指南) can be generated again from the catalogue, and who published the
 * latest version and when. Null for bundles the process library ships: their composition is code.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bundles', (t) => {
    t.jsonb('composition');
    t.uuid('composed_by').references('users.id');
    t.timestamp('composed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('bundles', (t) => {
    t.dropColumn('composed_at');
    t.dropColumn('composed_by');
    t.dropColumn('composition');
  });
}
