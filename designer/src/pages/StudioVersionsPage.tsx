import { Alert, App, Button, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorResult } from '../components/ErrorResult';
import { ReasonDialog } from '../components/studio/ReasonDialog';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { type DefinitionSummary, type Retirement, studioApi } from '../studioApi';
import { useApi } from '../useApi';

/** 已撤下 with who, when and why, or 受理中. */
export function RetiredTag({ retired, testId }: { retired: Retirement | null; testId?: string }) {
  const { t } = useI18n();
  if (!retired) {
    return (
      <Tag color="green" data-testid={testId}>
        {t('versions.offered')}
      </Tag>
    );
  }
  return (
    <Tooltip
      title={t('versions.retiredBy', {
        by: retired.by ?? '—',
        at: formatDateTime(retired.at),
        reason: retired.reason ?? '—',
      })}
    >
      <Tag color="red" data-testid={testId}>
        {t('versions.retired')}
      </Tag>
    </Tooltip>
  );
}

/**
 * 流程版本管理: every bundle with its state, versions, running cases and drafts; withdraw (撤下) a
 * bundle from applicants or restore it, and open one to manage its versions and drafts.
 */
export default function StudioVersionsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi((signal) => studioApi.definitions(signal), []);
  const [acting, setActing] = useState<{ bundle: DefinitionSummary; retire: boolean } | null>(null);

  if (error) return <ErrorResult error={error} onRetry={reload} />;

  return (
    <>
      <Typography.Title level={3}>{t('versions.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('versions.intro')} style={{ marginBottom: 16 }} />
      <Table<DefinitionSummary>
        rowKey="key"
        loading={loading && !data}
        dataSource={data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(row) => ({ 'data-testid': `definition-row-${row.key}` }) as never}
        columns={[
          {
            title: t('versions.bundle'),
            render: (_, row) => (
              <Space>
                <Link to={`/studio/versions/${encodeURIComponent(row.key)}`}>{pick(row.name)}</Link>
                <Typography.Text type="secondary" code>
                  {row.key}
                </Typography.Text>
                {row.shipped && <Tag>{t('versions.shipped')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('versions.state'),
            render: (_, row) => <RetiredTag retired={row.retired} testId={`definition-state-${row.key}`} />,
          },
          {
            title: t('versions.latest'),
            render: (_, row) => t('versions.versionN', { n: row.latestVersion }),
          },
          {
            title: t('versions.active'),
            render: (_, row) => (row.activeVersion ? t('versions.versionN', { n: row.activeVersion }) : '—'),
          },
          { title: t('versions.running'), dataIndex: 'runningCases', align: 'right' },
          { title: t('versions.drafts'), dataIndex: 'drafts', align: 'right' },
          {
            title: t('versions.actions'),
            render: (_, row) => (
              <Space>
                <Link
                  to={`/studio/versions/${encodeURIComponent(row.key)}`}
                  data-testid={`definition-open-${row.key}`}
                >
                  {t('versions.open')}
                </Link>
                {row.retired ? (
                  <Button
                    size="small"
                    data-testid={`definition-restore-${row.key}`}
                    onClick={() => setActing({ bundle: row, retire: false })}
                  >
                    {t('versions.restore')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    danger
                    data-testid={`definition-retire-${row.key}`}
                    onClick={() => setActing({ bundle: row, retire: true })}
                  >
                    {t('versions.retire')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReasonDialog
        open={acting !== null}
        title={
          acting
            ? t(acting.retire ? 'versions.retireTitle' : 'versions.restoreTitle', {
                what: pick(acting.bundle.name),
              })
            : ''
        }
        hint={acting?.retire ? t('versions.retireHint') : undefined}
        okText={acting?.retire ? t('versions.retire') : t('versions.restore')}
        danger={acting?.retire}
        onClose={() => setActing(null)}
        onSubmit={async (reason) => {
          if (!acting) return;
          if (acting.retire) await studioApi.retireBundle(acting.bundle.key, reason);
          else await studioApi.restoreBundle(acting.bundle.key, reason);
          message.success(t(acting.retire ? 'versions.retiredDone' : 'versions.restoredDone'));
          reload();
        }}
      />
    </>
  );
}
