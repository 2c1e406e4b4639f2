import type { Knex } from 'knex';
import { documentEvents } from '../documents/documentQueries';
import { scheduleJob } from '../jobs/jobQueries';
import { notify } from './notificationQueries';
import { applicantText, handOverText, staffText } from './notificationTexts';

/** The event as appendCaseEvent wrote it. */
export interface AppendedEvent {
  caseId: string;
  seq: number;
  type: string;
  at: string;
  // biome-ignore lint/suspicious/noExplicitAny: event payloads are untyped JSON.
  payload: Record<string, any>;
}

/** The job key of the document an event issues: one per case and event. */
export const documentJobKey = (caseId: string, seq: number) => `case:${caseId}:document:${seq}`;

const staffEvents = /^(task\.created|(task|item|case)\.(reminded|urged|supervised))$/;

/**
 * What follows a case event, in the event's transaction (so it happens exactly when the event
 * commits, and never without it):
 * - a document job for the events that issue a letter (受理通知书 …). The PDF is made by the job
 *   worker, not here: rendering takes a few hundred milliseconds of CPU, which a command holding
 *   the case lock should not spend, and a job retries on its own if rendering fails.
 * - in-app notifications: the applicant hears of filing, acceptance, corrections, decisions and
 *   results (with e-mail/SMS through the outbox); clerks of the department of new tasks and of
 *   提醒/催办/督办; managers of 督办; the one clerk a step is transferred, delegated or handed back
 *   to, or asked to countersign.
 */
export async function followUpCaseEvent(trx: Knex.Transaction, event: AppendedEvent): Promise<void> {
  const documentKind = documentEvents[event.type as keyof typeof documentEvents];
  const forApplicant = applicantText(event.type, event.payload, '');
  const forStaff = staffEvents.test(event.type);
  // 转办 / 委派 / 加签: the clerk the step is handed to hears of it (no read: the event names them).
  const handOver = handOverText(event.type, event.payload);
  if (handOver)
    await notify(trx, {
      audience: { userId: handOver.userId },
      caseId: event.caseId,
      text: handOver.text,
      link: `/cases/${event.caseId}`,
      at: event.at,
    });
  if (!documentKind && !forApplicant && !forStaff) return;
  if (documentKind) {
    await scheduleJob(trx, {
      key: documentJobKey(event.caseId, event.seq),
      kind: 'case.document',
      caseId: event.caseId,
      runAt: event.at,
      payload: { seq: event.seq, documentKind },
    });
  }
  // The case row is read only when needed: applicant notifications name the case number; staff
  // ones need nothing but the event (a new step is the hot path: one insert, no read).
  const caseRow = () =>
    trx('cases as c')
      .join('bundles as b', 'b.key', 'c.bundle_key')
      .where('c.id', event.caseId)
      .first('c.case_number', 'c.applicant_id', 'b.lead_department_id');
  const link = `/cases/${event.caseId}`;
  if (forApplicant) {
    const kase = await caseRow();
    const applicant = kase ? applicantText(event.type, event.payload, kase.case_number) : null;
    if (kase && applicant)
      await notify(trx, {
        audience: { userId: kase.applicant_id },
        caseId: event.caseId,
        text: applicant,
        link,
        at: event.at,
        outbound: true,
      });
  }
  const staff = forStaff ? staffText(event.type, event.payload) : null;
  if (!staff) return;
  const departmentId: string | undefined =
    event.payload.departmentId ?? (await caseRow())?.lead_department_id ?? undefined;
  if (!departmentId) return;
  // A claimed step's reminder goes to the clerk who holds it; otherwise to the department's clerks.
  const holder: string | null =
    event.type.startsWith('task.') && event.type !== 'task.created' && event.payload.assigneeId
      ? event.payload.assigneeId
      : null;
  await notify(trx, {
    audience: holder ? { userId: holder } : { departmentClerks: departmentId },
    caseId: event.caseId,
    text: staff,
    link,
    at: event.at,
  });
  if (event.type.endsWith('.supervised'))
    await notify(trx, {
      audience: { managers: departmentId },
      caseId: event.caseId,
      text: staff,
      link,
      at: event.at,
    });
}
