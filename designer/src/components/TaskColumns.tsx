import { Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import type { Task } from '../api';
import type { I18n } from '../i18n';

/** The columns the 待办, 我认领的 and 已办 lists share: the case number and the step. */

/** 已补正: the case came back after a correction notice. */
export function CorrectedTag({ t, testId }: { t: I18n['t']; testId?: string }) {
  return (
    <Tooltip title={t('inbox.correctedHint')}>
      <Tag color="geekblue" data-testid={testId}>
        {t('inbox.corrected')}
      </Tag>
    </Tooltip>
  );
}

/** The case number, linked to the case page, with 已补正 when the case came back corrected. */
export function caseNumberColumn<T extends Task>({ t }: Pick<I18n, 't'>): ColumnType<T> {
  return {
    key: 'caseNumber',
    title: t('case.number'),
    render: (_, task) => (
      <Space size={4} wrap>
        <Link to={`/cases/${encodeURIComponent(task.caseId)}`} className="yj-case-number">
          {task.caseNumber}
        </Link>
        {task.corrected && <CorrectedTag t={t} testId={`corrected-${task.id}`} />}
      </Space>
    ),
  };
}

/** The step: 预审受理 as a tag, else its name; why it waits when paused; 委派 when delegated. */
export function stepColumn<T extends Task>({ t, pick }: Pick<I18n, 't' | 'pick'>): ColumnType<T> {
  return {
    key: 'step',
    title: t('task.name'),
    render: (_, task) => (
      <Space size={4}>
        {task.kind === 'intake' ? (
          <Tag color="cyan" data-testid={`intake-tag-${task.id}`}>
            {t('inbox.intakeTag')}
          </Tag>
        ) : (
          pick(task.name)
        )}
        {task.pausedRemainingWorkingDays !== null && (
          <Tag color="warning" data-testid={`paused-tag-${task.id}`}>
            {t('inbox.pausedTag')}
          </Tag>
        )}
        {/* The clerk sees why the step waits (its item's special procedure, Art. 45). */}
        {task.pausedReason && (
          <Typography.Text type="warning" data-testid={`paused-reason-${task.id}`}>
            {t('step.pausedBecause', { reason: task.pausedReason })}
          </Typography.Text>
        )}
        {task.delegatedBy && <Tag color="purple">{t('step.delegatedTag')}</Tag>}
      </Space>
    ),
  };
}
