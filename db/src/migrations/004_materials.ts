import type { Knex } from 'knex';

/**
 * Materials (申请材料) and e-licences (电子证照, DOMAIN rule 18): the catalogue's material and
 * e-licence types with what each item asks for and issues; uploaded files stored once by content
 * hash in PostgreSQL (so every runtime node reads the same bytes); the e-licences the platform has
 * issued; and per case which upload or e-licence satisfies each material, with its trust level.
 *
 * Trust levels are single letters whose text order is their strength order ('A' < 'B' < 'C' <
 * 'D'), so "at least as trusted as B" is `trust_level <= 'B'` in SQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('e_licence_types', (t) => {
    t.text('key').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
  });

  await knex.schema.createTable('material_types', (t) => {
    t.text('key').primary();
    t.text('name_zh').notNullable();
    t.text('name_en').notNullable();
    // The e-licence that satisfies the material without an upload, and the weakest trust reused.
    t.text('e_licence_type').references('e_licence_types.key');
    t.text('min_trust');
  });

  await knex.schema.alterTable('items', (t) => {
    // The e-licence the item issues when it concludes (办理结果), if any.
    t.text('result_licence_type').references('e_licence_types.key');
  });

  await knex.schema.createTable('item_materials', (t) => {
    t.text('item_code').notNullable().references('items.code').onDelete('cascade');
    t.text('material_key').notNullable().references('material_types.key');
    t.text('requirement').notNullable();
    t.integer('originals').notNullable().defaultTo(1);
    t.integer('copies').notNullable().defaultTo(0);
    // The item's own floor; null means the material type's.
    t.text('min_trust');
    t.integer('position').notNullable();
    t.primary(['item_code', 'material_key']);
  });

  // One row per distinct content: a second upload of the same bytes stores nothing new.
  await knex.schema.createTable('files', (t) => {
    t.text('sha256').primary();
    t.binary('content').notNullable();
    t.text('media_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Who uploaded which content; unique per user and content, so a retried upload is the same one.
  await knex.schema.createTable('uploads', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('sha256').notNullable().references('files.sha256');
    t.uuid('uploaded_by').notNullable().references('users.id');
    t.text('filename').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['uploaded_by', 'sha256']);
  });

  await knex.schema.createTable('e_licences', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('type').notNullable().references('e_licence_types.key');
    t.text('number').notNullable().unique();
    // The holder: the applicant's account and/or the entity (company, shop) named on the licence.
    t.uuid('holder_user_id').references('users.id');
    t.text('holder_entity');
    t.text('issuing_department_id').notNullable().references('departments.id');
    t.uuid('issuing_case_id').references('cases.id');
    t.text('issuing_item_code').references('items.code');
    t.text('trust_level').notNullable();
    t.timestamp('issued_at', { useTz: true }).notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    // An item of a case issues its licence once, however often the completion is retried.
    t.unique(['issuing_case_id', 'issuing_item_code', 'type']);
  });
  await knex.raw('create index e_licences_holder_idx on e_licences (holder_user_id, type, trust_level)');

  await knex.schema.createTable('case_materials', (t) => {
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('material_key').notNullable().references('material_types.key');
    t.uuid('upload_id').references('uploads.id');
    t.uuid('e_licence_id').references('e_licences.id');
    t.text('trust_level').notNullable();
    t.text('source').notNullable();
    t.timestamp('attached_at', { useTz: true }).notNullable();
    t.uuid('attached_by').references('users.id');
    t.uuid('verified_by').references('users.id');
    t.timestamp('verified_at', { useTz: true });
    t.primary(['case_id', 'material_key']);
  });
  await knex.raw(`alter table case_materials add constraint case_materials_one_source
    check (num_nonnulls(upload_id, e_licence_id) = 1)`);
  await knex.raw(`alter table case_materials add constraint case_materials_source_check
    check (source in ('upload','eLicence','reused'))`);
  // Reuse looks up an applicant's verified uploads of a material across their earlier cases.
  await knex.raw(`create index case_materials_reuse_idx on case_materials (material_key, trust_level)
    where upload_id is not null`);

  for (const [table, column] of [
    ['material_types', 'min_trust'],
    ['item_materials', 'min_trust'],
    ['e_licences', 'trust_level'],
    ['case_materials', 'trust_level'],
  ] as const) {
    await knex.raw(`alter table ${table} add constraint ${table}_${column}_check
      check (${column} in ('A','B','C','D'))`);
  }
  await knex.raw(`alter table item_materials add constraint item_materials_requirement_check
    check (requirement in ('required','secondary'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['case_materials', 'e_licences', 'uploads', 'files', 'item_materials']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('items', (t) => t.dropColumn('result_licence_type'));
  await knex.schema.dropTableIfExists('material_types');
  await knex.schema.dropTableIfExists('e_licence_types');
}
