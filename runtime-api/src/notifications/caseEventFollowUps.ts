import type { Knex } from 'knex';
import { documentEvents } from '../documents/documentQueries';
import { scheduleJob } from '../jobs/jobQueries';
import { type Audience, type Notice, notify } from './notificationQueries';
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
 * The notifications an event brings that need no read, because the event names who hears of it:
 * the clerk a step is handed to (转办 / 委派 / 加签), and for new steps and 提醒/催办/督办 the
 * department's clerks or the step's holder (managers too for 督办). The audit append writes them
 * in its own statement (caseEvents.ts: a new step costs no round trip of its own); the rest
 * follows in {@link followUpCaseEvent}.
 */
export function eventNotices(event: Omit<AppendedEvent, 'seq'>): Notice[] {
  const notices: Notice[] = [];
  const link = `/cases/${event.caseId}`;
  const handOver = handOverText(event.type, event.payload);
  if (handOver)
    notices.push({
      audience: { userId: handOver.userId },
      caseId: event.caseId,
      text: handOver.text,
      link,
      at: event.at,
    });
  // An event that names no department is followed up with a read of the case (its lead one).
  const departmentId: string | null | undefined = event.payload.departmentId;
  const staff = departmentId && staffEvents.test(event.type) ? staffText(event.type, event.payload) : null;
  if (!departmentId || !staff) return notices;
  return [...notices, ...staffNotices(event, departmentId, staff)];
}

/** A department's staff notice of an event: its clerks or the step's holder, and managers of 督办. */
function staffNotices(
  event: Omit<AppendedEvent, 'seq'>,
  departmentId: string,
  text: Notice['text'],
): Notice[] {
  const notice = { caseId: event.caseId, text, link: `/cases/${event.caseId}`, at: event.at };
  return [
    { ...notice, audience: staffAudience(event, departmentId) },
    ...(event.type.endsWith('.supervised') ? [{ ...notice, audience: { managers: departmentId } }] : []),
  ];
}

/** A claimed step's reminder goes to the clerk who holds it; otherwise to the department's clerks. */
function staffAudience(event: Omit<AppendedEvent, 'seq'>, departmentId: string): Audience {
  const holder: string | null =
    event.type.startsWith('task.') && event.type !== 'task.created' && event.payload.assigneeId
      ? event.payload.assigneeId
      : null;
  return holder ? { userId: holder } : { departmentClerks: departmentId };
}

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
  // Staff of a department the event names were told with the event itself (eventNotices).
  const forStaff = staffEvents.test(event.type) && event.payload.departmentId == null;
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
  // The case row is read only when needed, and once: applicant notifications name the case
  // number; staff ones of an event that names no department go to the bundle's lead department.
  let caseRead: Promise<
    { case_number: string; applicant_id: string; lead_department_id: string | null } | undefined
  >;
  const caseRow = () =>
    (caseRead ??= trx('cases as c')
      .join('bundles as b', 'b.key', 'c.bundle_key')
      .where('c.id', event.caseId)
      .first('c.case_number', 'c.applicant_id', 'b.lead_department_id')
      .then((row) => row));
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
  // The event names no department (those that do were told with it): the bundle's lead one.
  const departmentId: string | undefined = (await caseRow())?.lead_department_id ?? undefined;
  if (!departmentId) return;
  for (const notice of staffNotices(event, departmentId, staff)) await notify(trx, notice);
}
