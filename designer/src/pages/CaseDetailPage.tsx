import { ApartmentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, type Task } from '../api';
import { useAuth } from '../auth';
import { CaseAnswers } from '../components/CaseAnswers';
import { CaseDecisionsCard } from '../components/CaseDecisionsCard';
import { CaseIncidents } from '../components/CaseIncidents';
import { CaseMaterials } from '../components/CaseMaterials';
import { CaseProgress } from '../components/CaseProgress';
import { CaseRatingCard } from '../components/CaseRatingCard';
import { CaseResultsCard } from '../components/CaseResultsCard';
import { CaseTimeline } from '../components/CaseTimeline';
import { CorrectionNoticeCard } from '../components/CorrectionNoticeCard';
import { ErrorResult } from '../components/ErrorResult';
import { IncidentTag } from '../components/IncidentTag';
import { LightTag } from '../components/LightTag';
import { StatusTag } from '../components/StatusTag';
import { StatutoryClockCard } from '../components/StatutoryClockCard';
import { UrgeButtons } from '../components/UrgeButtons';
import { UserText } from '../components/UserText';
import { formatDateTime, remainingText } from '../format';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

/** 办件详情: header with deadline light, the answers, the steps and the full audit timeline. */
export default function CaseDetailPage() {
  const { user } = useAuth();
  const { id = '' } = useParams();
  const location = useLocation();
  const { t, pick } = useI18n();
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
        <CaseAnswers form={c.form} fields={fields} />
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
        <CaseTimeline timeline={c.timeline} />
      </Card>
    </Space>
  );
}
