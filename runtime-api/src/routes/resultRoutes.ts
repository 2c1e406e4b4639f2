import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import {
  caseDeliveries,
  confirmElectronicDelivery,
  type DeliveryRow,
  documentFile,
} from '../documents/deliveryQueries';
import { type CaseDocumentRow, caseDocumentRows, documentCaseVisibleTo } from '../documents/documentQueries';
import { notFound } from '../http/errors';
import { orNull } from '../http/openapi';
import { defineRoute, responded } from '../http/route';
import { licencesOfHolder } from '../materials/eLicenceQueries';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationRows,
  setNotificationContacts,
  unreadCount,
} from '../notifications/notificationQueries';
import { urgeTask } from '../notifications/urgeTask';
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

function presentDocument(r: CaseDocumentRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    itemCode: r.item_code,
    title: { zh: r.title_zh, en: r.title_en },
    filename: r.filename,
    sha256: r.sha256,
    sizeBytes: Number(r.size_bytes),
    // Both names or neither: the left join finds the issuing department or nothing.
    issuedBy: r.department_zh && r.department_en ? { zh: r.department_zh, en: r.department_en } : null,
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

const presentDelivery = (r: DeliveryRow) => ({
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
        caseDeliveries(ctx.knex, params.id),
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
      const file = await documentFile(ctx.knex, params.id);
      if (!file || !(await documentCaseVisibleTo(ctx.knex, user, file.case_id)))
        throw notFound('document', params.id);
      const doc = file;
      res
        .status(200)
        .type(file.media_type)
        .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
        .set('Cache-Control', 'private, no-store')
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
      ctx.knex.transaction(async (trx) =>
        presentDelivery(
          await confirmElectronicDelivery(trx, {
            caseId: params.id,
            userId: user.id,
            now: () => ctx.now(trx),
          }),
        ),
      ),
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
      const rows = await licencesOfHolder(ctx.knex, user.id);
      const caseIds = rows.map((r) => r.issuing_case_id).filter((id): id is string => !!id);
      const certificates = caseIds.length
        ? await caseDocumentRows(ctx.knex, caseIds[0]!)
            .clearWhere()
            .whereIn('d.case_id', caseIds)
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
        notifications: rows.map((r) => ({
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
      if (!(await markNotificationRead(ctx.knex, user.id, params.id, await ctx.now())))
        throw notFound('notification', String(params.id));
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
      await markAllNotificationsRead(ctx.knex, user.id, await ctx.now());
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
      await setNotificationContacts(ctx.knex, user.id, body);
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
      ctx.knex.transaction((trx) =>
        urgeTask(trx, {
          taskId: params.id,
          level: body.level,
          message: body.message,
          actorId: user.id,
          now: () => ctx.now(trx),
        }),
      ),
  );
}
