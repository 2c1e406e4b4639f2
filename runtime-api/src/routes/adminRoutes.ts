import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { hash } from '@node-rs/argon2';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  adminAccountById,
  adminEvents,
  deleteDepartment,
  departmentById,
  departmentHasAccounts,
  departmentHasOpenTasks,
  insertDepartment,
  lockDepartment,
  lockUser,
  recordAdminEvent,
  setUserDisabledAt,
  updateDepartment,
} from '../admin/adminQueries';
import { setPasswordHash } from '../auth/accountQueries';
import type { AppContext } from '../context';
import { endAllSessions, forgetSessions } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { accountSchema, departmentSchema, idParams } from '../schemas';

/**
 * 系统管理 (issue 14): departments (create, rename, set region, delete when unused) and account
 * changes beyond the account list (disable / enable, reset password). Admins only; each change is
 * recorded in `admin_events`, a hash chain of its own (see {@link recordAdminEvent}).
 */

const localizedName = z.object({
  zh: z.string().trim().min(1).max(100),
  en: z.string().trim().min(1).max(100),
});
const regionCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,6})?$/, 'a region code like CN or CN-BJ')
  .nullable();

export const newDepartmentBody = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lower-case letters, digits, - and _ (2–40)'),
    name: localizedName,
    region: regionCode.default(null),
  })
  .strict()
  .openapi('NewDepartment');

export const departmentChangeBody = z
  .object({ name: localizedName.optional(), region: regionCode.optional() })
  .strict()
  .openapi('DepartmentChange');

const departmentParams = z.object({ id: z.string().max(40) });

export const passwordResetBody = z
  .object({ newPassword: z.string().min(12, 'at least 12 characters').max(200) })
  .strict()
  .openapi('PasswordReset');

export const adminEventSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string(),
    type: z.string(),
    subject: z.object({ kind: z.enum(['user', 'department']), id: z.string() }),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('AdminEvent');

export const adminEventsQuery = z.object({
  subjectKind: z.enum(['user', 'department']).optional(),
  subjectId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const presentDepartment = (d: { id: string; name_zh: string; name_en: string; region: string | null }) => ({
  id: d.id,
  name: { zh: d.name_zh, en: d.name_en },
  region: d.region ?? null,
});

export function adminRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/departments',
      summary: 'Create a department (admins), with its zh/en name and the region its calendar counts in',
      tag: 'admin',
      roles: ['admin'],
      body: newDepartmentBody,
      response: departmentSchema,
      status: 201,
    },
    async ({ body, user }) =>
      ctx.knex.transaction(async (trx) => {
        const row = await insertDepartment(trx, {
          id: body.id,
          name_zh: body.name.zh,
          name_en: body.name.en,
          region: body.region,
        });
        if (!row) throw new ApiError('department_exists', { id: body.id });
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'department.created',
          subject: { kind: 'department', id: body.id },
          payload: { name: body.name, region: body.region },
        });
        return presentDepartment(row);
      }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/departments/:id',
      summary:
        'Rename a department or set its region (admins); a case keeps the region it was filed in, new cases count in the new one',
      tag: 'admin',
      roles: ['admin'],
      params: departmentParams,
      body: departmentChangeBody,
      response: departmentSchema,
    },
    async ({ params, body, user }) =>
      ctx.knex.transaction(async (trx) => {
        const current = await lockDepartment(trx, params.id);
        if (!current) throw notFound('department', params.id);
        const change = {
          ...(body.name ? { name_zh: body.name.zh, name_en: body.name.en } : {}),
          ...(body.region !== undefined ? { region: body.region } : {}),
        };
        await updateDepartment(trx, params.id, change);
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'department.changed',
          subject: { kind: 'department', id: params.id },
          payload: {
            from: { name: { zh: current.name_zh, en: current.name_en }, region: current.region ?? null },
            ...(body.name ? { name: body.name } : {}),
            ...(body.region !== undefined ? { region: body.region } : {}),
          },
        });
        const updated = await departmentById(trx, params.id);
        if (!updated) throw notFound('department', params.id);
        return presentDepartment(updated);
      }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/api/departments/:id',
      summary:
        'Delete a department (admins); refused while it has accounts or open tasks, or is named by the catalogue or past cases',
      tag: 'admin',
      roles: ['admin'],
      params: departmentParams,
      response: z.object({ deleted: z.literal(true) }).openapi('DepartmentDeleted'),
    },
    async ({ params, user }) =>
      ctx.knex.transaction(async (trx) => {
        const current = await lockDepartment(trx, params.id);
        if (!current) throw notFound('department', params.id);
        if (await departmentHasAccounts(trx, params.id))
          throw new ApiError('department_in_use', {
            id: params.id,
            reason: { 'zh-CN': '账户', en: 'accounts' },
          });
        if (await departmentHasOpenTasks(trx, params.id))
          throw new ApiError('department_in_use', {
            id: params.id,
            reason: { 'zh-CN': '未办结的任务', en: 'open tasks' },
          });
        // Anything else that names it (the catalogue, past steps) keeps it: a foreign key says so.
        try {
          await deleteDepartment(trx, params.id);
        } catch (err) {
          if ((err as { code?: string }).code !== '23503') throw err;
          throw new ApiError('department_in_use', {
            id: params.id,
            reason: { 'zh-CN': '事项目录或历史办件引用', en: 'references in the catalogue or past cases' },
          });
        }
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'department.deleted',
          subject: { kind: 'department', id: params.id },
        });
        return { deleted: true as const };
      }),
  );

  for (const disable of [true, false]) {
    defineRoute(
      router,
      registry,
      {
        method: 'post',
        path: `/api/users/:id/${disable ? 'disable' : 'enable'}`,
        summary: disable
          ? 'Disable an account (停用, admins): no login, every session ends at once'
          : 'Enable a disabled account again (启用, admins)',
        tag: 'admin',
        roles: ['admin'],
        params: idParams,
        response: accountSchema,
      },
      async ({ params, user }) => {
        const account = await ctx.knex.transaction(async (trx) => {
          const current = await lockUser(trx, params.id);
          if (!current || current.role === 'system') throw notFound('user', params.id);
          if (disable && current.id === user.id) throw new ApiError('account_self');
          const now = await ctx.now(trx);
          if (Boolean(current.disabled_at) !== disable) {
            await setUserDisabledAt(trx, params.id, disable ? now : null);
            await recordAdminEvent(trx, {
              at: now,
              actorId: user.id,
              type: disable ? 'user.disabled' : 'user.enabled',
              subject: { kind: 'user', id: params.id },
            });
          }
          if (disable) await endAllSessions(trx, params.id);
          return readAccount(trx, params.id);
        });
        // Once committed, no node's session cache may keep the account (http/auth.ts).
        forgetSessions(ctx.knex, params.id);
        return account;
      },
    );
  }

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/users/:id/password',
      summary: 'Reset an account’s password (重置密码, admins); its sessions end',
      tag: 'admin',
      roles: ['admin'],
      params: idParams,
      body: passwordResetBody,
      response: z
        .object({ reset: z.literal(true), sessionsEnded: z.number().int() })
        .openapi('PasswordResetDone'),
    },
    async ({ params, body, user }) => {
      const passwordHash = await hash(body.newPassword);
      return ctx.knex.transaction(async (trx) => {
        const current = await lockUser(trx, params.id);
        if (!current || current.role === 'system') throw notFound('user', params.id);
        await setPasswordHash(trx, params.id, passwordHash);
        const sessionsEnded = await endAllSessions(trx, params.id);
        // The password itself is never recorded, not even its hash.
        await recordAdminEvent(trx, {
          at: await ctx.now(trx),
          actorId: user.id,
          type: 'user.passwordReset',
          subject: { kind: 'user', id: params.id },
          payload: { sessionsEnded },
        });
        return { reset: true as const, sessionsEnded };
      });
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/admin/events',
      summary: 'What admins did to accounts and departments, newest first (admins)',
      tag: 'admin',
      roles: ['admin'],
      query: adminEventsQuery,
      response: adminEventSchema.array(),
    },
    async ({ query }) => {
      const rows = await adminEvents(ctx.knex, query);
      return rows.map((r) => ({
        seq: Number(r.seq),
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        type: r.type,
        subject: { kind: r.subject_kind, id: r.subject_id },
        payload: r.payload,
      }));
    },
  );
}

/** One account as the admin list shows it. */
export async function readAccount(
  db: Knex | Knex.Transaction,
  id: string,
): Promise<z.infer<typeof accountSchema>> {
  const row = await adminAccountById(db, id);
  if (!row) throw notFound('user', id);
  return presentAccount(row);
}

export function presentAccount(row: {
  id: string;
  username: string;
  display_name: string;
  role: z.infer<typeof accountSchema>['role'];
  department_id: string | null;
  disabled_at?: Date | string | null;
  active_sessions: number;
}): z.infer<typeof accountSchema> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    departmentId: row.department_id,
    disabled: Boolean(row.disabled_at),
    activeSessions: Number(row.active_sessions),
  };
}
