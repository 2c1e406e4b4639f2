import { Timeline, type TimelineProps, Typography } from 'antd';
import type { TimelineEvent } from '../api';
import { formatDateTime } from '../format';
import { type I18n, useI18n } from '../i18n';
import { describeLifecycleEvent, LIFECYCLE_EVENT_COLOR, lifecycleEventNote } from '../lifecycleText';
import { describeResultEvent } from '../resultsText';
import { useDepartments } from '../useApi';
import { WithUserData } from './UserText';

const EVENT_COLOR: Record<string, string> = {
  'case.filed': 'blue',
  'task.created': 'gray',
  'task.claimed': 'blue',
  'task.completed': 'green',
  'task.urged': 'orange',
  'task.supervised': 'red',
  'case.concluded': 'green',
  ...LIFECYCLE_EVENT_COLOR,
};

/** The comment a clerk gave when concluding a step, if the event carries one. */
function commentOf(detail: unknown): string | null {
  if (
    typeof detail === 'object' &&
    detail !== null &&
    'comment' in detail &&
    typeof detail.comment === 'string'
  ) {
    return detail.comment || null;
  }
  return null;
}

/** A text field of an event's detail, or empty. */
function detailText(e: TimelineEvent, key: string): string {
  const value = (e.detail as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

function describeEvent(
  e: TimelineEvent,
  { t, pick }: I18n,
  departmentName: (id: string | null) => string,
): string {
  const lifecycle = describeLifecycleEvent(e, { t, pick }, departmentName);
  if (lifecycle) return lifecycle;
  const result = describeResultEvent(e, { t, pick });
  if (result) return result;
  const actor = e.actor?.displayName ?? t('timeline.system');
  const step = pick(e.name);
  const department = departmentName(e.departmentId);
  switch (e.type) {
    case 'case.filed':
      return t('timeline.case.filed', { actor });
    case 'task.created':
      return t('timeline.task.created', { step, department });
    case 'task.claimed':
      return t('timeline.task.claimed', { actor, step });
    case 'task.completed':
      return t('timeline.task.completed', { actor, step });
    case 'task.urged':
      return t('timeline.task.urged', { step, department });
    case 'task.supervised':
      return t('timeline.task.supervised', { step, department });
    case 'case.concluded':
      return t('timeline.case.concluded');
    case 'materials.attached':
      return t('timeline.materials.attached', { actor });
    case 'material.verified':
      return t('timeline.material.verified', { actor });
    case 'eLicence.issued':
      return t('timeline.eLicence.issued', { step, department });
    case 'item.decided':
      return t(detailText(e, 'decision') === 'refused' ? 'timeline.item.refused' : 'timeline.item.granted', {
        actor,
        step,
      });
    case 'task.returned':
      return t('timeline.task.returned', { actor, step, reason: detailText(e, 'reason') });
    case 'task.transferred':
      return t('timeline.task.transferred', { actor, step, to: detailText(e, 'toName') });
    case 'task.delegated':
      return t('timeline.task.delegated', { actor, step, to: detailText(e, 'toName') });
    case 'task.released':
      return t('timeline.task.released', { actor, step });
    case 'task.recalled':
      return t('timeline.task.recalled', { actor, step });
    case 'case.withdrawn':
      return t('timeline.case.withdrawn', { actor, reason: detailText(e, 'reason') });
    default:
      return t('timeline.other', { type: e.type });
  }
}

/** 办理记录: a case's audit timeline in order, each event in words with its comment and time. */
export function CaseTimeline({ timeline }: { timeline: TimelineEvent[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { departmentName } = useDepartments();
  const timelineItems: TimelineProps['items'] = [...timeline]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const comment = commentOf(e.detail);
      const note = lifecycleEventNote(e, t);
      return {
        key: e.seq,
        color: EVENT_COLOR[e.type] ?? 'gray',
        content: (
          <div data-event-type={e.type}>
            <div>
              <WithUserData
                text={describeEvent(e, i18n, departmentName)}
                data={[
                  e.actor?.displayName,
                  detailText(e, 'reason'),
                  detailText(e, 'toName'),
                  detailText(e, 'procedureNote'),
                ]}
              />
            </div>
            {comment && (
              <Typography.Text type="secondary">
                <WithUserData text={t('timeline.comment', { comment })} data={[comment]} />
              </Typography.Text>
            )}
            {note && <Typography.Text type="secondary">{note}</Typography.Text>}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)}
              </Typography.Text>
            </div>
          </div>
        ),
      };
    });

  return (
    <div data-testid="case-timeline">
      <Timeline items={timelineItems} />
    </div>
  );
}
