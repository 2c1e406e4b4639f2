import type { Knex } from 'knex';

/**
 * Cost flat with data (issue 16): every hot statement is an index range, whatever the database's
 * collation and however many rows are stored.
 *
 * - Jobs are owned by key prefix (`task:<id>:`, `case:<id>:item:<scope>:`). The plain unique index
 *   on `key` uses the database collation (en_US / zh_CN in production, C.UTF-8 here), which cannot
 *   serve a prefix, so cancelling a step's jobs scanned the whole table. The unique index is now
 *   built with `text_pattern_ops` (byte order): it serves equality, `ON CONFLICT (key)` and the
 *   prefix range `key ~>=~ $1 and key ~<~ $2` that cancelJobs sends.
 * - The open case list (three open phases) for managers, applicants and clerks, and the lookup of
 *   a case's steps in one department (clerk visibility), each have an index in the list's order.
 * - The monitor summary reads counters, not the open work: `monitor_counts` holds one signed row
 *   per change of a group (triggers append them in the writing transaction, so no writer can miss
 *   them and no two writers wait on one counter row); readers sum per group and compact.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table jobs drop constraint jobs_key_unique');
  await knex.raw('create unique index jobs_key_unique on jobs (key text_pattern_ops)');

  // The queue's no-deadline tail, read by id after the dated tasks (departmentQueueQuery).
  await knex.raw(`create index tasks_queue_undated_idx on tasks (department_id, id)
    where status in ('open','claimed') and due_at is null`);
  await knex.raw(`create index cases_open_list_idx on cases (due_at, id)
    where status in ('preReview','correction','inProgress')`);
  await knex.raw(`create index cases_applicant_open_idx on cases (applicant_id, due_at, id)
    where status in ('preReview','correction','inProgress')`);
  await knex.raw('create index cases_filed_idx on cases (filed_at desc, id)');
  await knex.raw(`create index cases_closed_filed_idx on cases (filed_at desc, id)
    where status in ('concluded','delivered','rejected')`);
  // Clerk visibility ("a step of this case in my department"): one probe per case while walking
  // the open cases in deadline order (a department in most cases), or a start from the
  // department's own cases (one in few of them); the planner picks by the department's share.
  await knex.raw('create index tasks_department_case_idx on tasks (department_id, case_id)');

  await knex.raw(`create table monitor_counts (
    id bigserial primary key,
    -- 'case': owner = bundle_key, sub = case status, state = clock state, no_due = due_at is null
    -- 'step': owner = department_id, sub = item_code (its warning policy), open steps with a due_at
    -- 'item': owner = item_code, sub = item clock status, running or paused items of cases in progress
    kind text not null check (kind in ('case','step','item')),
    owner text not null,
    sub text,
    state text,
    due_date date,
    due_start_date date,
    no_due boolean not null default false,
    n integer not null
  )`);

  await knex.raw(`create function monitor_case_delta() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE','DELETE') and old.status in ('preReview','correction','inProgress') then
        insert into monitor_counts (kind, owner, sub, state, due_date, due_start_date, no_due, n)
        values ('case', old.bundle_key, old.status, old.clock->>'state', old.due_date, old.due_start_date,
                old.due_at is null, -1);
      end if;
      if tg_op in ('INSERT','UPDATE') and new.status in ('preReview','correction','inProgress') then
        insert into monitor_counts (kind, owner, sub, state, due_date, due_start_date, no_due, n)
        values ('case', new.bundle_key, new.status, new.clock->>'state', new.due_date, new.due_start_date,
                new.due_at is null, 1);
      end if;
      -- Item clocks count only while their case is in progress.
      if tg_op = 'UPDATE' and (old.status = 'inProgress') <> (new.status = 'inProgress') then
        insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
        select 'item', ci.item_code, ci.status, ci.due_date, ci.due_start_date,
               case when new.status = 'inProgress' then 1 else -1 end
        from case_items ci where ci.case_id = new.id and ci.status in ('running','paused');
      end if;
      return null;
    end $$`);
  await knex.raw(`create trigger cases_monitor_insert after insert or delete on cases
    for each row execute function monitor_case_delta()`);
  await knex.raw(`create trigger cases_monitor_update after update on cases
    for each row when (old.status is distinct from new.status
      or old.bundle_key is distinct from new.bundle_key
      or old.due_date is distinct from new.due_date
      or old.due_start_date is distinct from new.due_start_date
      or (old.due_at is null) <> (new.due_at is null)
      or old.clock->>'state' is distinct from new.clock->>'state')
    execute function monitor_case_delta()`);

  await knex.raw(`create function monitor_step_delta() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE','DELETE') and old.status in ('open','claimed') and old.due_at is not null then
        insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
        values ('step', old.department_id, old.item_code, old.due_date, old.due_start_date, -1);
      end if;
      if tg_op in ('INSERT','UPDATE') and new.status in ('open','claimed') and new.due_at is not null then
        insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
        values ('step', new.department_id, new.item_code, new.due_date, new.due_start_date, 1);
      end if;
      return null;
    end $$`);
  await knex.raw(`create trigger tasks_monitor_insert after insert or delete on tasks
    for each row execute function monitor_step_delta()`);
  // Claiming keeps a step in the same group: only changes of the group fire.
  await knex.raw(`create trigger tasks_monitor_update after update on tasks
    for each row when ((old.status in ('open','claimed')) <> (new.status in ('open','claimed'))
      or old.department_id is distinct from new.department_id
      or old.item_code is distinct from new.item_code
      or old.due_date is distinct from new.due_date
      or old.due_start_date is distinct from new.due_start_date
      or (old.due_at is null) <> (new.due_at is null))
    execute function monitor_step_delta()`);

  await knex.raw(`create function monitor_item_delta() returns trigger language plpgsql as $$
    declare
      case_in_progress boolean;
    begin
      select c.status = 'inProgress' into case_in_progress
        from cases c where c.id = coalesce(new.case_id, old.case_id);
      if not coalesce(case_in_progress, false) then return null; end if;
      if tg_op in ('UPDATE','DELETE') and old.status in ('running','paused') then
        insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
        values ('item', old.item_code, old.status, old.due_date, old.due_start_date, -1);
      end if;
      if tg_op in ('INSERT','UPDATE') and new.status in ('running','paused') then
        insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
        values ('item', new.item_code, new.status, new.due_date, new.due_start_date, 1);
      end if;
      return null;
    end $$`);
  await knex.raw(`create trigger case_items_monitor_insert after insert or delete on case_items
    for each row execute function monitor_item_delta()`);
  await knex.raw(`create trigger case_items_monitor_update after update on case_items
    for each row when (old.status is distinct from new.status
      or old.item_code is distinct from new.item_code
      or old.due_date is distinct from new.due_date
      or old.due_start_date is distinct from new.due_start_date)
    execute function monitor_item_delta()`);

  // What is open today, counted once.
  await knex.raw(`insert into monitor_counts (kind, owner, sub, state, due_date, due_start_date, no_due, n)
    select 'case', bundle_key, status, clock->>'state', due_date, due_start_date, due_at is null, count(*)
    from cases where status in ('preReview','correction','inProgress')
    group by 1, 2, 3, 4, 5, 6, 7`);
  await knex.raw(`insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
    select 'step', department_id, item_code, due_date, due_start_date, count(*)
    from tasks where status in ('open','claimed') and due_at is not null
    group by 1, 2, 3, 4, 5`);
  await knex.raw(`insert into monitor_counts (kind, owner, sub, due_date, due_start_date, n)
    select 'item', ci.item_code, ci.status, ci.due_date, ci.due_start_date, count(*)
    from case_items ci join cases c on c.id = ci.case_id
    where c.status = 'inProgress' and ci.status in ('running','paused')
    group by 1, 2, 3, 4, 5`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists case_items_monitor_update on case_items');
  await knex.raw('drop trigger if exists case_items_monitor_insert on case_items');
  await knex.raw('drop trigger if exists tasks_monitor_update on tasks');
  await knex.raw('drop trigger if exists tasks_monitor_insert on tasks');
  await knex.raw('drop trigger if exists cases_monitor_update on cases');
  await knex.raw('drop trigger if exists cases_monitor_insert on cases');
  await knex.raw('drop function if exists monitor_item_delta()');
  await knex.raw('drop function if exists monitor_step_delta()');
  await knex.raw('drop function if exists monitor_case_delta()');
  await knex.raw('drop table if exists monitor_counts');
  await knex.raw('drop index if exists tasks_department_case_idx');
  await knex.raw('drop index if exists cases_closed_filed_idx');
  await knex.raw('drop index if exists cases_filed_idx');
  await knex.raw('drop index if exists cases_applicant_open_idx');
  await knex.raw('drop index if exists cases_open_list_idx');
  await knex.raw('drop index if exists tasks_queue_undated_idx');
  await knex.raw('drop index jobs_key_unique');
  await knex.raw('alter table jobs add constraint jobs_key_unique unique (key)');
}
