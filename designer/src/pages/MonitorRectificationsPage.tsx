import { App, Card, Grid, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorResult } from '../components/ErrorResult';
import { LoadMore } from '../components/LoadMore';
import { errorText } from '../errors';
import { formatDate } from '../format';
import { labelled, type MessageKey, useI18n } from '../i18n';
import {
  type Rectification,
  type RectificationStatus as Status,
  useRectificationList,
} from '../rectificationsApi';
import { useDepartments } from '../useApi';

const STATUSES: Status[] = ['open', 'resolved', 'all'];
const STATUS_LABEL: Record<Status, MessageKey> = {
  open: 'rectificationsAll.statusOpen',
  resolved: 'rectificationsAll.statusResolved',
  all: 'rectificationsAll.statusAll',
};

/**
 * 差评整改 for managers: every department's rectifications opened by bad ratings, filtered by
 * department and status (kept in the address, so a filtered list can be shared), each row opening
 * its case. Clerks answer theirs on /rectifications.
 */
export default function MonitorRectificationsPage() {
  const { t, pick } = useI18n();
  const { departments } = useDepartments();
  const [search, setSearch] = useSearchParams();
  const departmentId = search.get('departmentId') ?? undefined;
  const statusParam = search.get('status') as Status | null;
  const status: Status = statusParam && STATUSES.includes(statusParam) ? statusParam : 'all';
  const change = (next: { departmentId?: string; status?: Status }) => {
    const params = new URLSearchParams();
    const d = 'departmentId' in next ? next.departmentId : departmentId;
    const s = next.status ?? status;
    if (d) params.set('departmentId', d);
    if (s !== 'all') params.set('status', s);
    setSearch(params);
  };
  const { message } = App.useApp();
  // A page at a time by deadline (keyset); 加载更多 appends the next.
  const {
    rows: list,
    nextCursor,
    error,
    reload,
    loadMore,
    loadingMore,
  } = useRectificationList({ status, ...(departmentId ? { departmentId } : {}) });
  if (error) return <ErrorResult error={error} onRetry={reload} />;

  // On a phone eight columns scroll sideways: one stacked cell a row instead (as TaskMaterials).
  const phone = !Grid.useBreakpoint().md;
  const caseCell = (r: Rectification) => (
    <Space orientation="vertical" size={0}>
      <Link to={`/cases/${encodeURIComponent(r.caseId)}`} className="yj-case-number">
        {r.caseNumber}
      </Link>
      <Typography.Text type="secondary">{pick(r.bundleName)}</Typography.Text>
    </Space>
  );
  const ratingCell = (r: Rectification) => (
    <Tag color="red">{t(`rating.level.${r.score}` as MessageKey)}</Tag>
  );
  const reasonsCell = (r: Rectification) => (
    <Space orientation="vertical" size={2}>
      <Space wrap size={4}>
        {r.reasons.map((reason) => (
          <Tag key={reason}>{t(`rating.reason.${reason}` as MessageKey)}</Tag>
        ))}
      </Space>
      {r.comment && <Typography.Text type="secondary">“{r.comment}”</Typography.Text>}
    </Space>
  );
  const statusTags = (r: Rectification) => (
    <>
      <Tag color={r.status === 'open' ? 'orange' : 'green'} data-status={r.status}>
        {t(STATUS_LABEL[r.status])}
      </Tag>
      {r.overdue && (
        <Tag color="red" data-overdue>
          {t('rectificationsAll.overdue')}
        </Tag>
      )}
    </>
  );
  const reply = (r: Rectification) =>
    r.reply && (
      <Typography.Text type="secondary" title={t('rectificationsAll.reply')}>
        {r.reply}
      </Typography.Text>
    );

  const columns: TableColumnsType<Rectification> = phone
    ? [
        {
          key: 'rectification',
          render: (_, r) => (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              {caseCell(r)}
              <Space wrap size={4}>
                <span>{pick(r.departmentName)}</span>
                {ratingCell(r)}
                {statusTags(r)}
              </Space>
              {reasonsCell(r)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {labelled(t, t('rectificationsAll.opened'), formatDate(r.openedAt))} ·{' '}
                {labelled(t, t('rectificationsAll.dueDate'), r.dueDate)}
              </Typography.Text>
              {r.resolvedAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {labelled(t, t('rectificationsAll.closed'), formatDate(r.resolvedAt))}
                </Typography.Text>
              )}
              {reply(r)}
            </Space>
          ),
        },
      ]
    : [
        {
          key: 'department',
          title: t('rectificationsAll.department'),
          render: (_, r) => pick(r.departmentName),
        },
        { key: 'case', title: t('rectificationsAll.case'), render: (_, r) => caseCell(r) },
        { key: 'rating', title: t('rectificationsAll.rating'), render: (_, r) => ratingCell(r) },
        { key: 'reasons', title: t('rectificationsAll.reasons'), render: (_, r) => reasonsCell(r) },
        {
          key: 'status',
          title: t('rectificationsAll.status'),
          render: (_, r) => (
            <Space wrap size={4}>
              {statusTags(r)}
            </Space>
          ),
        },
        {
          key: 'opened',
          title: t('rectificationsAll.opened'),
          render: (_, r) => formatDate(r.openedAt),
        },
        { key: 'due', title: t('rectificationsAll.dueDate'), dataIndex: 'dueDate' },
        {
          key: 'closed',
          title: t('rectificationsAll.closed'),
          render: (_, r) =>
            r.resolvedAt ? (
              <Space orientation="vertical" size={0}>
                <span>{formatDate(r.resolvedAt)}</span>
                {reply(r)}
              </Space>
            ) : (
              '—'
            ),
        },
      ];

  return (
    <Card title={t('rectificationsAll.title')} data-testid="monitor-rectifications">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ minWidth: 200 }}
          placeholder={t('rectificationsAll.anyDepartment')}
          value={departmentId}
          onChange={(d?: string) => change({ departmentId: d })}
          options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
          data-testid="rectifications-filter-department"
        />
        <Select
          style={{ minWidth: 120 }}
          value={status}
          onChange={(s: Status) => change({ status: s })}
          options={STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL[s]) }))}
          data-testid="rectifications-filter-status"
        />
        {list && (
          <Typography.Text type="secondary" data-testid="rectifications-count">
            {nextCursor
              ? t('rectificationsAll.shown', { count: list.length })
              : t('rectificationsAll.count', { count: list.length })}
          </Typography.Text>
        )}
      </Space>
      <Table<Rectification>
        rowKey="id"
        size="small"
        loading={!list}
        dataSource={list ?? []}
        columns={columns}
        pagination={false}
        showHeader={!phone}
        {...(phone ? {} : { scroll: { x: 'max-content' } })}
        onRow={(r) =>
          ({
            'data-testid': `rectification-row-${r.caseNumber}`,
            'data-status': r.status,
          }) as HTMLAttributes<HTMLElement>
        }
      />
      <LoadMore
        more={nextCursor !== null}
        loading={loadingMore}
        onLoad={() => void loadMore().catch((err: unknown) => message.error(errorText(t, err)))}
        testId="rectifications-load-more"
      />
    </Card>
  );
}
