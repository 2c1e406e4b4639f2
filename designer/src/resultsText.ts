import type { LocalizedName, TimelineEvent } from './api';
import type { I18n } from './i18n';

type Detail = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * Timeline sentences of the results and notification events (文书, 送达, manual 催办/督办);
 * null for the others.
 */
export function describeResultEvent(e: TimelineEvent, { t, pick }: Pick<I18n, 't' | 'pick'>): string | null {
  const d = ((e as { detail?: Detail }).detail ?? {}) as Detail;
  const actor = e.actor?.displayName ?? t('timeline.system');
  switch (e.type) {
    case 'document.issued':
      return t('timeline.document.issued', { title: d.title ? pick(d.title as LocalizedName) : str(d.kind) });
    case 'delivery.recorded':
      return d.trackingNumber
        ? t('timeline.delivery.post', { actor, tracking: str(d.trackingNumber) })
        : t('timeline.delivery.recorded', { actor });
    case 'delivery.confirmed':
      return t('timeline.delivery.confirmed', { actor });
    case 'task.urged':
    case 'task.supervised':
      return d.manual === true
        ? t(e.type === 'task.urged' ? 'timeline.task.urgedByHand' : 'timeline.task.supervisedByHand', {
            actor,
            step: pick(e.name),
            message: str(d.message),
          })
        : null;
    default:
      return null;
  }
}
