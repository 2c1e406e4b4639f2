import { DownloadOutlined, FireOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Flex,
  Segmented,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { MonitorLightTag } from '../components/MonitorLightTag';
import { StatusTag } from '../components/StatusTag';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import { formatDate, formatDateTime, remainingText } from '../format';
import { useI18n } from '../i18n';
import {
  filterFromSearch,
  type MonitorCase,
  type MonitorFilter,
  type MonitorLight,
  monitorApi,
  monitorCasesPath,
} from '../monitorApi';
import { useApi, useDepartments } from '../useApi';

const LIGHTS: MonitorLight[] = ['red', 'yellow', 'green', 'paused', 'atWindow', 'incident'];

const heatmapPath = (c: MonitorCase) =>
  `/bundles/${encodeURIComponent(c.bundleKey)}/diagram?case=${encodeURIComponent(c.id)}&heatmap=1`;

/**
 * 办件明细: the drill-down every count and chart of the monitor leads to. The filters live in the
 * URL (a link is a saved view); the list is read page by page from the server's keyset, and the
 * same filters export to Excel or CSV.
 */
export default function MonitorCasesPage() {
  const { t, pick, lang } = useI18n();
  const [search, setSearch] = useSearchParams();
  const filter = filterFromSearch(search);
  const filterKey = search.toString();
  const { departments, departmentName } = useDepartments();
  const { data: bundles } = useApi((signal) => api.bundles(signal), []);
  const { data: items } = useApi((signal) => api.items(signal), []);

  const [rows, setRows] = useState<MonitorCase[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  // A new filter starts the list again from its first page.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setRows([]);
    monitorApi.cases(filter, null, controller.signal).then(
      (page) => {
        setRows(page.cases);
        setCursor(page.nextCursor);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filterKey]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await monitorApi.cases(filter, cursor);
      setRows((r) => [...r, ...page.cases]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  const change = (patch: Partial<MonitorFilter>) => {
    const next = { ...filter, ...patch };
    setSearch(new URLSearchParams(monitorCasesPath(next).split('?')[1] ?? ''));
  };

  const download = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    setExportError(null);
    try {
      await monitorApi.download(filter, format);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(null);
    }
  };

  if (error && rows.length === 0) return <ErrorResult error={error} onRetry={() => change({})} />;

  const columns: TableColumnsType<MonitorCase> = [
    {
      title: t('case.number'),
      key: 'caseNumber',
      render: (_, c) => (
        <Link to={`/cases/${encodeURIComponent(c.id)}`} className="yj-case-number">
          {c.caseNumber}
        </Link>
      ),
    },
    { title: t('monitorCases.bundle'), key: 'bundle', render: (_, c) => pick(c.bundleName) },
    {
      title: t('case.applicant'),
      key: 'applicant',
      render: (_: unknown, r: { applicantName: string }) => <UserText>{r.applicantName}</UserText>,
    },
    { title: t('case.status'), key: 'status', render: (_, c) => <StatusTag kind="case" status={c.status} /> },
    {
      title: t('monitorCases.light'),
      key: 'light',
      render: (_, c) => <MonitorLightTag light={c.monitorLight} />,
    },
    filter.status === 'open'
      ? {
          title: t('monitorCases.due'),
          key: 'due',
          render: (_, c) =>
            c.deadline ? (
              <Space orientation="vertical" size={0}>
                <span>{formatDate(c.deadline.dueDate)}</span>
                <Typography.Text type="secondary">
                  {remainingText(t, c.deadline.remainingWorkingDays)}
                </Typography.Text>
              </Space>
            ) : c.intakeDue ? (
              <Tooltip title={t('monitorCases.intakeDue')}>
                <Space orientation="vertical" size={0} data-testid="intake-due">
                  <span>
                    {t('monitorCases.intakeDue')} {formatDate(c.intakeDue.dueDate)}
                  </span>
                  <Typography.Text type={c.intakeDue.light === 'red' ? 'danger' : 'secondary'}>
                    {remainingText(t, c.intakeDue.remainingWorkingDays)}
                  </Typography.Text>
                </Space>
              </Tooltip>
            ) : (
              '—'
            ),
        }
      : {
          title: t('monitorCases.concludedAt'),
          key: 'concludedAt',
          render: (_, c) => formatDateTime(c.concludedAt),
        },
    {
      title: t('monitorCases.steps'),
      key: 'steps',
      render: (_, c) => (
        <Flex wrap gap={4}>
          {c.steps.map((s) => (
            <Tooltip
              key={s.id}
              title={`${departmentName(s.departmentId)}${s.deadline ? ` · ${formatDate(s.deadline.dueDate)} · ${remainingText(t, s.deadline.remainingWorkingDays)}` : ''}`}
            >
              <Tag color={s.late ? 'red' : undefined} data-late={s.late || undefined}>
                {s.late ? `${t('monitorCases.late')} · ` : ''}
                {pick(s.name)}
              </Tag>
            </Tooltip>
          ))}
        </Flex>
      ),
    },
    {
      title: '',
      key: 'heatmap',
      render: (_, c) => (
        <Link to={heatmapPath(c)} aria-label={t('monitorCases.heatmap')}>
          <FireOutlined /> {t('monitorCases.heatmap')}
        </Link>
      ),
    },
  ];

  const selectWidth = { minWidth: 180 };
  return (
    <Card
      title={t('monitorCases.title')}
      extra={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            loading={exporting === 'xlsx'}
            onClick={() => download('xlsx')}
            data-testid="export-xlsx"
          >
            {exporting === 'xlsx' ? t('monitorCases.exporting') : t('monitorCases.exportXlsx')}
          </Button>
          <Button loading={exporting === 'csv'} onClick={() => download('csv')} data-testid="export-csv">
            {t('monitorCases.exportCsv')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Flex wrap gap={8} align="center">
          <Segmented
            value={filter.status}
            onChange={(status) => change({ status: status as MonitorFilter['status'] })}
            options={[
              { value: 'open', label: t('monitorCases.open') },
              { value: 'concluded', label: t('monitorCases.concluded') },
            ]}
          />
          <Select
            allowClear
            style={selectWidth}
            placeholder={t('monitorCases.anyBundle')}
            value={filter.bundleKey}
            onChange={(bundleKey?: string) => change({ bundleKey })}
            options={(bundles ?? []).map((b) => ({ value: b.key, label: pick(b.name) }))}
            data-testid="filter-bundle"
          />
          <Select
            allowClear
            style={selectWidth}
            placeholder={t('monitorCases.anyDepartment')}
            value={filter.departmentId}
            onChange={(departmentId?: string) => change({ departmentId })}
            options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
            data-testid="filter-department"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 220 }}
            placeholder={t('monitorCases.anyItem')}
            value={filter.itemCode}
            onChange={(itemCode?: string) => change({ itemCode })}
            options={(items ?? []).map((i) => ({ value: i.code, label: pick(i.name) }))}
            data-testid="filter-item"
          />
          {filter.status === 'open' && (
            <Select
              allowClear
              style={{ minWidth: 150 }}
              placeholder={t('monitorCases.anyLight')}
              value={filter.light}
              onChange={(light?: MonitorLight) => change({ light })}
              options={LIGHTS.map((l) => ({ value: l, label: t(`monitorLight.${l}`) }))}
              data-testid="filter-light"
            />
          )}
          <Button type="link" onClick={() => setSearch(new URLSearchParams())}>
            {t('monitorCases.clear')}
          </Button>
        </Flex>
        {exportError ? <Typography.Text type="danger">{errorText(t, exportError)}</Typography.Text> : null}
        <Table
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('monitorCases.empty') }}
          data-testid="monitor-cases"
          rowClassName={(c) => (c.lateSteps > 0 || c.monitorLight === 'red' ? 'yj-row-late' : '')}
        />
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary" data-testid="monitor-cases-count" data-lang={lang}>
            {t('monitorCases.shown', { n: rows.length })}
          </Typography.Text>
          {cursor && (
            <Button onClick={more} loading={loading} data-testid="monitor-cases-more">
              {t('monitorCases.more')}
            </Button>
          )}
        </Flex>
      </Space>
    </Card>
  );
}
