import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { validationReasons } from '../http/errorCodes';
import { invalidField, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { iso } from '../presenters';
import { issueApiKey, revokeApiKey } from '../systems/apiKeys';
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
      const issued = await ctx.knex.transaction((trx) =>
        issueApiKey(trx, { departmentId: params.id, name: body.name, createdBy: user.id }),
      );
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
      const row = await revokeApiKey(ctx.knex, params.id);
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
      const rows = await departmentFeedQuery(ctx.knex, {
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
