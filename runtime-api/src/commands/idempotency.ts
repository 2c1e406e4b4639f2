import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidField } from '../http/errors';

/**
 * Makes a command safe to retry with an `Idempotency-Key` header: the first response is stored in
 * the command's own transaction; a retry with the same key and body gets it back unchanged.
 */
export async function idempotent<T>(
  trx: Knex.Transaction,
  input: { userId: string; key: string | undefined; request: unknown },
  run: () => Promise<{ status: number; body: T }>,
): Promise<{ status: number; body: T; replayed: boolean }> {
  if (!input.key) return { ...(await run()), replayed: false };
  if (input.key.length > 200)
    throw invalidField('headers.idempotency-key', validationReasons.tooLong, { max: 200 });
  const requestHash = createHash('sha256').update(JSON.stringify(input.request)).digest('hex');
  // Taken under a lock on the key so two concurrent retries do not both run the command.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`idem:${input.userId}:${input.key}`]);
  const previous = await trx('idempotency_keys').where({ user_id: input.userId, key: input.key }).first();
  if (previous) {
    if (previous.request_hash !== requestHash) {
      throw new ApiError('idempotency_key_reused');
    }
    return { status: previous.status, body: previous.body as T, replayed: true };
  }
  const result = await run();
  await trx('idempotency_keys').insert({
    user_id: input.userId,
    key: input.key,
    request_hash: requestHash,
    status: result.status,
    body: JSON.stringify(result.body),
  });
  return { ...result, replayed: false };
}
