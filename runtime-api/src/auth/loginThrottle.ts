import type { Knex } from 'knex';

/** Wrong passwords an account name may take (from anywhere) before it is held back. */
export const FREE_LOGIN_FAILURES = 20;
/** The first hold; each further failure doubles it, up to {@link MAX_HOLD_SECONDS}. */
const FIRST_HOLD_SECONDS = 30;
const MAX_HOLD_SECONDS = 3600;
/** Failures older than this are forgiven once no hold is running. */
const FORGET_AFTER_SECONDS = 3600;

/**
 * Seconds the account name must still wait before a password is checked at all, or 0. Keyed by
 * the name as typed, whether or not such an account exists, so the throttle does not reveal it.
 */
export async function loginHoldSeconds(knex: Knex, username: string): Promise<number> {
  const row = await knex('login_throttle')
    .where({ username })
    .first(knex.raw('ceil(extract(epoch from (locked_until - now())))::int as wait'));
  return Math.max(0, Number(row?.wait ?? 0));
}

/** Counts a wrong password; from the {@link FREE_LOGIN_FAILURES}th on, holds the name back, doubling. */
export async function recordLoginFailure(knex: Knex, username: string): Promise<void> {
  await knex.raw(
    `insert into login_throttle as t (username, failures, last_failed_at, locked_until)
     values (:username, 1, now(), null)
     on conflict (username) do update set
       failures = case
         when t.last_failed_at < now() - make_interval(secs => :forget)
           and coalesce(t.locked_until, '-infinity') < now() then 1
         else t.failures + 1 end,
       last_failed_at = now(),
       locked_until = case
         when t.failures + 1 >= :free
           and not (t.last_failed_at < now() - make_interval(secs => :forget)
                    and coalesce(t.locked_until, '-infinity') < now())
         then now() + make_interval(secs => least(:first * power(2, t.failures + 1 - :free), :max))
         else null end`,
    {
      username,
      forget: FORGET_AFTER_SECONDS,
      free: FREE_LOGIN_FAILURES,
      first: FIRST_HOLD_SECONDS,
      max: MAX_HOLD_SECONDS,
    },
  );
}

/** A right password clears the count. */
export async function clearLoginFailures(knex: Knex, username: string): Promise<void> {
  await knex('login_throttle').where({ username }).del();
}
