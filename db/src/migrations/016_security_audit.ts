import type { Knex } from 'knex';
import { GENESIS_HASH, hashCaseEvent } from '../audit/eventHash';

/**
 * Security and a verifiable audit trail:
 * - `login_throttle`: wrong passwords per account name (existing or not), for backoff whatever
 *   the source address;
 * - `audit_checkpoints`: chain heads taken periodically; the app role may only add to it, so
 *   removing events (even TRUNCATE by an owner) shows against the last checkpoint;
 * - the chain re-hashed over a canonical text (`eventHash.ts`): rows written before hashed
 *   `JSON.stringify` of the payload as given, which `jsonb` does not keep, so no verifier could
 *   recompute them. Run as the tables' owner, with the append-only trigger off for this only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.text('username').primary();
    t.integer('failures').notNullable().defaultTo(0);
    t.timestamp('last_failed_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true });
  });

  // OIDC single sign-on: an account linked to the provider's subject, and logins under way.
  await knex.schema.alterTable('users', (t) => {
    t.text('oidc_subject').unique();
  });
  await knex.schema.createTable('oidc_logins', (t) => {
    t.text('state').primary();
    t.text('code_verifier').notNullable();
    t.text('nonce').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.bigIncrements('id');
    t.timestamp('taken_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('case_id').notNullable();
    t.integer('seq').notNullable();
    t.text('hash').notNullable();
  });
  await knex.raw('create index audit_checkpoints_case_idx on audit_checkpoints (case_id, seq desc)');
  await knex.raw(`create trigger audit_checkpoints_no_change before update or delete on audit_checkpoints
    for each row execute function case_events_append_only()`);

  // 持证主体: the business's 统一社会信用代码 beside its name, so reuse compares holders.
  await knex.schema.alterTable('e_licences', (t) => {
    t.text('holder_credit_code');
  });
  // 核验 is of one file: its hash is in the audit event; uploads get a reaper for the unattached.
  await knex.raw('create index uploads_unattached_idx on uploads (created_at)');

  await knex.raw('alter table case_events disable trigger case_events_no_change');
  const caseIds = (await knex('case_events').distinct('case_id').pluck('case_id')) as string[];
  for (const caseId of caseIds) {
    const rows = await knex('case_events').where({ case_id: caseId }).orderBy('seq');
    let prevHash = GENESIS_HASH;
    for (const row of rows) {
      const hash = hashCaseEvent(prevHash, {
        caseId: row.case_id,
        seq: row.seq,
        type: row.type,
        at: row.at,
        actorId: row.actor_id,
        elementId: row.element_id,
        activationKey: row.activation_key,
        payload: row.payload,
      });
      await knex('case_events')
        .where({ case_id: caseId, seq: row.seq })
        .update({ prev_hash: prevHash, hash });
      prevHash = hash;
    }
  }
  await knex.raw('alter table case_events enable trigger case_events_no_change');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists uploads_unattached_idx');
  await knex.schema.alterTable('e_licences', (t) => {
    t.dropColumn('holder_credit_code');
  });
  await knex.schema.dropTableIfExists('audit_checkpoints');
  await knex.schema.dropTableIfExists('login_throttle');
  await knex.schema.dropTableIfExists('oidc_logins');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('oidc_subject');
  });
}
