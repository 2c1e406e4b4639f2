import { Button, Card, Grid, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, type CaseSummary, client, data as dataOf } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { LightTag } from '../components/LightTag';
import { StatusTag } from '../components/StatusTag';
import { formatDateTime, remainingText } from '../format';
import { labelled, useI18n } from '../i18n';
import { useApi } from '../useApi';

/** 我的办件: every case the applicant filed, newest first. */
export default function MyCasesPage() {
  const { t, pick } = useI18n();
  const { data, error, loading, reload } = useApi((signal) => api.cases('all', signal), []);

  // 草稿: half-filled forms kept on the server, resumed from here.
  const drafts = useApi((signal) => dataOf(client.GET('/api/drafts', { signal })), []);
  // On a phone each case is a card: the number in full, where it stands and what to do next.
  const phone = !Grid.useBreakpoint().md;

  const statusOf = (c: CaseSummary) => (
    <>
      <StatusTag kind="case" status={c.status} />
      {/* Never the internals: only that a technical problem is in hand. */}
      {c.incidentState === 'beingHandled' && (
        <Tooltip title={t('incident.beingHandledText')}>
          <Tag color="blue" data-testid="case-being-handled">
            {t('incident.beingHandledTag')}
          </Tag>
        </Tooltip>
      )}
    </>
  );
  const deadlineOf = (c: CaseSummary) =>
    c.clock.state === 'paused' && c.clock.remainingWorkingDays !== null ? (
      <Space size={4} wrap>
        <span>{c.clock.dueDate}</span>
        <Tag color="warning">{t('clock.state.paused')}</Tag>
        <span>{t('clock.frozen', { n: c.clock.remainingWorkingDays })}</span>
      </Space>
    ) : c.deadline ? (
      <Space size={4} wrap>
        <span>{c.deadline.dueDate}</span>
        {c.deadline.provisional && (
          <Tooltip title={t('case.provisionalHint')}>
            <Tag>{t('case.provisional')}</Tag>
          </Tooltip>
        )}
        <LightTag light={c.deadline.light} />
        <span>{remainingText(t, c.deadline.remainingWorkingDays)}</span>
      </Space>
    ) : (
      '—'
    );

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  const cases = [...(data ?? [])].sort((a, b) => b.filedAt.localeCompare(a.filedAt));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {(drafts.data ?? []).length > 0 && (
        <Card title={t('drafts.title')} data-testid="my-drafts">
          <List
            dataSource={drafts.data ?? []}
            renderItem={(d) => (
              <List.Item
                key={d.bundleKey}
                actions={[
                  <Link
                    key="resume"
                    to={`/apply/${encodeURIComponent(d.bundleKey)}`}
                    data-testid={`draft-resume-${d.bundleKey}`}
                  >
                    {t('drafts.resume')}
                  </Link>,
                ]}
              >
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{pick(d.bundleName)}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('drafts.savedAt', { n: d.answered, at: formatDateTime(d.updatedAt) })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('cases.title')} extra={<Button onClick={reload}>{t('common.refresh')}</Button>}>
        {phone ? (
          <List<CaseSummary>
            data-testid="my-case-cards"
            loading={loading}
            dataSource={cases}
            locale={{ emptyText: t('cases.empty') }}
            pagination={cases.length > 20 ? { pageSize: 20, size: 'small' } : false}
            renderItem={(c) => (
              <List.Item key={c.id} style={{ paddingInline: 0 }}>
                <Card size="small" style={{ width: '100%' }} data-testid={`case-card-${c.caseNumber}`}>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Link to={`/cases/${encodeURIComponent(c.id)}`} className="yj-case-number">
                      {c.caseNumber}
                    </Link>
                    <Typography.Text strong>{pick(c.bundleName)}</Typography.Text>
                    <Space size={4} wrap>
                      {statusOf(c)}
                    </Space>
                    <Typography.Text type="secondary">
                      {labelled(t, t('case.filedAt'), formatDateTime(c.filedAt))}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">{labelled(t, t('case.deadline'))}</Typography.Text>
                      {deadlineOf(c)}
                    </div>
                    <Link to={`/cases/${encodeURIComponent(c.id)}`}>
                      <Button type={c.status === 'correction' ? 'primary' : 'default'} block>
                        {c.status === 'correction' ? t('cases.answerCorrection') : t('cases.open')}
                      </Button>
                    </Link>
                  </Space>
                </Card>
              </List.Item>
            )}
          />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            loading={loading}
            dataSource={cases}
            locale={{ emptyText: t('cases.empty') }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              {
                key: 'caseNumber',
                title: t('case.number'),
                render: (_, c) => (
                  <Link to={`/cases/${encodeURIComponent(c.id)}`} className="yj-case-number">
                    {c.caseNumber}
                  </Link>
                ),
              },
              { key: 'bundle', title: t('case.bundle'), render: (_, c) => pick(c.bundleName) },
              { key: 'filedAt', title: t('case.filedAt'), render: (_, c) => formatDateTime(c.filedAt) },
              {
                key: 'status',
                title: t('case.status'),
                render: (_, c) => statusOf(c),
              },
              {
                key: 'deadline',
                title: t('case.deadline'),
                render: (_, c) => deadlineOf(c),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
