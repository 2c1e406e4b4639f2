import type { Knex } from 'knex';

/**
 * An incident's sentence in both languages the web app speaks: `{ zh, en }` from the engine's
 * IncidentError (or the job worker's wording of a failed job). `message` keeps the English, for
 * logs and older readers; rows raised before this column have none, and the API presents their
 * English message in both languages. Nullable, no default: adding it rewrites nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.jsonb('messages');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('messages');
  });
}
