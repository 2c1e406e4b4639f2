import type { Knex } from 'knex';
import { GENESIS_HASH } from '../audit/eventHash';

/**
 * Fewer statements per completion (issue 16):
 * - the audit chain head (`audit_seq`, `audit_hash`: the last event's seq and hash) is kept on
 *   the case row, which every command locks first: the lock statement reads it with the case, and
 *   a command's events are written in one statement that also moves the head, checked against the
 *   head they were hashed on (commands/caseEvents.ts);
 * - an open countersignature of a step is found through an index (it was a scan of all tasks on
 *   every completion).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table cases
    add column audit_seq integer not null default 0,
    add column audit_hash text not null default '${GENESIS_HASH}'`);
  await knex.raw(`update cases c set audit_seq = h.seq, audit_hash = h.hash
    from (select distinct on (case_id) case_id, seq, hash from case_events order by case_id, seq desc) h
    where h.case_id = c.id`);
  await knex.raw(
    'create index tasks_countersign_of_idx on tasks (countersign_of) where countersign_of is not null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index tasks_countersign_of_idx');
  await knex.raw('alter table cases drop column audit_seq, drop column audit_hash');
}
