import { Card, Select, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Bundle, type Incident } from '../api';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi } from '../useApi';

/**
 * 待处理故障: every open incident, oldest first, with the case it stops (Camunda Operate's incident
 * list). Filter by bundle; the case number opens the case page, where an admin resolves it.
 */
export function MonitorIncidents({ bundles, nonce }: { bundles: Bundle[]; nonce: number }) {
  const { t, pick } = useI18n();
  const [bundleKey, setBundleKey] = useState<string | null>(null);
  const { data, loading } = useApi((signal) => api.incidents({ bundleKey }, signal), [bundleKey, nonce]);
  const incidents = data ?? [];

  return (
    <Card
      size="small"
      data-testid="monitor-incidents"
      title={
        <span>
          <Typography.Text type="danger" strong>
            {t('monitor.incidentsTitle')}
          </Typography.Text>{' '}
          {incidents.length > 0 && <Tag color="red">{incidents.length}</Tag>}
        </span>
      }
      extra={
        <Select<string | null>
          size="small"
          value={bundleKey}
          onChange={(v) => setBundleKey(v ?? null)}
          style={{ minWidth: 200 }}
          options={[
            { value: null, label: t('monitor.incidentsAll') },
            ...bundles.map((b) => ({ value: b.key, label: pick(b.name) })),
          ]}
        />
      }
    >
      <Table<Incident>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={incidents}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('monitor.noIncidents') }}
        tableLayout="auto"
        onRow={(i) =>
          ({ 'data-testid': `monitor-incident-row-${i.caseNumber}` }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'caseNumber',
            title: t('case.number'),
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, i) => (
              <Link to={`/cases/${encodeURIComponent(i.caseId)}`} className="yj-case-number">
                {i.caseNumber}
              </Link>
            ),
          },
          {
            key: 'bundle',
            title: t('case.bundle'),
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, i) => pick(i.bundleName),
          },
          {
            key: 'element',
            title: t('incident.col.element'),
            onCell: () => ({ style: { minWidth: 120 } }),
            render: (_, i) => (
              <div>
                <div>{pick(i.elementName) || i.elementId || '—'}</div>
                {i.item && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {pick(i.item.name)}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            key: 'message',
            title: t('incident.col.message'),
            render: (_, i) => (
              <Typography.Text type="danger" data-testid="monitor-incident-message">
                {pick(i.messages)}
              </Typography.Text>
            ),
          },
          {
            key: 'since',
            title: t('incident.col.since'),
            onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
            render: (_, i) => formatDateTime(i.raisedAt),
          },
          {
            key: 'attempts',
            title: t('incident.col.attempts'),
            dataIndex: 'attempts',
            align: 'right',
            onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
          },
        ]}
      />
    </Card>
  );
}
