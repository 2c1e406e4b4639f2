import { Tag } from 'antd';
import type { CaseStatus, TaskStatus } from '../api';
import { useT } from '../i18n';

const COLOR: Record<CaseStatus | TaskStatus, string> = {
  preReview: 'cyan',
  correction: 'warning',
  inProgress: 'processing',
  concluded: 'success',
  delivered: 'green',
  rejected: 'error',
  withdrawn: 'default',
  open: 'default',
  claimed: 'processing',
  completed: 'success',
  cancelled: 'default',
};

/** Status of a case (`kind="case"`) or of one of its steps (`kind="task"`). */
export function StatusTag(
  props: ({ kind: 'case'; status: CaseStatus } | { kind: 'task'; status: TaskStatus }) & { testId?: string },
) {
  const t = useT();
  const label = props.kind === 'case' ? t(`case.status.${props.status}`) : t(`task.status.${props.status}`);
  return (
    <Tag color={COLOR[props.status]} data-testid={props.testId} data-status={props.status}>
      {label}
    </Tag>
  );
}
