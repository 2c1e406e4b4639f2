import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { verify } from '@node-rs/argon2';
import type { Router } from 'express';
import type { AppContext } from '../context';
import { type AuthUser, createSession } from '../http/auth';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { departmentSchema, loginBody, loginResponse, userSchema } from '../schemas';

export function authRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/auth/login',
      summary: 'Log in with a local account',
      tag: 'auth',
      roles: 'public',
      body: loginBody,
      response: loginResponse,
    },
    async ({ body }) => {
      const row = await ctx
        .knex('users')
        .where({ username: body.username })
        .first('id', 'password_hash', 'role');
      // Same message whether the user exists or not, so accounts cannot be enumerated; a
      // department system signs in with its API key only.
      if (!row || row.role === 'system' || !(await verify(row.password_hash, body.password))) {
        throw new ApiError('invalid_credentials');
      }
      const token = await createSession(ctx.knex, row.id);
      return { token, user: await loadUser(ctx, row.id) };
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
      roles: ['applicant', 'clerk', 'manager', 'admin', 'designer'],
      response: userSchema,
    },
    async ({ user }) => loadUser(ctx, user.id),
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
      const rows = await ctx.knex('departments').orderBy('id').select();
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
  const u = await ctx
    .knex('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .where('u.id', id)
    .first('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id', 'd.name_zh', 'd.name_en');
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    departmentId: u.department_id,
    departmentName: u.department_id ? { zh: u.name_zh, en: u.name_en } : null,
  };
}
