import { createHmac } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The role the app's queries run as (最小权限): read and write the working tables, but only
 * SELECT and INSERT on the audit log and its checkpoints, and never own anything, so it cannot
 * UPDATE, DELETE or TRUNCATE events, nor ALTER a table to disable the append-only trigger.
 * Roles are cluster-wide: every database on a server shares one (its grants are per database).
 */
export const DEFAULT_APP_ROLE = 'yijian_app';

/** Tables the app may only read and add to. */
export const APPEND_ONLY_TABLES = [
  'case_events',
  'audit_checkpoints',
  'audit_checkpoint_rounds',
  'admin_events',
  'definition_changes',
  'definition_deployments',
] as const;

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
  // Partitioned history (migration 019): the app reaches months only through their parent
  // (`case_events`, `finished_jobs`), where its rights are checked; a right on a month itself
  // would let it TRUNCATE audit rows past the append-only trigger. Months made later by
  // `yijian_ensure_history_partitions` get no grant at all. Where the months begin is the
  // owner's; the app may only ask for them to be made.
  await owner.raw(`do $$ declare r record; begin
      for r in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relispartition and c.relkind in ('r', 'p')
      loop execute format('revoke all on %s from %I', r.name, '${role}'); end loop;
      if to_regclass('history_partitions') is not null then
        execute format('revoke all on history_partitions from %I', '${role}');
        execute format('grant execute on function yijian_ensure_history_partitions(integer, integer) to %I', '${role}');
      end if;
    end $$`);
}

export function assertRoleName(role: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Unsafe role name: ${role}`);
}

/** The app's own LOGIN role, a member of the app role: `<role>_login` unless configured. */
export function defaultAppLogin(role: string = DEFAULT_APP_ROLE): string {
  return `${role}_login`;
}

/**
 * The app login's password when the operator sets none (YJ_DB_APP_PASSWORD): derived from the
 * owner's connection string, so every node and every database of one cluster agree on it without
 * storing it, and knowing it reveals nothing of the owner's password (HMAC-SHA-256).
 */
export function derivedAppPassword(ownerUrl: string, login: string): string {
  return createHmac('sha256', ownerUrl).update(`yijian app login ${login}`).digest('base64url');
}

/**
 * Creates (or updates) the app's LOGIN role as the owner, after {@link grantAppRole}: it may log
 * in with `password`, inherits the app role's rights, and is not a member of the owner, so on its
 * connection `RESET ROLE` or `SET ROLE <owner>` cannot regain the owner's rights (unlike
 * `SET ROLE yijian_app` on the owner's own login). Needs CREATEROLE (or a superuser) as the
 * owner; an operator without it creates the login once and sets APP_DATABASE_URL instead.
 */
export async function grantAppLogin(
  owner: Knex,
  input: { role?: string; login: string; password: string },
): Promise<void> {
  const role = input.role ?? DEFAULT_APP_ROLE;
  assertRoleName(role);
  assertRoleName(input.login);
  if (input.password.length < 8 || /[\0]/.test(input.password))
    throw new Error('The app login password must have at least 8 characters');
  const password = input.password.replaceAll("'", "''");
  // Several starts (nodes, or databases on one server) may create or alter it at the same moment.
  await owner.raw(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${input.login}') then
        create role ${input.login} login inherit password '${password}';
      else
        alter role ${input.login} with login inherit password '${password}';
      end if;
    exception when duplicate_object or unique_violation or internal_error then null; end $$`);
  await owner.raw(`do $$ begin
      if not pg_has_role('${input.login}', '${role}', 'member') then execute format('grant %I to %I', '${role}', '${input.login}'); end if;
    exception when unique_violation or duplicate_object then null; end $$`);
  const { rows } = await owner.raw<{ rows: { owner: boolean; superuser: boolean }[] }>(
    `select pg_has_role(?, current_user, 'member') as owner,
            (select rolsuper from pg_roles where rolname = ?) as superuser`,
    [input.login, input.login],
  );
  if (rows[0]?.owner || rows[0]?.superuser)
    throw new Error(`The app login ${input.login} may not be the owner, a member of it, or a superuser`);
}

/** The owner's connection string with the app login's name and password in its place. */
export function appLoginUrl(ownerUrl: string, login: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(login);
  url.password = encodeURIComponent(password);
  return url.toString();
}
