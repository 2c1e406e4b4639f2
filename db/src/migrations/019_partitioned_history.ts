import type { Knex } from 'knex';

/**
 * History that does not grow the hot tables (issue 17): the audit log and fired jobs are
 * partitioned by month with PostgreSQL's native partitioning.
 *
 * - `case_events` by the month its case was filed. Case ids become time-ordered UUIDs (version 7:
 *   the first 48 bits are the milliseconds of `clock_timestamp()`, `yijian_uuid_v7()` is the new
 *   default of `cases.id`), and the log is range-partitioned on `case_id`: one partition per month
 *   of filings. The key (case_id, seq) stays the primary key, so every statement that reads or
 *   writes one case's chain — the append, whatever its shape (`ON CONFLICT (case_id, seq)` still
 *   has its index), the verifier, the history — touches one partition, and a case's whole chain
 *   lives in one partition, which can be archived as a unit once its cases are long concluded.
 *   (Partitioning by the event's `at` would have taken the unique (case_id, seq) away and made
 *   every per-case read probe every month.)
 * - `finished_jobs` by `finished_at`: the sweeper moves each fired job there in the statement
 *   that deletes it (jobs/jobWorker.ts), so `jobs` holds only live and failed jobs while what ran
 *   and when is kept; months older than the retention are dropped whole (no DELETE, no bloat).
 *
 * Every value of the key has a partition, so no insert can fail for want of one: besides the
 * months there is `…_legacy_low` (everything before the first month), `…_pending` (after the last
 * month made) and, for the audit log, `…_legacy_high` (ids from the year 2100 up). The random
 * (version 4) ids of cases filed before this migration fall over the whole range: ~98.5 % in
 * `legacy_high`, the rest in `legacy_low`, the months or `pending` — valid rows wherever they are.
 *
 * Months are made ahead by `yijian_ensure_history_partitions(months_ahead, keep_job_months)`, a
 * SECURITY DEFINER function (the owner's rights, callable by the app role, which owns nothing): it
 * splits the next month off `pending` (moving the few rows of that month, in one transaction
 * holding the parent's lock) and drops fired-job months older than the retention. The migration
 * calls it; the job worker calls it at start and every few hours (jobs/jobWorker.ts), so with the
 * default three months ahead a new month's partition exists ~90 days before its first row.
 *
 * Row triggers, indexes and foreign keys of a partitioned table are cloned onto each partition,
 * so the append-only trigger holds on every month; the app role gets no privilege on partitions
 * (grantAppRole revokes them), so it reaches the log only through `case_events`, where it may
 * SELECT and INSERT — it cannot TRUNCATE a month behind the trigger's back.
 */
export async function up(knex: Knex): Promise<void> {
  // The lowest UUID of a version-7 millisecond: the bound of a month of filings.
  await knex.raw(`create function yijian_uuid_floor(at timestamptz) returns uuid
    language sql immutable strict parallel safe as $$
      select (lpad(to_hex(floor(extract(epoch from at) * 1000)::bigint), 12, '0') || repeat('0', 20))::uuid
    $$`);
  // A version-7 UUID (RFC 9562): 48 bits of Unix milliseconds, the version, 74 random bits.
  await knex.raw(`create function yijian_uuid_v7() returns uuid language sql volatile parallel safe as $$
      select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
    $$`);
  await knex.raw('alter table cases alter column id set default yijian_uuid_v7()');

  // Which months exist is read from the catalogue; this table holds where `pending` starts.
  await knex.raw(`create table history_partitions (
    parent text primary key check (parent in ('case_events', 'finished_jobs')),
    -- 'uuid': range on a version-7 id (case_events.case_id); 'time': range on a timestamptz
    key_kind text not null check (key_kind in ('uuid', 'time')),
    -- The first month not yet made: the lower bound of the parent's pending partition.
    pending_from date not null
  )`);

  // This month (UTC): the first made ahead; before it, `legacy_low`.
  const { rows } = await knex.raw<{ rows: { month: string; at: string }[] }>(
    `select to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD') as month,
            to_char(date_trunc('month', now() at time zone 'UTC'), 'YYYY-MM-DD"T"00:00:00"Z"') as at`,
  );
  const firstMonth = `'${rows[0]!.month}'::date`;
  const firstInstant = `'${rows[0]!.at}'::timestamptz`;

  // The audit log, rebuilt as a partitioned table and refilled in (case, seq) order.
  await knex.raw('alter table case_events rename to case_events_unpartitioned');
  await knex.raw(
    'alter table case_events_unpartitioned rename constraint case_events_pkey to case_events_unpartitioned_pkey',
  );
  await knex.raw('alter index if exists case_events_feed_idx rename to case_events_unpartitioned_feed_idx');
  await knex.raw(`create table case_events (
    case_id uuid not null references cases (id),
    seq integer not null,
    type text not null,
    at timestamptz not null,
    actor_id uuid references users (id),
    element_id text,
    activation_key text,
    payload jsonb not null default '{}',
    prev_hash text not null,
    hash text not null,
    primary key (case_id, seq)
  ) partition by range (case_id)`);
  // Department systems read the log by time across cases (departmentFeed.ts).
  await knex.raw('create index case_events_feed_idx on case_events (at, case_id, seq)');
  await knex.raw(`create table case_events_legacy_low partition of case_events
    for values from (minvalue) to (yijian_uuid_floor(${firstInstant}))`);
  await knex.raw(`create table case_events_pending partition of case_events
    for values from (yijian_uuid_floor(${firstInstant})) to (yijian_uuid_floor('2100-01-01T00:00:00Z'))`);
  await knex.raw(`create table case_events_legacy_high partition of case_events
    for values from (yijian_uuid_floor('2100-01-01T00:00:00Z')) to (maxvalue)`);
  await knex.raw(
    `insert into history_partitions (parent, key_kind, pending_from) values ('case_events', 'uuid', ${firstMonth})`,
  );
  await knex.raw(`insert into case_events select * from case_events_unpartitioned order by case_id, seq`);
  await knex.raw('drop table case_events_unpartitioned');
  await knex.raw(`create trigger case_events_no_change before update or delete on case_events
    for each row execute function case_events_append_only()`);

  // Fired jobs: what ran, and when.
  await knex.raw(`create table finished_jobs (
    id bigint not null,
    key text not null,
    kind text not null,
    case_id uuid,
    run_at timestamptz not null,
    payload jsonb not null,
    attempts integer not null,
    created_at timestamptz not null,
    finished_at timestamptz not null
  ) partition by range (finished_at)`);
  await knex.raw('create index finished_jobs_case_idx on finished_jobs (case_id, finished_at)');
  await knex.raw(`create table finished_jobs_legacy_low partition of finished_jobs
    for values from (minvalue) to (${firstInstant})`);
  await knex.raw(`create table finished_jobs_pending partition of finished_jobs
    for values from (${firstInstant}) to (maxvalue)`);
  await knex.raw(
    `insert into history_partitions (parent, key_kind, pending_from) values ('finished_jobs', 'time', ${firstMonth})`,
  );

  await knex.raw(`create function yijian_ensure_history_partitions(months_ahead integer default 3, keep_job_months integer default 13)
    returns integer language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      p record;
      made integer := 0;
      month date;
      upper_bound text;
      lo text;
      hi text;
      old record;
    begin
      if months_ahead < 0 or months_ahead > 24 then raise exception 'months_ahead must be 0..24'; end if;
      for p in select * from history_partitions order by parent for update loop
        -- The pending partition's upper bound stays; each month is split off its bottom.
        upper_bound := case p.key_kind when 'uuid' then quote_literal(yijian_uuid_floor('2100-01-01T00:00:00Z'))
                                                    else 'maxvalue' end;
        month := p.pending_from;
        while month <= (date_trunc('month', now() at time zone 'UTC') + make_interval(months => months_ahead))::date loop
          lo := case p.key_kind when 'uuid' then quote_literal(yijian_uuid_floor(month::timestamp at time zone 'UTC'))
                                else quote_literal(month::timestamp at time zone 'UTC') end;
          hi := case p.key_kind when 'uuid' then quote_literal(yijian_uuid_floor((month + interval '1 month')::timestamp at time zone 'UTC'))
                                else quote_literal((month + interval '1 month')::timestamp at time zone 'UTC') end;
          -- One transaction holding the parent: writers wait (they never fail for want of a
          -- partition) while the month's rows, if any, move out of pending.
          execute format('lock table %I in access exclusive mode', p.parent);
          execute format('alter table %I detach partition %I', p.parent, p.parent || '_pending');
          execute format('alter table %I rename to %I', p.parent || '_pending', p.parent || '_pending_old');
          execute format('create table %I partition of %I for values from (%s) to (%s)',
            p.parent || '_p' || to_char(month, 'YYYY_MM'), p.parent, lo, hi);
          execute format('create table %I partition of %I for values from (%s) to (%s)',
            p.parent || '_pending', p.parent, hi, upper_bound);
          execute format('insert into %I select * from %I', p.parent, p.parent || '_pending_old');
          execute format('drop table %I', p.parent || '_pending_old');
          month := (month + interval '1 month')::date;
          update history_partitions set pending_from = month where parent = p.parent;
          made := made + 1;
        end loop;
      end loop;
      -- Fired jobs older than the retention go a month at a time (the audit log is never dropped).
      for old in
        select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
         where i.inhparent = 'finished_jobs'::regclass and c.relname ~ '^finished_jobs_p[0-9]{4}_[0-9]{2}$'
           and to_date(substring(c.relname from 16), 'YYYY_MM')
               < (date_trunc('month', now() at time zone 'UTC') - make_interval(months => keep_job_months))::date
      loop
        execute format('drop table %I', old.relname);
      end loop;
      return made;
    end $$`);
  await knex.raw('revoke all on function yijian_ensure_history_partitions(integer, integer) from public');
  await knex.raw('select yijian_ensure_history_partitions(3)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists yijian_ensure_history_partitions(integer, integer)');
  await knex.raw('drop table if exists finished_jobs');
  await knex.raw('alter table case_events rename to case_events_partitioned');
  await knex.raw(`create table case_events (like case_events_partitioned including defaults)`);
  await knex.raw('alter table case_events add primary key (case_id, seq)');
  await knex.raw('alter table case_events add foreign key (case_id) references cases (id)');
  await knex.raw('alter table case_events add foreign key (actor_id) references users (id)');
  await knex.raw('insert into case_events select * from case_events_partitioned order by case_id, seq');
  await knex.raw('drop table case_events_partitioned');
  await knex.raw('create index case_events_feed_idx on case_events (at, case_id, seq)');
  await knex.raw(`create trigger case_events_no_change before update or delete on case_events
    for each row execute function case_events_append_only()`);
  await knex.raw('drop table if exists history_partitions');
  await knex.raw('alter table cases alter column id set default gen_random_uuid()');
  await knex.raw('drop function if exists yijian_uuid_v7()');
  await knex.raw('drop function if exists yijian_uuid_floor(timestamptz)');
}
