import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from '@yijian/db';
import type { Role } from '@yijian/process-library';
import type { Knex } from 'knex';

type Db = Knex | Knex.Transaction;

/**
 * The SQL of 系统管理 (issue 14): departments, account changes and the `admin_events` chain.
 * Routes call these; they never build a query themselves (routesHaveNoSql.test.ts).
 */

export interface DepartmentRow {
  id: string;
  name_zh: string;
  name_en: string;
  region: string | null;
}

export interface AdminEventRow {
  seq: number | string;
  at: Date | string;
  actor_id: string;
  type: string;
  subject_kind: 'user' | 'department';
  subject_id: string;
  payload: Record<string, unknown>;
}

/** An account row as the admin list presents it. */
export interface AdminAccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  department_id: string | null;
  disabled_at?: Date | string | null;
  active_sessions: number;
}

/**
 * Appends an admin action to `admin_events`, chained like the case log: each row's hash covers
 * the canonical text of its fields and the previous row's hash. One writer at a time (a
 * transaction-scoped advisory lock), so the chain never forks.
 */
export async function recordAdminEvent(
  trx: Knex.Transaction,
  event: {
    at: string;
    actorId: string;
    type: string;
    subject: { kind: 'user' | 'department'; id: string };
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('yijian.admin_events'))");
  const last = await trx('admin_events').orderBy('seq', 'desc').first('hash');
  const prevHash: string = last?.hash ?? GENESIS_HASH;
  const payload = event.payload ?? {};
  const text = canonicalJson({
    at: new Date(event.at).toISOString(),
    actorId: event.actorId,
    type: event.type,
    subject: event.subject,
    payload,
  });
  await trx('admin_events').insert({
    at: event.at,
    actor_id: event.actorId,
    type: event.type,
    subject_kind: event.subject.kind,
    subject_id: event.subject.id,
    payload: JSON.stringify(payload),
    prev_hash: prevHash,
    hash: createHash('sha256').update(`${prevHash}\n${text}`).digest('hex'),
  });
}

/** Inserts a department; undefined when the id is taken. */
export async function insertDepartment(db: Db, d: DepartmentRow): Promise<DepartmentRow | undefined> {
  const [row] = await db('departments')
    .insert(d)
    .onConflict('id')
    .ignore()
    .returning(['id', 'name_zh', 'name_en', 'region']);
  return row;
}

/** A department, locked for the rest of the transaction. */
export function lockDepartment(trx: Knex.Transaction, id: string): Promise<DepartmentRow | undefined> {
  return trx('departments').where({ id }).forUpdate().first();
}

export function departmentById(db: Db, id: string): Promise<DepartmentRow | undefined> {
  return db('departments').where({ id }).first();
}

export async function updateDepartment(
  db: Db,
  id: string,
  change: Partial<Omit<DepartmentRow, 'id'>>,
): Promise<void> {
  if (Object.keys(change).length > 0) await db('departments').where({ id }).update(change);
}

/** Whether any account belongs to the department. */
export async function departmentHasAccounts(db: Db, id: string): Promise<boolean> {
  return Boolean(await db('users').where({ department_id: id }).first('id'));
}

/** Whether the department has a task not yet done. */
export async function departmentHasOpenTasks(db: Db, id: string): Promise<boolean> {
  return Boolean(
    await db('tasks').where({ department_id: id }).whereIn('status', ['open', 'claimed']).first('id'),
  );
}

/** Deletes a department in a savepoint, so a foreign-key refusal (23503) leaves the transaction usable. */
export async function deleteDepartment(trx: Knex.Transaction, id: string): Promise<void> {
  await trx.transaction((sp) => sp('departments').where({ id }).delete());
}

/** An account, locked for the rest of the transaction. */
export function lockUser(
  trx: Knex.Transaction,
  id: string,
): Promise<{ id: string; role: Role; disabled_at: Date | string | null } | undefined> {
  return trx('users').where({ id }).forUpdate().first('id', 'role', 'disabled_at');
}

export async function setUserDisabledAt(db: Db, id: string, disabledAt: string | null): Promise<void> {
  await db('users').where({ id }).update({ disabled_at: disabledAt });
}

/** Admin events, newest first. */
export function adminEvents(
  db: Db,
  filter: { subjectKind?: 'user' | 'department'; subjectId?: string; limit: number },
): Promise<AdminEventRow[]> {
  const q = db('admin_events').orderBy('seq', 'desc').limit(filter.limit);
  if (filter.subjectKind) q.where('subject_kind', filter.subjectKind);
  if (filter.subjectId) q.where('subject_id', filter.subjectId);
  return q.select();
}

/** The accounts query of the admin list, with live sessions counted; callers add filters. */
export function accountRows(db: Db): Knex.QueryBuilder {
  return db('users as u').select(
    'u.id',
    'u.username',
    'u.display_name',
    'u.role',
    'u.department_id',
    'u.disabled_at',
    db.raw(
      '(select count(*) from sessions s where s.user_id = u.id and s.expires_at > now())::int as active_sessions',
    ),
  );
}

export function adminAccountById(db: Db, id: string): Promise<AdminAccountRow | undefined> {
  return accountRows(db).where('u.id', id).first();
}
