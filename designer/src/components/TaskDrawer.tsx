import { Card, Descriptions, Drawer, Grid, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { remainingText } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../useApi';
import { CaseAnswers } from './CaseAnswers';
import { CaseTimeline } from './CaseTimeline';
import { ErrorResult } from './ErrorResult';
import { LightTag } from './LightTag';
import { StatusTag } from './StatusTag';
import { TaskActions } from './TaskActions';
import { CorrectedTag } from './TaskColumns';
import { TaskMaterials } from './TaskMaterials';
import { UserText } from './UserText';

/**
 * 办理: one task with everything needed to act on it — the step's deadline and light, the
 * actions the server allows, the case's answers, the materials (with their inline preview) and
 * the history — so a clerk never leaves the inbox to read the case.
 */
export function TaskDrawer({
  taskId,
  onClose,
  onChanged,
}: {
  taskId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const screens = Grid.useBreakpoint();
  const {
    data: task,
    error,
    reload,
  } = useApi((signal) => (taskId ? api.task(taskId, signal) : Promise.resolve(undefined)), [taskId]);
  const caseId = task?.caseId;
  const { data: kase, reload: reloadCase } = useApi(
    (signal) => (caseId ? api.case(caseId, signal) : Promise.resolve(undefined)),
    [caseId],
  );
  const bundleKey = kase?.bundleKey;
  const { data: bundle } = useApi(
    (signal) => (bundleKey ? api.bundle(bundleKey, signal) : Promise.resolve(undefined)),
    [bundleKey],
  );
  const changed = () => {
    reload();
    reloadCase();
    onChanged();
  };

  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={screens.md ? 880 : '100%'}
      destroyOnHidden
      title={task ? t('taskView.title', { step: pick(task.name) }) : ''}
      extra={
        task && (
          <Link to={`/cases/${encodeURIComponent(task.caseId)}`} data-testid="task-view-case-link">
            {t('taskView.openCase')}
          </Link>
        )
      }
    >
      {error ? (
        <ErrorResult error={error} onRetry={reload} />
      ) : !task ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="task-view">
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('case.number')}>
              <Space size={4} wrap>
                <span className="yj-case-number">{task.caseNumber}</span>
                {task.corrected && <CorrectedTag t={t} testId="task-view-corrected" />}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.applicant')}>
              <UserText>{task.applicantName}</UserText>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.bundle')}>{pick(task.bundleName)}</Descriptions.Item>
            <Descriptions.Item label={t('task.status')}>
              <StatusTag kind="task" status={task.status} testId="task-view-status" />
            </Descriptions.Item>
            <Descriptions.Item label={t('taskView.deadline')}>
              {task.deadline ? (
                <Space size={4} wrap data-testid="task-view-deadline">
                  <span>{task.deadline.dueDate}</span>
                  <Typography.Text type="secondary">
                    {remainingText(t, task.deadline.remainingWorkingDays)}
                  </Typography.Text>
                </Space>
              ) : task.pausedRemainingWorkingDays !== null ? (
                t('inbox.pausedLeft', { n: task.pausedRemainingWorkingDays })
              ) : (
                t('taskView.noDeadline')
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.light')}>
              {task.deadline ? (
                <LightTag light={task.deadline.light} provisional={task.deadline.provisional} />
              ) : (
                '—'
              )}
            </Descriptions.Item>
          </Descriptions>
          <div data-testid="task-view-actions">
            <TaskActions task={task} onDone={changed} />
          </div>
          <Card size="small" title={t('case.form')}>
            {kase ? (
              <CaseAnswers form={kase.form} fields={bundle?.form.components ?? []} />
            ) : (
              <Skeleton active />
            )}
          </Card>
          <Card size="small" title={t('taskView.materials')}>
            <TaskMaterials taskId={task.id} canVerify />
          </Card>
          <Card size="small" title={t('case.timeline')}>
            {kase ? <CaseTimeline timeline={kase.timeline} /> : <Skeleton active />}
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
