import { ApartmentOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  type TimelineProps,
  Tooltip,
  Typography,
} from 'antd';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, type Task, type TimelineEvent } from '../api';
import { useAuth } from '../auth';
import { CaseDecisionsCard } from '../components/CaseDecisionsCard';
import { CaseIncidents } from '../components/CaseIncidents';
import { CaseMaterials } from '../components/CaseMaterials';
import { CaseProgress } from '../components/CaseProgress';
import { CaseRatingCard } from '../components/CaseRatingCard';
import { CaseResultsCard } from '../components/CaseResultsCard';
import { CorrectionNoticeCard } from '../components/CorrectionNoticeCard';
import { ErrorResult } from '../components/ErrorResult';
import { IncidentTag } from '../components/IncidentTag';
import { LightTag } from '../components/LightTag';
import { StatusTag } from '../components/StatusTag';
import { StatutoryClockCard } from '../components/StatutoryClockCard';
import { UrgeButtons } from '../components/UrgeButtons';
import { UserText, WithUserData } from '../components/UserText';
import { formatDateTime, remainingText } from '../format';
import { type I18n, optionLabel, useI18n } from '../i18n';
import { describeLifecycleEvent, LIFECYCLE_EVENT_COLOR, lifecycleEventNote } from '../lifecycleText';
import { describeResultEvent } from '../resultsText';
import { useApi, useDepartments } from '../useApi';

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

/** 办件详情: header with deadline light, the answers, the steps and the full audit timeline. */
export default function CaseDetailPage() {
  const { user } = useAuth();
  const { id = '' } = useParams();
  const location = useLocation();
  const i18n = useI18n();
  const { t, lang, pick } = i18n;
  const { departmentName } = useDepartments();
  const { data: c, error, reload } = useApi((signal) => api.case(id, signal), [id]);
  // The bundle's form supplies the field labels; without it the raw keys are still readable.
  const bundleKey = c?.bundleKey;
  const { data: bundle } = useApi(
    (signal) => (bundleKey ? api.bundle(bundleKey, signal) : Promise.resolve(undefined)),
    [bundleKey],
  );

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (!c) return <Skeleton active />;
  const isApplicant = user?.role === 'applicant';

  const justFiled = (location.state as { justFiled?: string } | null)?.justFiled;
  const fields = bundle?.form.components ?? [];
  const answerKeys = [
    ...fields.map((f) => f.key).filter((k) => k in c.form),
    ...Object.keys(c.form).filter((k) => !fields.some((f) => f.key === k)),
  ];
  const answerText = (key: string): string => {
    const value = c.form[key];
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
    const option = fields.find((f) => f.key === key)?.values?.find((o) => o.value === value);
    return option ? optionLabel(lang, option) : String(value);
  };
  const labelOf = (key: string): string => {
    const field = fields.find((f) => f.key === key);
    if (!field) return key;
    return lang === 'en' && field.labelEn ? field.labelEn : field.label;
  };

  const timelineItems: TimelineProps['items'] = [...c.timeline]
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
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {justFiled && <Alert type="success" showIcon title={t('case.justFiled', { caseNumber: justFiled })} />}
      {/* A stuck case says so first: staff see where and why, the applicant that it is in hand. */}
      <CaseIncidents c={c} fields={fields} latestVersion={bundle?.version} onChanged={reload} />
      <Card
        title={
          <Space>
            <span>{t('case.number')}</span>
            <Typography.Text copyable className="yj-case-number" data-testid="case-number">
              {c.caseNumber}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space>
            <Button onClick={reload}>{t('common.refresh')}</Button>
            {/* Applicants read the progress in words below, not the BPMN diagram. */}
            {!isApplicant && (
              <Link
                to={`/bundles/${encodeURIComponent(c.bundleKey)}/diagram?case=${encodeURIComponent(c.id)}`}
              >
                <Button icon={<ApartmentOutlined />}>{t('case.viewDiagram')}</Button>
              </Link>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('case.bundle')}>{pick(c.bundleName)}</Descriptions.Item>
          <Descriptions.Item label={t('case.applicant')}>
            <UserText>{c.applicantName}</UserText>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.status')}>
            <StatusTag kind="case" status={c.status} testId="case-status" />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.filedAt')}>{formatDateTime(c.filedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('case.dueDate')}>
            <Space size={4} wrap>
              <span data-testid="case-due-date">{c.deadline?.dueDate ?? c.clock.dueDate ?? '—'}</span>
              {c.deadline?.provisional && (
                <Tooltip title={t('case.provisionalHint')}>
                  <Tag data-testid="case-provisional">{t('case.provisional')}</Tag>
                </Tooltip>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.light')}>
            {c.incidentState === 'incident' ? (
              <IncidentTag />
            ) : c.clock.state === 'paused' ? (
              <Tag color="warning">{t('clock.state.paused')}</Tag>
            ) : c.deadline ? (
              <Space size={4}>
                {!isApplicant && <LightTag light={c.deadline.light} />}
                <span>{remainingText(t, c.deadline.remainingWorkingDays)}</span>
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {/* A notice waiting for the applicant comes first; once answered, the clock matters more. */}
      {c.status === 'correction' && <CorrectionNoticeCard c={c} fields={fields} onChanged={reload} />}
      <StatutoryClockCard c={c} onChanged={reload} />
      {c.status !== 'correction' && <CorrectionNoticeCard c={c} fields={fields} onChanged={reload} />}
      <CaseDecisionsCard c={c} onChanged={reload} />

      <Card title={t('case.form')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={answerKeys.map((key) => ({
            key,
            label: labelOf(key),
            children: <UserText>{answerText(key)}</UserText>,
          }))}
        />
      </Card>

      <CaseMaterials
        caseId={id}
        canUpload={c.allowedActions.includes('uploadMaterials')}
        onChanged={reload}
      />

      <CaseResultsCard caseId={id} canConfirmReceipt={c.allowedActions.includes('confirmReceipt')} />

      {isApplicant && <CaseProgress c={c} />}
      <CaseRatingCard caseId={id} />
      {!isApplicant && (
        <Card title={t('case.tasks')}>
          <Table<Task>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.tasks}
            columns={[
              {
                key: 'name',
                title: t('task.name'),
                render: (_, task) =>
                  task.kind === 'intake' ? <Tag color="cyan">{t('inbox.intakeTag')}</Tag> : pick(task.name),
              },
              {
                key: 'department',
                title: t('task.department'),
                render: (_, task) => departmentName(task.departmentId),
              },
              {
                key: 'status',
                title: t('task.status'),
                render: (_, task) => <StatusTag kind="task" status={task.status} />,
              },
              {
                key: 'assignee',
                title: t('task.assignee'),
                render: (_, task) => (task.assignee ? <UserText>{task.assignee.displayName}</UserText> : '—'),
              },
              {
                key: 'createdAt',
                title: t('task.createdAt'),
                render: (_, task) => formatDateTime(task.createdAt),
              },
              {
                key: 'dueAt',
                title: t('task.dueAt'),
                render: (_, task) =>
                  task.pausedRemainingWorkingDays !== null ? (
                    <Space size={4}>
                      <Tag color="warning">{t('inbox.pausedTag')}</Tag>
                      {t('inbox.pausedLeft', { n: task.pausedRemainingWorkingDays })}
                    </Space>
                  ) : (
                    formatDateTime(task.dueAt)
                  ),
              },
              {
                key: 'completedAt',
                title: t('task.completedAt'),
                render: (_, task) => formatDateTime(task.completedAt),
              },
              // 催办/督办 by hand, on the steps the server lists `urge` for (managers, open steps).
              ...(c.tasks.some((task) => task.allowedActions.includes('urge'))
                ? [
                    {
                      key: 'urge',
                      title: t('common.actions'),
                      render: (_: unknown, task: Task) =>
                        task.allowedActions.includes('urge') ? (
                          <UrgeButtons taskId={task.id} onDone={reload} />
                        ) : null,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      <Card title={t('case.timeline')}>
        <div data-testid="case-timeline">
          <Timeline items={timelineItems} />
        </div>
      </Card>
    </Space>
  );
}
