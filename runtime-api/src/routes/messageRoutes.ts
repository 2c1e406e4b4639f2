import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { fillBoth, messageFragments } from '../http/errorCodes';
import { ApiError } from '../http/errors';
import { defineRoute } from '../http/route';
import { deliverMessage } from '../messages/deliverMessage';

const messageBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'The BPMN message name, e.g. "inspectionReport"' }),
    correlation: z.string().trim().min(1).max(200).nullable().default(null).openapi({
      description: 'The correlation key the case waits with (yj:correlationKey), e.g. the case number',
    }),
    variables: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .openapi('MessageRequest');

const messageResponse = z
  .object({
    delivered: z.literal(true),
    caseId: z.string().uuid(),
    elementId: z.string(),
    duplicate: z.boolean().openapi({
      description:
        'true when this answers a retry with an Idempotency-Key already used: the message was delivered once, by the first request',
    }),
  })
  .openapi('MessageDelivered');

/** Messages into running cases: how a department system reports a result back. */
export function messageRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/messages',
      summary:
        'Deliver a message to the case waiting for it (message catch or boundary event); a department system reaches only cases its department works on; 404 no_subscriber when none waits (also for the loser of two simultaneous deliveries). Send Idempotency-Key to retry safely: a retry is answered duplicate: true.',
      tag: 'messages',
      roles: ['admin', 'system'],
      body: messageBody,
      response: messageResponse,
      idempotent: true,
    },
    async ({ body, user, command, replayed }) => {
      const result = await command(ctx.knex, async (trx) => {
        const reached = await deliverMessage(
          ctx,
          trx,
          body,
          user.role === 'system' ? user.departmentId : null,
        );
        if (!reached)
          throw new ApiError('no_subscriber', {
            name: body.name,
            correlation: body.correlation
              ? fillBoth(messageFragments.withCorrelation, { correlation: body.correlation })
              : '',
          });
        return { delivered: true as const, ...reached };
      });
      return { ...result, duplicate: replayed() };
    },
  );
}
