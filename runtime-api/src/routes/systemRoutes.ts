import { randomBytes } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { hash } from '@node-rs/argon2';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { hashToken } from '../http/auth';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidField, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { iso, type Row } from '../presenters';
import { decodeFeedCursor, departmentFeedQuery, encodeFeedCursor } from '../systems/departmentFeed';

const issueKeyBody = z
  .object({ name: z.string().trim().min(1, 'name the system, e.g. 消防监督管理系统').max(100) })
  .strict()
  .openapi('IssueApiKeyRequest');

const issuedKey = z
  .object({
    id: z.string().uuid(),
    key: z.string().openapi({
      description: 'Shown once; only its hash is stored. Send as `Authorization: ApiKey <key>`.',
    }),
    username: z.string(),
    departmentId: z.string(),
    name: z.string(),
  })
  .openapi('IssuedApiKey');

const feedQuery = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const feedResponse = z
  .object({
    events: z.array(
      z.object({
        caseId: z.string().uuid(),
        caseNumber: z.string(),
        bundleKey: z.string(),
        seq: z.number().int(),
        type: z.string(),
        at: z.string(),
        elementId: z.string().nullable(),
        itemCode: z.string().nullable(),
        departmentId: z.string().nullable(),
        payload: z.record(z.string(), z.unknown()),
        hash: z.string(),
      }),
    ),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass back as `cursor` to read what came after' }),
  })
  .openapi('DepartmentFeed');

/**
 * Department systems: an admin issues a department's system an API key (its account is created on
 * first issue and can never log in with a password); the system reads its department's case events
 * as a feed and reports results back as messages (`POST /api/messages`).
 */
export function systemRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/admin/departments/:id/api-keys',
      summary: 'Issue an API key for a department’s system (shown once)',
      tag: 'systems',
      roles: ['admin'],
      params: z.object({ id: z.string().min(1).max(64) }),
      body: issueKeyBody,
      response: issuedKey,
      status: 201,
    },
    async ({ params, body, user, res }) => {
      const issued = await ctx.knex.transaction(async (trx) => {
        const department = await trx('departments').where({ id: params.id }).first('id', 'name_zh');
        if (!department) throw notFound('department', params.id);
        const username = `${department.id}.system`;
        let account = await trx('users').where({ username }).first('id', 'role');
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
          .insert({ key_hash: hashToken(key), user_id: account!.id, name: body.name, created_by: user.id })
          .returning('id');
        return {
          id: row.id as string,
          key,
          username,
          departmentId: department.id as string,
          name: body.name,
        };
      });
      res.status(201);
      return issued;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/admin/api-keys/:id/revoke',
      summary: 'Revoke a department system’s API key at once',
      tag: 'systems',
      roles: ['admin'],
      params: z.object({ id: z.string().uuid('must be a UUID') }),
      response: z.object({ id: z.string(), revokedAt: z.string() }),
    },
    async ({ params }) => {
      const [row] = await ctx
        .knex('api_keys')
        .where({ id: params.id })
        .update({ revoked_at: ctx.knex.raw('coalesce(revoked_at, now())') })
        .returning(['id', 'revoked_at']);
      if (!row) throw notFound('apiKey', params.id);
      return { id: row.id, revokedAt: new Date(row.revoked_at).toISOString() };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/system/events',
      summary:
        'Case events of every case my department works on, oldest first; pass nextCursor back to read on (a department system polls this)',
      tag: 'systems',
      roles: ['system'],
      query: feedQuery,
      response: feedResponse,
    },
    async ({ query, user }) => {
      const after = query.cursor ? decodeFeedCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalidField('query.cursor', validationReasons.notACursor);
      const rows: Row[] = await departmentFeedQuery(ctx.knex, {
        departmentId: user.departmentId!,
        after,
        limit: query.limit,
      });
      const last = rows.at(-1);
      return {
        events: rows.map((r) => ({
          caseId: r.case_id,
          caseNumber: r.case_number,
          bundleKey: r.bundle_key,
          seq: r.seq,
          type: r.type,
          at: iso(r.at)!,
          elementId: r.element_id,
          itemCode: r.item_code ?? null,
          departmentId: r.step_department_id ?? (r.payload?.departmentId as string | undefined) ?? null,
          payload: r.payload ?? {},
          hash: r.hash,
        })),
        // Where to read on from; with nothing new, where the caller already stood.
        nextCursor: last
          ? encodeFeedCursor({ at: last.at_exact, caseId: last.case_id, seq: last.seq })
          : (query.cursor ?? null),
      };
    },
  );
}
