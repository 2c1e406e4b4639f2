import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { DEMO_PASSWORD, demoUsers, departments } from '@yijian/process-library';
import type { Knex } from 'knex';

/** The shortest password a local account may be given (change, creation, first admin). */
export const MIN_PASSWORD_LENGTH = 12;

let decoy: Promise<string> | undefined;

/**
 * Checks a password against an account's hash, or against a decoy hash when there is no account
 * (or it may not log in with a password), so an unknown username costs the same argon2 time as a
 * known one and the answer's timing does not tell them apart.
 */
export async function checkPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash) return verify(passwordHash, password).catch(() => false);
  decoy ??= hash(randomBytes(16).toString('hex'));
  await verify(await decoy, password).catch(() => false);
  return false;
}

/**
 * Refuses to start in production while any demo account, or any admin, still has the demo
 * password: a public instance must not open with a password printed in the README.
 */
export async function refuseDemoPasswordsInProduction(knex: Knex): Promise<void> {
  const rows = await knex('users')
    .whereIn(
      'username',
      demoUsers.map((u) => u.username),
    )
    .orWhere('role', 'admin')
    .select('username', 'password_hash');
  const found: string[] = [];
  for (const row of rows) {
    if (await checkPassword(row.password_hash, DEMO_PASSWORD)) found.push(row.username);
  }
  if (found.length > 0) {
    throw new Error(
      `生产模式下不能保留演示密码 / Production mode refuses to start: these accounts still have the demo password: ${found.join(', ')}. Change their passwords or delete them.`,
    );
  }
}

/**
 * Creates the first administrator from YJ_ADMIN_USERNAME / YJ_ADMIN_PASSWORD when no admin
 * exists yet; never touches an existing account, so renaming or removing it sticks.
 */
export async function bootstrapAdmin(
  knex: Knex,
  account: { username: string; password: string; displayName?: string },
): Promise<boolean> {
  if (account.password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`YJ_ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const admin = await knex('users').where({ role: 'admin' }).first('id');
  if (admin) return false;
  await knex('users')
    .insert({
      username: account.username,
      display_name: account.displayName ?? account.username,
      role: 'admin',
      department_id: null,
      password_hash: await hash(account.password),
    })
    .onConflict('username')
    .ignore();
  return true;
}

/**
 * The demo accounts as the seed creates them (the process library's `demoUsers`), grouped by
 * role in the order the login page shows them, each with its department's name.
 */
export function demoAccountList() {
  const order = ['applicant', 'clerk', 'manager', 'admin', 'designer'] as const;
  type ShownRole = (typeof order)[number];
  const shown = (role: string): role is ShownRole => (order as readonly string[]).includes(role);
  const accounts = demoUsers.flatMap((u) =>
    shown(u.role)
      ? [
          {
            username: u.username,
            displayName: u.displayName,
            role: u.role,
            department: departments.find((d) => d.id === u.departmentId)?.name ?? null,
          },
        ]
      : [],
  );
  accounts.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return { password: DEMO_PASSWORD, accounts };
}
