import type { Role } from '@yijian/process-library';
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/** An account as 账户管理 lists it, with its live sessions counted. */
export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  active_sessions: number;
}

const accountColumns = (db: Db) => [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.department_id',
  db.raw(
    '(select count(*) from sessions s where s.user_id = u.id and s.expires_at > now())::int as active_sessions',
  ),
];

/** Every account by user name. */
export function allAccounts(db: Db): Promise<AccountRow[]> {
  return db('users as u')
    .orderBy('u.username')
    .select(...accountColumns(db));
}

/** One account, or undefined. */
export function accountById(db: Db, id: string): Promise<AccountRow | undefined> {
  return db('users as u')
    .where('u.id', id)
    .first(...accountColumns(db));
}

/** What a login checks: the hash and the role (a department system never logs in with a password). */
export function loginAccount(
  db: Db,
  username: string,
): Promise<{ id: string; password_hash: string; role: Role; disabled_at: Date | string | null } | undefined> {
  return db('users').where({ username }).first('id', 'password_hash', 'role', 'disabled_at');
}

/** Whether an account is disabled (停用); false for an unknown user. */
export async function accountDisabled(db: Db, id: string): Promise<boolean> {
  const row: { disabled_at: Date | string | null } | undefined = await db('users')
    .where({ id })
    .first('disabled_at');
  return Boolean(row?.disabled_at);
}

/** A user's password hash, or undefined for an unknown user. */
export async function passwordHashOf(db: Db, userId: string): Promise<string | undefined> {
  const row: { password_hash: string } | undefined = await db('users')
    .where({ id: userId })
    .first('password_hash');
  return row?.password_hash;
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash });
}

/** Whether a department exists. */
export async function departmentExists(db: Db, id: string): Promise<boolean> {
  return !!(await db('departments').where({ id }).first('id'));
}

/** Whether a user exists. */
export async function userExists(db: Db, id: string): Promise<boolean> {
  return !!(await db('users').where({ id }).first('id'));
}

/** Creates a local account; undefined when the user name is taken. */
export async function insertAccount(
  db: Db,
  account: {
    username: string;
    displayName: string;
    role: Role;
    departmentId: string | null;
    passwordHash: string;
  },
): Promise<Omit<AccountRow, 'active_sessions'> | undefined> {
  const [row] = await db('users')
    .insert({
      username: account.username,
      display_name: account.displayName,
      role: account.role,
      department_id: account.departmentId,
      password_hash: account.passwordHash,
    })
    .onConflict('username')
    .ignore()
    .returning(['id', 'username', 'display_name', 'role', 'department_id']);
  return row;
}

/** Locks an account row for a change; undefined for an unknown user. */
export function lockAccount(
  trx: Knex.Transaction,
  id: string,
): Promise<{ id: string; role: Role; department_id: string | null; display_name: string } | undefined> {
  return trx('users').where({ id }).forUpdate().first('id', 'role', 'department_id', 'display_name');
}

export async function updateAccount(
  trx: Knex.Transaction,
  id: string,
  change: { role: Role; departmentId: string | null; displayName?: string | undefined },
): Promise<void> {
  await trx('users')
    .where({ id })
    .update({
      role: change.role,
      department_id: change.departmentId,
      ...(change.displayName ? { display_name: change.displayName } : {}),
    });
}

/** Every department by id, with its calendar region. */
export function allDepartments(
  db: Db,
): Promise<{ id: string; name_zh: string; name_en: string; region: string | null }[]> {
  return db('departments').orderBy('id').select('id', 'name_zh', 'name_en', 'region');
}

/** A user with their department's names (for /api/me and the login answer). */
export function userWithDepartment(
  db: Db,
  id: string,
): Promise<
  | {
      id: string;
      username: string;
      display_name: string;
      role: Role;
      department_id: string | null;
      name_zh: string | null;
      name_en: string | null;
    }
  | undefined
> {
  return db('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .where('u.id', id)
    .first('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id', 'd.name_zh', 'd.name_en');
}
