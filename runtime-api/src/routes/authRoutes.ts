import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { hash } from '@node-rs/argon2';
import type { Router } from 'express';
import { z } from 'zod';
import { accountRows, recordAdminEvent } from '../admin/adminQueries';
import {
  accountDisabled,
  allDepartments,
  departmentExists,
  insertAccount,
  lockAccount,
  loginAccount,
  passwordHashOf,
  setPasswordHash,
  updateAccount,
  userExists,
  userWithDepartment,
} from '../auth/accountQueries';
import { checkPassword, demoAccountList } from '../auth/accounts';
import { clearLoginFailures, loginHoldSeconds, recordLoginFailure } from '../auth/loginThrottle';
import type { OidcLogin } from '../auth/oidc';
import type { AppContext } from '../context';
import {
  type AuthUser,
  clearSessionCookie,
  createSession,
  endAllSessions,
  endSession,
  forgetSessions,
  sessionToken,
  setSessionCookie,
} from '../http/auth';
import { ApiError, invalidField, notFound } from '../http/errors';
import { defineRoute, responded } from '../http/route';
import {
  accountChangeBody,
  accountSchema,
  demoAccountsSchema,
  departmentSchema,
  idParams,
  loginBody,
  loginResponse,
  newAccountBody,
  passwordChangeBody,
  userSchema,
} from '../schemas';
import { presentAccount, readAccount } from './adminRoutes';

const allRoles = ['applicant', 'clerk', 'manager', 'admin', 'designer'] as const;

export function authRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  ctx: AppContext,
  oidc: OidcLogin | null = null,
  demoAccounts = false,
): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/auth/demo-accounts',
      summary: 'The demo accounts the login page offers (演示账号); empty unless they were seeded',
      tag: 'auth',
      roles: 'public',
      response: demoAccountsSchema,
    },
    async () => (demoAccounts ? demoAccountList() : { password: null, accounts: [] }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/auth/oidc/start',
      summary: 'Single sign-on (统一身份认证): redirects to the OIDC provider',
      tag: 'auth',
      roles: 'public',
      response: z.object({}),
      status: 302,
    },
    async ({ res }) => {
      if (!oidc) throw new ApiError('oidc_not_configured');
      res.redirect(302, await oidc.start(ctx.knex));
      return responded;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/auth/oidc/callback',
      summary:
        'Where the OIDC provider returns: checks state, nonce and PKCE, sets the session cookie, goes to the web app',
      tag: 'auth',
      roles: 'public',
      query: z.object({
        code: z.string().max(2000).optional(),
        state: z.string().max(200).optional(),
        error: z.string().max(200).optional(),
        iss: z.string().max(500).optional(),
        session_state: z.string().max(500).optional(),
      }),
      response: z.object({}),
      status: 302,
    },
    async ({ req, res }) => {
      if (!oidc) throw new ApiError('oidc_not_configured');
      const search = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const login = await oidc.finish(ctx.knex, search);
      if (!login) throw new ApiError('oidc_login_failed');
      if (await accountDisabled(ctx.knex, login.userId)) throw new ApiError('account_disabled');
      const token = await createSession(ctx.knex, login.userId);
      setSessionCookie(req, res, token);
      res.redirect(302, '/');
      return responded;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Log in with a local account; sets an HttpOnly session cookie and returns the token',
      tag: 'auth',
      roles: 'public',
      body: loginBody,
      response: loginResponse,
    },
    async ({ body, req, res }) => {
      // Per account name, whatever the source address: past 20 wrong passwords the name waits,
      // doubling, before any password is checked (the per-address limit is in app.ts).
      const wait = await loginHoldSeconds(ctx.knex, body.username);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        throw new ApiError('login_throttled', { seconds: wait });
      }
      const row = await loginAccount(ctx.knex, body.username);
      // Same answer, and the same argon2 work, whether the user exists or not, so accounts cannot
      // be enumerated; a department system signs in with its API key only.
      const usable = row && row.role !== 'system' ? (row.password_hash as string) : null;
      if (!(await checkPassword(usable, body.password)) || !row) {
        await recordLoginFailure(ctx.knex, body.username);
        throw new ApiError('invalid_credentials');
      }
      await clearLoginFailures(ctx.knex, body.username);
      // Told only to who knows the password: a disabled account gets no session.
      if (row.disabled_at) throw new ApiError('account_disabled');
      const token = await createSession(ctx.knex, row.id);
      setSessionCookie(req, res, token);
      return { token, user: await loadUser(ctx, row.id) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Log out: the session ends on the server at once (cookie or bearer token)',
      tag: 'auth',
      roles: 'public',
      // Nothing to send; a body that is not empty is a mistake, refused like any other.
      body: z.object({}).strict(),
      response: z.object({ loggedOut: z.boolean() }),
    },
    async ({ req, res }) => {
      const token = sessionToken(req);
      if (token) await endSession(ctx.knex, token);
      clearSessionCookie(req, res);
      return { loggedOut: true };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me',
      summary: 'The logged-in user',
      tag: 'auth',
      roles: allRoles,
      response: userSchema,
    },
    async ({ user }) => loadUser(ctx, user.id),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/me/password',
      summary: 'Change one’s password; every other session of the account ends',
      tag: 'auth',
      roles: allRoles,
      body: passwordChangeBody,
      response: z.object({ changed: z.boolean(), sessionsEnded: z.number().int() }),
    },
    async ({ user, body, req }) => {
      if (!(await checkPassword((await passwordHashOf(ctx.knex, user.id)) ?? null, body.currentPassword)))
        throw new ApiError('current_password_wrong');
      await setPasswordHash(ctx.knex, user.id, await hash(body.newPassword));
      const sessionsEnded = await endAllSessions(ctx.knex, user.id, sessionToken(req) ?? undefined);
      return { changed: true, sessionsEnded };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/users',
      summary: 'All accounts (账户管理), with their roles and departments',
      tag: 'auth',
      roles: ['admin'],
      response: accountSchema.array(),
    },
    async () => {
      const rows = await accountRows(ctx.knex).orderBy('u.username');
      return rows.map(presentAccount);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/users',
      summary: 'Create a local account with a role (and a department for clerks)',
      tag: 'auth',
      roles: ['admin'],
      body: newAccountBody,
      response: accountSchema,
      status: 201,
    },
    async ({ body, user }) => {
      if (body.departmentId) {
        if (!(await departmentExists(ctx.knex, body.departmentId)))
          throw notFound('department', body.departmentId);
      }
      const passwordHash = await hash(body.password);
      return ctx.knex.transaction(async (trx) => {
        const row = await insertAccount(trx, {
          username: body.username,
          displayName: body.displayName,
          role: body.role,
          departmentId: body.departmentId,
          passwordHash,
        });
        if (!row) throw new ApiError('account_exists', { username: body.username });
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'user.created',
          subject: { kind: 'user', id: row.id },
          payload: { username: body.username, role: body.role, departmentId: body.departmentId },
        });
        return presentAccount({ ...row, active_sessions: 0 });
      });
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/users/:id',
      summary: 'Change an account’s name, role or department; takes effect on its next request',
      tag: 'auth',
      roles: ['admin'],
      params: idParams,
      body: accountChangeBody,
      response: accountSchema,
    },
    async ({ params, body, user }) => {
      const account = await ctx.knex.transaction(async (trx) => {
        const current = await lockAccount(trx, params.id);
        if (!current || current.role === 'system') throw notFound('user', params.id);
        const role = body.role ?? current.role;
        // An admin cannot take away their own admin role (nobody might be left to give it back).
        if (current.id === user.id && role !== 'admin') throw new ApiError('account_self');
        const departmentId = body.departmentId === undefined ? current.department_id : body.departmentId;
        if (departmentId && !(await departmentExists(trx, departmentId)))
          throw notFound('department', departmentId);
        if (role === 'clerk' && !departmentId)
          throw invalidField('departmentId', {
            'zh-CN': '窗口人员必须属于一个部门',
            en: 'a clerk belongs to a department',
          });
        await updateAccount(trx, params.id, { role, departmentId, displayName: body.displayName });
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'user.changed',
          subject: { kind: 'user', id: params.id },
          payload: {
            from: {
              role: current.role,
              departmentId: current.department_id,
              displayName: current.display_name,
            },
            to: { role, departmentId, displayName: body.displayName ?? current.display_name },
          },
        });
        return readAccount(trx, params.id);
      });
      // A cached session must not keep the old role or department (http/auth.ts), once committed.
      forgetSessions(ctx.knex, params.id);
      return account;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/users/:id/sessions/revoke',
      summary: 'Revoke every session of an account (吊销会话): its tokens stop working at once',
      tag: 'auth',
      roles: ['admin'],
      params: idParams,
      response: z.object({ sessionsEnded: z.number().int() }),
    },
    async ({ params }) => {
      if (!(await userExists(ctx.knex, params.id))) throw notFound('user', params.id);
      return { sessionsEnded: await endAllSessions(ctx.knex, params.id) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/departments',
      summary: 'All departments',
      tag: 'catalogue',
      roles: 'public',
      response: departmentSchema.array(),
    },
    async () => {
      const rows = await allDepartments(ctx.knex);
      return rows.map((d) => ({
        id: d.id,
        name: { zh: d.name_zh, en: d.name_en },
        region: d.region ?? null,
      }));
    },
  );
}

async function loadUser(
  ctx: AppContext,
  id: string,
): Promise<AuthUser & { departmentName: { zh: string; en: string } | null }> {
  const u = await userWithDepartment(ctx.knex, id);
  if (!u) throw notFound('user', id);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    departmentId: u.department_id,
    departmentName: u.department_id && u.name_zh && u.name_en ? { zh: u.name_zh, en: u.name_en } : null,
  };
}
