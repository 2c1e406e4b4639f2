import { CheckCircleFilled, ClockCircleOutlined, PauseCircleOutlined } from '@ant-design/icons';
import { Card, List, Typography } from 'antd';
import type { CaseDetail } from '../api';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { useDepartments } from '../useApi';

/**
 * 办理进度 for the applicant: per department, what it handles and, in plain words, where it stands
 * and by when it expects to finish — no diagram, no warning-light jargon.
 */
export function CaseProgress({ c }: { c: CaseDetail }) {
  const { t, pick } = useI18n();
  const { departmentName } = useDepartments();
  if (c.status === 'preReview' || c.status === 'correction') {
    return (
      <Card title={t('progress.title')} data-testid="case-progress">
        <Typography.Text>
          {t(c.status === 'preReview' ? 'progress.atWindow' : 'progress.correction')}
        </Typography.Text>
      </Card>
    );
  }
  const byDepartment = new Map<string, CaseDetail['items']>();
  for (const item of c.items) {
    const key = item.departmentId ?? '';
    byDepartment.set(key, [...(byDepartment.get(key) ?? []), item]);
  }
  const words = (item: CaseDetail['items'][number]) => {
    if (item.status === 'completed') return t('progress.done', { date: formatDate(item.endedAt) });
    if (item.status === 'cancelled') return t('progress.notNeeded');
    if (item.status === 'paused') return t('progress.paused', { n: item.pausedRemainingWorkingDays ?? '—' });
    if (!item.dueDate) return t('progress.runningNoDate');
    return (item.deadline?.remainingWorkingDays ?? 0) < 0
      ? t('progress.late', { date: item.dueDate })
      : t('progress.running', { date: item.dueDate });
  };
  const icon = (item: CaseDetail['items'][number]) =>
    item.status === 'completed' ? (
      <CheckCircleFilled style={{ color: '#52c41a' }} />
    ) : item.status === 'paused' ? (
      <PauseCircleOutlined style={{ color: '#d48806' }} />
    ) : (
      <ClockCircleOutlined style={{ color: '#1677ff' }} />
    );
  return (
    <Card title={t('progress.title')} data-testid="case-progress">
      <Typography.Paragraph type="secondary">{t('progress.intro')}</Typography.Paragraph>
      <List
        dataSource={[...byDepartment.entries()]}
        renderItem={([department, items]) => (
          <List.Item key={department} data-testid={`progress-${department}`}>
            <div style={{ width: '100%', minWidth: 0 }}>
              <Typography.Text strong>{departmentName(department || null)}</Typography.Text>
              {items.map((item) => (
                <div key={item.scopeKey} style={{ display: 'flex', gap: 8, marginTop: 4 }}>
                  {icon(item)}
                  <div style={{ minWidth: 0 }}>
                    <div>{pick(item.name)}</div>
                    <Typography.Text type="secondary">{words(item)}</Typography.Text>
                  </div>
                </div>
              ))}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
