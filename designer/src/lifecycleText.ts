/**
 * Sentences for the case lifecycle's audit events (受理, 补正, 特别程序, 延期, 催办, 送达) and the names
 * of special procedures, so the case page's timeline reads as a clerk or an applicant would say it.
 */
import type { ClockPause, DeliveryMethod, TimelineEvent } from './api';
import { type I18n, labelled, type MessageKey, type Translate } from './i18n';

type Detail = Record<string, unknown>;

const detailOf = (e: TimelineEvent): Detail =>
  typeof e.detail === 'object' && e.detail !== null ? (e.detail as Detail) : {};

const str = (v: unknown): string =>
  typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);

const PROCEDURE_KEYS: Record<string, MessageKey> = {
  hearing: 'procedure.hearing',
  tendering: 'procedure.tendering',
  auction: 'procedure.auction',
  inspection: 'procedure.inspection',
  testing: 'procedure.testing',
  quarantine: 'procedure.quarantine',
  appraisal: 'procedure.appraisal',
  expertReview: 'procedure.expertReview',
};

/** 听证, 专家评审 …; a correction during review when there is no procedure; unknown codes as they are. */
export function procedureName(t: Translate, pause: Pick<ClockPause, 'kind' | 'procedure'>): string {
  if (pause.kind === 'correction' || !pause.procedure) return t('procedure.correction');
  const key = PROCEDURE_KEYS[pause.procedure];
  return key ? t(key) : pause.procedure;
}

const DELIVERY_KEYS: Record<DeliveryMethod, MessageKey> = {
  window: 'delivery.window',
  post: 'delivery.post',
  electronic: 'delivery.electronic',
};

export function deliveryMethodName(t: Translate, method: string): string {
  const key = DELIVERY_KEYS[method as DeliveryMethod];
  return key ? t(key) : method;
}

const INTAKE_OUTCOME_KEYS: Record<string, MessageKey> = {
  accepted: 'timeline.intake.accepted',
  correction: 'timeline.intake.correction',
  rejected: 'timeline.intake.rejected',
};

/**
 * The sentence for a lifecycle event, or null when `e` is not one (the caller then falls back to
 * the step events it knows).
 */
export function describeLifecycleEvent(
  e: TimelineEvent,
  { t, pick }: Pick<I18n, 't' | 'pick'>,
  departmentName: (id: string | null) => string,
): string | null {
  const d = detailOf(e);
  const actor = e.actor?.displayName ?? t('timeline.system');
  switch (e.type) {
    case 'task.completed': {
      // The window's intake decision is a completed step with an outcome; say which.
      const key = e.elementId === 'intake' ? INTAKE_OUTCOME_KEYS[str(d.outcome)] : undefined;
      return key ? t('timeline.intake.decided', { actor, outcome: t(key) }) : null;
    }
    case 'task.reminded':
      return t('timeline.task.reminded', { step: pick(e.name), department: departmentName(e.departmentId) });
    case 'case.accepted':
      return d.deemed === true
        ? t('timeline.case.deemedAccepted', { on: str(d.acceptedOn) })
        : t('timeline.case.accepted', { actor, on: str(d.acceptedOn) });
    case 'case.correctionNotice': {
      const items = Array.isArray(d.items) ? (d.items as { subject?: unknown }[]) : [];
      return t('timeline.case.correctionNotice', {
        actor,
        n: items.length,
        items: items.map((i) => str(i.subject)).join('、'),
      });
    }
    case 'case.correctionsReceived':
      return t('timeline.case.correctionsReceived', { on: str(d.on) });
    case 'case.rejected':
      return t('timeline.case.rejected', { actor, reason: str(d.reason) });
    case 'clock.paused': {
      const procedure = procedureName(t, {
        kind: d.kind === 'correction' ? 'correction' : 'specialProcedure',
        procedure: typeof d.procedure === 'string' ? d.procedure : null,
      });
      return typeof d.expectedWorkingDays === 'number'
        ? t('timeline.clock.paused', { actor, procedure, n: d.expectedWorkingDays })
        : t('timeline.clock.pausedCorrection', { actor, procedure });
    }
    case 'clock.resumed':
      return t('timeline.clock.resumed', {
        actor,
        procedure: procedureName(t, {
          kind: d.procedure ? 'specialProcedure' : 'correction',
          procedure: typeof d.procedure === 'string' ? d.procedure : null,
        }),
        n: str(d.pausedWorkingDays),
        due: str(d.dueDate),
      });
    case 'clock.extended':
      return t('timeline.clock.extended', { actor, n: str(d.workingDays), due: str(d.dueDate) });
    case 'clock.recounted':
      return t(d.provisional === true ? 'timeline.clock.recountedProvisional' : 'timeline.clock.recounted', {
        due: str(d.dueDate),
      });
    case 'item.reminded':
      return t('timeline.item.reminded', { item: pick(e.name), department: departmentName(e.departmentId) });
    case 'item.urged':
      return t('timeline.item.urged', { item: pick(e.name), department: departmentName(e.departmentId) });
    case 'item.supervised':
      return t('timeline.item.supervised', { item: pick(e.name) });
    case 'case.reminded':
      return t('timeline.case.reminded');
    case 'case.urged':
      return t('timeline.case.urged');
    case 'case.supervised':
      return t('timeline.case.supervised');
    case 'case.delivered':
      return t('timeline.case.delivered', { actor, method: deliveryMethodName(t, str(d.method)) });
    case 'incident.raised': {
      const step = pick(e.name) || e.elementId || '';
      // The server gives the sentence in both languages (older events: the English in both).
      const message = e.messages ? pick(e.messages) : str(d.message);
      return typeof d.attempts === 'number' && d.attempts > 1
        ? t('timeline.incident.raisedAgain', { step, attempts: d.attempts, message })
        : t('timeline.incident.raised', { step, message });
    }
    case 'incident.retried':
      return t('timeline.incident.retried', { actor });
    case 'incident.resolved':
      return d.resolution === 'cancelled'
        ? t('timeline.incident.cancelled')
        : t('timeline.incident.resolved');
    case 'case.variablesEdited': {
      const changes = Array.isArray(d.changes)
        ? (d.changes as { name?: unknown; before?: unknown; after?: unknown }[])
        : [];
      return t('timeline.case.variablesEdited', {
        actor,
        changes: changes
          .map((c) =>
            labelled(
              t,
              str(c.name),
              `${JSON.stringify(c.before ?? null)} → ${JSON.stringify(c.after ?? null)}`,
            ),
          )
          .join('；'),
      });
    }
    case 'case.migrated':
      return t('timeline.case.migrated', { actor, from: str(d.fromVersion), to: str(d.toVersion) });
    default:
      return null;
  }
}

/** A second line under the sentence: the reason told to the applicant (pause, extension). */
export function lifecycleEventNote(e: TimelineEvent, t: Translate): string | null {
  const d = detailOf(e);
  const withReason = [
    'clock.paused',
    'clock.extended',
    'incident.retried',
    'case.variablesEdited',
    'case.migrated',
  ];
  if (withReason.includes(e.type) && typeof d.reason === 'string' && d.reason)
    return t('timeline.reason', { reason: d.reason });
  if (e.type === 'clock.resumed' && typeof d.result === 'string' && d.result)
    return t('timeline.result', { result: d.result });
  if (e.type === 'case.correctionsReceived' && typeof d.note === 'string' && d.note)
    return t('timeline.applicantNote', { note: d.note });
  return null;
}

/** Timeline dot colours of the lifecycle events. */
export const LIFECYCLE_EVENT_COLOR: Record<string, string> = {
  'task.reminded': 'gold',
  'case.accepted': 'green',
  'case.correctionNotice': 'orange',
  'case.correctionsReceived': 'blue',
  'case.rejected': 'red',
  'clock.paused': 'orange',
  'clock.resumed': 'blue',
  'clock.extended': 'purple',
  'clock.recounted': 'blue',
  'item.reminded': 'gold',
  'item.urged': 'orange',
  'item.supervised': 'red',
  'case.reminded': 'gold',
  'case.urged': 'orange',
  'case.supervised': 'red',
  'case.delivered': 'green',
  'incident.raised': 'red',
  'incident.retried': 'blue',
  'incident.resolved': 'green',
  'case.variablesEdited': 'purple',
  'case.migrated': 'purple',
};
