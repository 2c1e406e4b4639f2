import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { takeAuditCheckpoint, verifyAuditLog } from '../audit/verifyAuditLog';
import type { AppContext } from '../context';
import { orNull } from '../http/openapi';
import { defineRoute } from '../http/route';

const auditBreak = z.object({
  caseId: z.string().uuid(),
  seq: z.number().int(),
  kind: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'missing', 'checkpoint_mismatch', 'truncated']),
});

const auditReport = z
  .object({
    ok: z.boolean(),
    casesChecked: z.number().int(),
    eventsChecked: z.number().int(),
    firstBreak: orNull(auditBreak),
    breaks: auditBreak.array(),
  })
  .openapi('AuditReport');

/** 审计核验: admins check the hash chain of one case or the whole log, and take a checkpoint. */
export function auditRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/audit/verify',
      summary:
        'Verify the audit hash chain of one case (caseId) or of the whole log; names every broken link',
      tag: 'audit',
      roles: ['admin'],
      query: z.object({ caseId: z.string().uuid('must be a UUID').optional() }),
      response: auditReport,
    },
    async ({ query }) => verifyAuditLog(ctx.knex, { caseId: query.caseId }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/audit/checkpoints',
      summary:
        'Record the head of every case log that grew since its last checkpoint (also done every 10 minutes)',
      tag: 'audit',
      roles: ['admin'],
      body: z.object({}).strict(),
      response: z.object({ recorded: z.number().int() }),
    },
    async () => ({ recorded: await takeAuditCheckpoint(ctx.knex) }),
  );
}
