import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { appendCaseEvent } from '../commands/caseEvents';
import type { AppContext } from '../context';
import { caseDocumentRows, documentCaseVisibleTo } from '../documents/documentQueries';
import { stateName } from '../http/errorCodes';
import { ApiError, notFound } from '../http/errors';
import { orNull } from '../http/openapi';
import { defineRoute, responded } from '../http/route';
import { notificationRows, unreadCount } from '../notifications/notificationQueries';
import type { Row } from '../presenters';
import { idParams } from '../schemas';

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
const bilingual = z.object({ zh: z.string(), en: z.string() });

export const caseDocumentSchema = z
  .object({
    id: z.string().uuid(),
    caseId: z.string().uuid(),
    kind: z.enum([
      'acceptanceNotice',
      'correctionNotice',
      'rejectionDecision',
      'licenceDecision',
      'conclusionNotice',
      'eLicenceCertificate',
    ]),
    itemCode: z.string().nullable(),
    title: bilingual,
    filename: z.string(),
    sha256: z.string(),
    sizeBytes: z.number().int(),
    issuedBy: orNull(bilingual),
    issuedOn: z.string(),
    url: z.string().openapi({ description: 'Download path (the PDF, inline)' }),
  })
  .openapi('CaseDocument');

function presentDocument(r: Row) {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    itemCode: r.item_code,
    title: { zh: r.title_zh, en: r.title_en },
    filename: r.filename,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    issuedBy: r.department_zh ? { zh: r.department_zh, en: r.department_en } : null,
    issuedOn: day(r.issued_on),
    url: `/api/documents/${r.id}/content`,
  };
}

export const deliverySchema = z
  .object({
    id: z.string().uuid(),
    method: z.enum(['window', 'post', 'electronic']),
    trackingNumber: z.string().nullable(),
    deliveredAt: z.string(),
    confirmedAt: z.string().nullable(),
  })
  .openapi('Delivery');

const presentDelivery = (r: Row) => ({
  id: r.id,
  method: r.method,
  trackingNumber: r.tracking_number,
  deliveredAt: iso(r.delivered_at)!,
  confirmedAt: iso(r.confirmed_at),
});

export const caseResultsSchema = z
  .object({
    caseId: z.string().uuid(),
    documents: caseDocumentSchema.array(),
    deliveries: deliverySchema.array(),
  })
  .openapi('CaseResults');

export const walletSchema = z
  .object({
    licences: z
      .object({
        id: z.string().uuid(),
        number: z.string(),
        type: z.string(),
        name: bilingual,
        holderEntity: z.string().nullable(),
        issuedBy: bilingual,
        issuedAt: z.string(),
        trustLevel: z.string(),
        caseId: z.string().uuid().nullable(),
        caseNumber: z.string().nullable(),
        certificate: orNull(caseDocumentSchema),
      })
      .array(),
  })
  .openapi('LicenceWallet');

export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    title: bilingual,
    body: bilingual,
    caseId: z.string().uuid().nullable(),
    caseNumber: z.string().nullable(),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

const notificationList = z
  .object({ unread: z.number().int(), notifications: notificationSchema.array() })
  .openapi('NotificationList');

const notificationQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

const notificationParams = z.object({ id: z.coerce.number().int().positive() });

const contactsBody = z
  .object({
    email: z.string().trim().email().max(254).nullable(),
    mobile: z
      .string()
      .trim()
      .regex(/^1\d{10}$/, 'an 11-digit mainland mobile number')
      .nullable(),
  })
  .strict()
  .openapi('NotificationContacts');

const urgeBody = z
  .object({
    level: z.enum(['urge', 'supervise']).openapi({ description: 'urge = 催办, supervise = 督办' }),
    message: z.string().trim().min(1, 'the message to the clerk').max(1000),
  })
  .strict()
  .openapi('UrgeRequest');

const allUsers = ['applicant', 'clerk', 'manager', 'admin', 'designer'] as const;

/**
 * Results and notifications: the documents of a case and their download (the applicant and the
 * case's clerks only), 送达 records and the applicant's electronic receipt, the 我的证照 wallet,
 * the notification centre, and managers' 催办/督办 by hand.
 */
export function resultRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases/:id/results',
      summary:
        'The documents of a case (受理通知书, 决定书, 证照 …) and its 送达 records: the applicant and the case’s clerks',
      tag: 'results',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: idParams,
      response: caseResultsSchema,
    },
    async ({ params, user }) => {
      if (!(await documentCaseVisibleTo(ctx.knex, user, params.id))) throw notFound('case', params.id);
      const [documents, deliveries] = await Promise.all([
        caseDocumentRows(ctx.knex, params.id),
        ctx.knex('case_deliveries').where({ case_id: params.id }).orderBy('delivered_at'),
      ]);
      return {
        caseId: params.id,
        documents: documents.map(presentDocument),
        deliveries: deliveries.map(presentDelivery),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/documents/:id/content',
      summary: 'Download a document (PDF): the applicant and the case’s clerks; 404 for everyone else',
      tag: 'results',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: idParams,
      response: z.string().openapi({ format: 'binary', description: 'application/pdf' }),
      example: '%PDF-1.7 … (the document)',
    },
    async ({ params, user, res }) => {
      const doc = await ctx
        .knex('case_documents')
        .where({ id: params.id })
        .first('case_id', 'sha256', 'filename');
      if (!doc || !(await documentCaseVisibleTo(ctx.knex, user, doc.case_id)))
        throw notFound('document', params.id);
      const file = await ctx.knex('files').where({ sha256: doc.sha256 }).first('content', 'media_type');
      res
        .status(200)
        .type(file.media_type)
        .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .set('Cache-Control', 'private, max-age=3600')
        .send(file.content);
      return responded;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/delivery/confirm',
      summary: '电子送达回执: the applicant confirms receiving the results delivered electronically',
      tag: 'results',
      roles: ['applicant'],
      params: idParams,
      response: deliverySchema,
    },
    async ({ params, user }) =>
      ctx.knex.transaction(async (trx) => {
        const kase = await trx('cases')
          .where({ id: params.id, applicant_id: user.id })
          .forUpdate()
          .first('id');
        if (!kase) throw notFound('case', params.id);
        const delivery = await trx('case_deliveries')
          .where({ case_id: kase.id, method: 'electronic' })
          .orderBy('delivered_at', 'desc')
          .first();
        if (!delivery) throw new ApiError('delivery_not_electronic');
        if (delivery.confirmed_at) return presentDelivery(delivery);
        const now = await ctx.now(trx);
        const [updated] = await trx('case_deliveries')
          .where({ id: delivery.id })
          .update({ confirmed_at: now, confirmed_by: user.id })
          .returning('*');
        await appendCaseEvent(trx, kase.id, {
          type: 'delivery.confirmed',
          at: now,
          actorId: user.id,
          payload: { deliveryId: delivery.id, method: 'electronic' },
        });
        return presentDelivery(updated);
      }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/me/licences',
      summary: '我的证照: every e-licence issued to me, with the holder entity and its certificate',
      tag: 'results',
      roles: ['applicant'],
      response: walletSchema,
    },
    async ({ user }) => {
      const rows: Row[] = await ctx
        .knex('e_licences as l')
        .join('e_licence_types as t', 't.key', 'l.type')
        .join('departments as d', 'd.id', 'l.issuing_department_id')
        .leftJoin('cases as c', 'c.id', 'l.issuing_case_id')
        .where('l.holder_user_id', user.id)
        .orderBy('l.issued_at', 'desc')
        .select(
          'l.*',
          't.name_zh',
          't.name_en',
          'd.name_zh as department_zh',
          'd.name_en as department_en',
          'c.case_number',
        );
      const certificates: Row[] = rows.length
        ? await caseDocumentRows(ctx.knex, rows[0]!.issuing_case_id)
            .clearWhere()
            .whereIn('d.case_id', rows.map((r) => r.issuing_case_id).filter(Boolean))
            .andWhere('d.kind', 'eLicenceCertificate')
        : [];
      return {
        licences: rows.map((r) => {
          const cert = certificates.find(
            (c) => c.case_id === r.issuing_case_id && c.item_code === r.issuing_item_code,
          );
          return {
            id: r.id,
            number: r.number,
            type: r.type,
            name: { zh: r.name_zh, en: r.name_en },
            holderEntity: r.holder_entity,
            issuedBy: { zh: r.department_zh, en: r.department_en },
            issuedAt: iso(r.issued_at)!,
            trustLevel: r.trust_level,
            caseId: r.issuing_case_id,
            caseNumber: r.case_number ?? null,
            certificate: cert ? presentDocument(cert) : null,
          };
        }),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/notifications',
      summary: 'My notifications, newest first (keyset: ?before=<id>), with my unread count',
      tag: 'notifications',
      roles: allUsers,
      query: notificationQuery,
      response: notificationList,
    },
    async ({ user, query }) => {
      const [rows, unread] = await Promise.all([
        notificationRows(ctx.knex, user.id, query),
        unreadCount(ctx.knex, user.id),
      ]);
      return {
        unread,
        notifications: rows.map((r: Row) => ({
          id: Number(r.id),
          kind: r.kind,
          title: { zh: r.title_zh, en: r.title_en },
          body: { zh: r.body_zh, en: r.body_en },
          caseId: r.case_id,
          caseNumber: r.case_number ?? null,
          link: r.link,
          createdAt: iso(r.created_at)!,
          readAt: iso(r.read_at),
        })),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/notifications/unread-count',
      summary: 'How many of my notifications are unread (the badge)',
      tag: 'notifications',
      roles: allUsers,
      response: z.object({ unread: z.number().int() }),
    },
    async ({ user }) => ({ unread: await unreadCount(ctx.knex, user.id) }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/notifications/:id/read',
      summary: 'Mark one of my notifications read (again: no change)',
      tag: 'notifications',
      roles: allUsers,
      params: notificationParams,
      response: z.object({ unread: z.number().int() }),
    },
    async ({ user, params }) => {
      const row = await ctx
        .knex('notifications')
        .where({ id: params.id, user_id: user.id })
        .first('id', 'read_at');
      if (!row) throw notFound('notification', String(params.id));
      if (!row.read_at)
        await ctx
          .knex('notifications')
          .where({ id: row.id })
          .update({ read_at: await ctx.now() });
      return { unread: await unreadCount(ctx.knex, user.id) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/notifications/read-all',
      summary: 'Mark all my notifications read',
      tag: 'notifications',
      roles: allUsers,
      // No input: an empty object or no body at all; anything else is a malformed request.
      body: z.object({}).strict(),
      response: z.object({ unread: z.number().int() }),
    },
    async ({ user }) => {
      await ctx
        .knex('notifications')
        .where({ user_id: user.id })
        .whereNull('read_at')
        .update({ read_at: await ctx.now() });
      return { unread: 0 };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/me/notification-contacts',
      summary: 'Where my notifications are also sent: e-mail and mobile (SMS); null stops a channel',
      tag: 'notifications',
      roles: allUsers,
      body: contactsBody,
      response: contactsBody,
    },
    async ({ user, body }) => {
      await ctx
        .knex('notification_contacts')
        .insert({ user_id: user.id, email: body.email, mobile: body.mobile })
        .onConflict('user_id')
        .merge(['email', 'mobile']);
      return body;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/:id/urge',
      summary:
        '催办/督办 by hand: a manager urges an open step with a message; the clerk is notified; audited',
      tag: 'notifications',
      roles: ['manager', 'admin'],
      params: idParams,
      body: urgeBody,
      response: z.object({ taskId: z.string().uuid(), level: z.enum(['urge', 'supervise']), at: z.string() }),
    },
    async ({ user, params, body }) =>
      ctx.knex.transaction(async (trx) => {
        const found = await trx('tasks').where({ id: params.id }).first('case_id');
        if (!found) throw notFound('task', params.id);
        // The case lock first, as every command takes it, then the step re-read under it.
        await trx('cases').where({ id: found.case_id }).forUpdate().first('id');
        const task = await trx('tasks').where({ id: params.id }).first();
        if (!['open', 'claimed'].includes(task.status))
          throw new ApiError('task_not_open', { status: stateName(task.status) });
        const at = await ctx.now(trx);
        await appendCaseEvent(trx, task.case_id, {
          type: body.level === 'urge' ? 'task.urged' : 'task.supervised',
          at,
          actorId: user.id,
          elementId: task.element_id,
          activationKey: task.activation_key,
          payload: {
            name: { zh: task.name_zh, en: task.name_en },
            departmentId: task.department_id,
            dueDate: task.due_date ?? null,
            manual: true,
            message: body.message,
            ...(task.assignee_id ? { assigneeId: task.assignee_id } : {}),
          },
        });
        return { taskId: task.id, level: body.level, at };
      }),
  );
}
