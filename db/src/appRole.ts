import type { Knex } from 'knex';

/**
 * The role the app's queries run as (最小权限): read and write the working tables, but only
 * SELECT and INSERT on the audit log and its checkpoints, and never own anything, so it cannot
 * UPDATE, DELETE or TRUNCATE events, nor ALTER a table to disable the append-only trigger.
 * Roles are cluster-wide: every database on a server shares one (its grants are per database).
 */
export const DEFAULT_APP_ROLE = 'yijian_app';

/** Tables the app may only read and add to. */
export const APPEND_ONLY_TABLES = ['case_events', 'audit_checkpoints', 'audit_checkpoint_rounds'] as const;

/**
 * Creates the app role if missing and grants it what it needs on every table of the schema as it
 * now is; run as the owner after the migrations, on every start, so tables added by later
 * migrations are covered. The owner becomes a member so it may `SET ROLE` to it (the default
 * setup with one DATABASE_URL). Safe to run concurrently from several databases on one server.
 */
export async function grantAppRole(owner: Knex, role: string = DEFAULT_APP_ROLE): Promise<void> {
  assertRoleName(role);
  // Another database's start may create or grant it at the same moment: either way it exists.
  await owner.raw(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} nologin; end if;
    exception when duplicate_object or unique_violation then null; end $$`);
  await owner.raw(`do $$ begin
      if not pg_has_role(current_user, '${role}', 'member') then execute format('grant %I to %I', '${role}', current_user); end if;
    exception when unique_violation or duplicate_object then null; end $$`);
  await owner.raw(`grant usage on schema public to ${role}`);
  await owner.raw(`grant select, insert, update, delete on all tables in schema public to ${role}`);
  await owner.raw(`grant usage, select on all sequences in schema public to ${role}`);
  await owner.raw(`revoke all on knex_migrations, knex_migrations_lock from ${role}`);
  await owner.raw(`revoke update, delete, truncate on ${APPEND_ONLY_TABLES.join(', ')} from ${role}`);
}

export function assertRoleName(role: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Unsafe role name: ${role}`);
}
