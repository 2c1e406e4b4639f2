import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidField } from '../http/errors';

/**
 * Makes a command safe to retry with an `Idempotency-Key` header: its first result is stored in
 * the command's own transaction; a retry with the same key and request gets it back unchanged.
 * Routes ask for it with `defineRoute({ …, idempotent: true })` (http/route.ts).
 */
export async function idempotent<T>(
  trx: Knex.Transaction,
  input: { userId: string; key: string | undefined; request: unknown; status: number },
  run: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  if (!input.key) return { value: await run(), replayed: false };
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
    return { value: (previous.body ?? undefined) as T, replayed: true };
  }
  const value = await run();
  await trx('idempotency_keys').insert({
    user_id: input.userId,
    key: input.key,
    request_hash: requestHash,
    status: input.status,
    body: JSON.stringify(value ?? null),
  });
  return { value, replayed: false };
}
