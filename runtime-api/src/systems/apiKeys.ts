import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { hashToken } from '../http/auth';
import { ApiError, notFound } from '../http/errors';

/**
 * Issues a department system's API key: the department's system account (`<department>.system`,
 * role `system`) is made on first issue; the key is returned once and stored as a hash.
 */
export async function issueApiKey(
  trx: Knex.Transaction,
  input: { departmentId: string; name: string; createdBy: string },
): Promise<{ id: string; key: string; username: string; departmentId: string; name: string }> {
  const department: { id: string; name_zh: string } | undefined = await trx('departments')
    .where({ id: input.departmentId })
    .first('id', 'name_zh');
  if (!department) throw notFound('department', input.departmentId);
  const username = `${department.id}.system`;
  let account: { id: string; role: string } | undefined = await trx('users')
    .where({ username })
    .first('id', 'role');
  if (account && account.role !== 'system') throw new ApiError('username_taken', { username });
  if (!account) {
    // A password nobody knows: a system signs in with its key only (login refuses it anyway).
    [account] = await trx('users')
      .insert({
        username,
        display_name: `${department.name_zh}（系统）`,
        role: 'system',
        department_id: department.id,
        password_hash: await hash(randomBytes(32).toString('base64url')),
      })
      .returning(['id', 'role']);
  }
  const key = `yjk_${randomBytes(32).toString('base64url')}`;
  const [row] = await trx('api_keys')
    .insert({ key_hash: hashToken(key), user_id: account!.id, name: input.name, created_by: input.createdBy })
    .returning('id');
  return { id: row.id as string, key, username, departmentId: department.id, name: input.name };
}

/** Revokes a key at once (again: unchanged); undefined for an unknown key. */
export async function revokeApiKey(
  db: Knex,
  keyId: string,
): Promise<{ id: string; revoked_at: Date } | undefined> {
  const [row] = await db('api_keys')
    .where({ id: keyId })
    .update({ revoked_at: db.raw('coalesce(revoked_at, now())') })
    .returning(['id', 'revoked_at']);
  return row;
}
