import type { Knex } from 'knex';

/**
 * Incremental audit checkpoints (issue 14): a round records the heads of the cases whose log grew
 * since the round before, instead of looking at every case.
 * - `case_events.txid`: the top-level transaction id (64-bit, epoch-extended) that wrote the event,
 *   filled by the database itself. A BRIN index keeps it cheap to write (ids grow with insertion)
 *   and lets a round read only the recent end of the log. Older events have none: the first
 *   round after this migration looks at every case once.
 * - `audit_checkpoint_rounds`: each round's watermark, the oldest transaction still running when
 *   it looked (`pg_snapshot_xmin`). Every transaction below it had finished, so the next round
 *   needs only events with `txid >=` it; one that was still running is above it and is seen then.
 *   Append-only, like the checkpoints.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table case_events add column txid bigint');
  await knex.raw(
    'alter table case_events alter column txid set default (pg_current_xact_id()::text::bigint)',
  );
  await knex.raw(
    'create index case_events_txid_brin on case_events using brin (txid) with (autosummarize = on)',
  );
  await knex.schema.createTable('audit_checkpoint_rounds', (t) => {
    t.bigIncrements('id');
    t.timestamp('taken_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('watermark').notNullable();
    t.integer('heads').notNullable();
  });
  await knex.raw(`create trigger audit_checkpoint_rounds_no_change
    before update or delete on audit_checkpoint_rounds
    for each row execute function case_events_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_checkpoint_rounds');
  await knex.raw('drop index if exists case_events_txid_brin');
  await knex.raw('alter table case_events drop column if exists txid');
}
