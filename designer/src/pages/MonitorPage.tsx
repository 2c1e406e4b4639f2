import { ApartmentOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Row,
  Segmented,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type HTMLAttributes, lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Light } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { IncidentTag } from '../components/IncidentTag';
import { LightTag } from '../components/LightTag';
import { MonitorIncidents } from '../components/MonitorIncidents';
import { StatusTag } from '../components/StatusTag';
import { UserText } from '../components/UserText';
import { formatDateTime, remainingText } from '../format';
import { useI18n } from '../i18n';
import { procedureName } from '../lifecycleText';
import { type MonitorCase, type MonitorFilter, monitorApi, monitorCasesPath } from '../monitorApi';
import { useApi, useDepartments } from '../useApi';

type LightFilter = 'all' | Exclude<Light, 'green'>;

// ECharts is heavy and only managers look at it: its own chunk, fetched with the monitor.
const MonitorCharts = lazy(() => import('../components/MonitorCharts'));

const NOWRAP = { style: { whiteSpace: 'nowrap' as const } };

/** Keeps every column but the open steps on one line, header included. */
function oneLine(columns: TableColumnsType<MonitorCase>): TableColumnsType<MonitorCase> {
  return columns.map((col) =>
    col.key === 'openSteps' ? col : { ...col, onCell: () => NOWRAP, onHeaderCell: () => NOWRAP },
  );
}

const diagramPath = (bundleKey: string, caseId?: string) =>
  `/bundles/${encodeURIComponent(bundleKey)}/diagram${caseId ? `?case=${encodeURIComponent(caseId)}` : ''}`;

/** 效能监察: every open case with its deadline light, most urgent first. */
export default function MonitorPage() {
  const { t, pick } = useI18n();
  const { departmentName } = useDepartments();
  const [filter, setFilter] = useState<LightFilter>('all');
  const navigate = useNavigate();
  const drill = (filter: Partial<MonitorFilter>) => navigate(monitorCasesPath(filter));
  // The most urgent page of open cases, with each open step's own deadline (late steps marked).
  const {
    data: page,
    error,
    loading,
    reload,
  } = useApi((signal) => monitorApi.cases({ status: 'open' }, null, signal), []);
  const data = page?.cases;
  // The window's queue with its intake due dates (Art. 32), however deep the list.
  const { data: windowPage } = useApi(
    (signal) => monitorApi.cases({ status: 'open', light: 'atWindow' }, null, signal),
    [],
  );
  const { data: bundles } = useApi((signal) => api.bundles(signal), []);
  // The counts and charts cover all open work; the list below is its most urgent page.
  const { data: summary, reload: reloadSummary } = useApi((signal) => api.monitorSummary(signal), []);
  const [refreshed, setRefreshed] = useState(0);
  // From 1 November: next year's holiday notice is missing, so deadlines into it are provisional.
  const { data: calendarStatus } = useApi((signal) => api.calendarStatus(signal), []);
  // Other notices for admins (a case whose deadlines a loaded notice could not recount …).
  const { data: notifications } = useApi((signal) => api.adminNotifications(signal), []);
  const otherNotices = (notifications ?? []).filter((n) => n.kind !== 'calendar.missing');

  if (error) return <ErrorResult error={error} onRetry={reload} />;

  // Open cases without a limit (none ship today) sort last.
  const cases = [...(data ?? [])].sort(
    (a, b) =>
      (a.deadline?.remainingWorkingDays ?? Number.POSITIVE_INFINITY) -
        (b.deadline?.remainingWorkingDays ?? Number.POSITIVE_INFINITY) ||
      (a.deadline?.dueAt ?? '').localeCompare(b.deadline?.dueAt ?? ''),
  );
  // A paused clock has no light: its remaining days are frozen.
  const lightOf = (c: MonitorCase): Light | null =>
    c.clock.state === 'paused' ? null : (c.deadline?.light ?? null);
  const count = (light: Light) => cases.filter((c) => lightOf(c) === light).length;
  const shown = filter === 'all' ? cases : cases.filter((c) => lightOf(c) === filter);
  // 暂停计时 and 窗口: cases whose clock does not run, listed apart from the lights.
  const paused = cases.filter((c) => c.clock.state === 'paused');
  const atWindow = windowPage?.cases ?? [];
  const caseLink = (c: MonitorCase) => (
    <Link to={`/cases/${encodeURIComponent(c.id)}`} className="yj-case-number">
      {c.caseNumber}
    </Link>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {calendarStatus?.warning && (
        <Alert
          type="warning"
          showIcon
          data-testid="calendar-warning"
          title={pick(calendarStatus.warning.message)}
          description={t('monitor.calendarWarningHint')}
        />
      )}
      {otherNotices.map((n) => (
        <Alert
          key={n.id}
          type="error"
          showIcon
          data-testid={`admin-notification-${n.id}`}
          title={pick(n.title)}
          description={formatDateTime(n.createdAt)}
        />
      ))}
      <Row gutter={[16, 16]}>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({})} data-testid="monitor-count-open">
            <Statistic
              title={t('monitor.open')}
              value={summary?.totals.open ?? cases.length}
              loading={loading && !data}
            />
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({ light: 'yellow' })} data-testid="monitor-count-yellow">
            <Statistic
              title={t('monitor.yellow')}
              value={summary?.totals.yellow ?? count('yellow')}
              loading={loading && !data}
              styles={{ content: { color: '#d48806' } }}
            />
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({ light: 'red' })} data-testid="monitor-count-red">
            <Statistic
              title={t('monitor.red')}
              value={summary?.totals.red ?? count('red')}
              loading={loading && !data}
              styles={{ content: { color: '#cf1322' } }}
            />
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({ light: 'incident' })} data-testid="monitor-count-incident">
            <Statistic
              title={t('monitor.incidents')}
              value={summary?.totals.incidents ?? cases.filter((c) => c.incidentState === 'incident').length}
              loading={loading && !data}
              styles={{ content: { color: '#a8071a' } }}
            />
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({ light: 'paused' })} data-testid="monitor-count-paused">
            <Statistic
              title={t('monitor.pausedCount')}
              value={summary?.totals.paused ?? paused.length}
              loading={loading && !data}
              styles={{ content: { color: '#595959' } }}
            />
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card hoverable onClick={() => drill({ light: 'atWindow' })} data-testid="monitor-count-atWindow">
            <Statistic
              title={t('monitor.atWindow')}
              value={summary?.totals.atWindow ?? atWindow.length}
              loading={loading && !data}
              styles={{ content: { color: '#08979c' } }}
            />
          </Card>
        </Col>
      </Row>

      {/* Stuck cases come before the charts: they do not move until someone acts. */}
      <MonitorIncidents bundles={bundles ?? []} nonce={refreshed} />

      <Suspense fallback={<Skeleton active />}>
        <MonitorCharts summary={summary} onDrill={drill} />
      </Suspense>

      <Card
        title={t('monitor.title')}
        extra={
          <Space>
            <Segmented<LightFilter>
              value={filter}
              onChange={setFilter}
              options={[
                { value: 'all', label: t('monitor.all') },
                { value: 'yellow', label: t('light.yellow') },
                { value: 'red', label: t('light.red') },
              ]}
            />
            <Button onClick={() => drill({})} data-testid="monitor-all-cases">
              {t('monitorCases.title')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                reload();
                reloadSummary();
                setRefreshed((n) => n + 1);
              }}
            >
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        <Table<MonitorCase>
          rowKey="id"
          loading={loading}
          dataSource={shown}
          locale={{ emptyText: t('monitor.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          // Fill the card and wrap long names, so the open steps stay in view.
          tableLayout="auto"
          scroll={{ x: 1100 }}
          onRow={(c) => ({ 'data-testid': `monitor-row-${c.caseNumber}` }) as HTMLAttributes<HTMLElement>}
          // Short cells keep to one line; the open steps take the rest and wrap.
          columns={oneLine([
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
            {
              key: 'applicant',
              title: t('case.applicant'),
              render: (_: unknown, r: { applicantName: string }) => <UserText>{r.applicantName}</UserText>,
            },
            {
              key: 'filedAt',
              title: t('case.filedAt'),
              render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.filedAt)}</span>,
            },
            {
              key: 'status',
              title: t('case.status'),
              render: (_, c) => <StatusTag kind="case" status={c.status} />,
            },
            {
              key: 'dueDate',
              title: t('case.dueDate'),
              render: (_, c) => (
                <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                  <span>{c.deadline?.dueDate ?? c.clock.dueDate ?? '—'}</span>
                  {c.deadline?.provisional && (
                    <Tooltip title={t('case.provisionalHint')}>
                      <Tag>{t('case.provisional')}</Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              key: 'light',
              title: t('case.light'),
              // The light with the working days left under it (frozen while the clock is paused).
              render: (_, c) => {
                const light = lightOf(c);
                // A stuck case is red with the incident state, whatever its clock says.
                if (c.incidentState === 'incident') return <IncidentTag />;
                if (c.clock.state === 'paused')
                  return (
                    <Space orientation="vertical" size={0}>
                      <Tag color="warning">{t('clock.state.paused')}</Tag>
                      {c.clock.remainingWorkingDays !== null && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t('clock.frozen', { n: c.clock.remainingWorkingDays })}
                        </Typography.Text>
                      )}
                    </Space>
                  );
                if (!light || !c.deadline) return '—';
                return (
                  <Space orientation="vertical" size={0}>
                    <LightTag light={light} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {remainingText(t, c.deadline.remainingWorkingDays)}
                    </Typography.Text>
                  </Space>
                );
              },
            },
            {
              key: 'openSteps',
              title: t('case.openSteps'),
              render: (_, c) => (
                <Space orientation="vertical" size={2}>
                  {c.steps.map((step) => (
                    <span key={step.id} data-late={step.late || undefined}>
                      {step.late && <Tag color="red">{t('monitorCases.late')}</Tag>}
                      {pick(step.name)} <Tag>{departmentName(step.departmentId)}</Tag>
                    </span>
                  ))}
                </Space>
              ),
            },
            {
              key: 'diagram',
              title: t('monitor.diagram'),
              render: (_, c) => (
                <Link to={diagramPath(c.bundleKey, c.id)}>
                  <ApartmentOutlined /> {t('common.view')}
                </Link>
              ),
            },
          ])}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={12}>
          <Card title={t('monitor.pausedTitle')} size="small" data-testid="monitor-paused">
            <Table<MonitorCase>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={paused}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('monitor.noData') }}
              scroll={{ x: 'max-content' }}
              onRow={(c) =>
                ({ 'data-testid': `monitor-paused-row-${c.caseNumber}` }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                { key: 'caseNumber', title: t('case.number'), render: (_, c) => caseLink(c) },
                { key: 'bundle', title: t('case.bundle'), render: (_, c) => pick(c.bundleName) },
                {
                  key: 'procedure',
                  title: t('clock.pauseProcedure'),
                  render: (_, c) => {
                    const p = c.clock.pauses.find((x) => x.until === null);
                    return p ? (
                      <Tooltip title={p.reason}>
                        <Tag color="warning">{procedureName(t, p)}</Tag>
                        {p.expectedWorkingDays !== null &&
                          t('clock.workingDays', { n: p.expectedWorkingDays })}
                      </Tooltip>
                    ) : (
                      '—'
                    );
                  },
                },
                {
                  key: 'since',
                  title: t('monitor.pausedSince'),
                  render: (_, c) => c.clock.pauses.find((x) => x.until === null)?.from ?? '—',
                },
                {
                  key: 'left',
                  title: t('case.remaining'),
                  render: (_, c) =>
                    c.clock.remainingWorkingDays === null
                      ? '—'
                      : t('clock.workingDays', { n: c.clock.remainingWorkingDays }),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card title={t('monitor.atWindowTitle')} size="small" data-testid="monitor-window">
            <Table<MonitorCase>
              rowKey="id"
              size="small"
              loading={loading}
              dataSource={atWindow}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('monitor.noData') }}
              scroll={{ x: 'max-content' }}
              onRow={(c) =>
                ({ 'data-testid': `monitor-window-row-${c.caseNumber}` }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                { key: 'caseNumber', title: t('case.number'), render: (_, c) => caseLink(c) },
                { key: 'bundle', title: t('case.bundle'), render: (_, c) => pick(c.bundleName) },
                {
                  key: 'applicant',
                  title: t('case.applicant'),
                  render: (_: unknown, r: { applicantName: string }) => (
                    <UserText>{r.applicantName}</UserText>
                  ),
                },
                {
                  key: 'status',
                  title: t('case.status'),
                  render: (_, c) => <StatusTag kind="case" status={c.status} />,
                },
                { key: 'filedAt', title: t('case.filedAt'), render: (_, c) => formatDateTime(c.filedAt) },
                {
                  key: 'intakeDue',
                  title: t('monitorCases.intakeDue'),
                  render: (_, c) =>
                    c.intakeDue ? (
                      <Space size={4}>
                        <span>{c.intakeDue.dueDate}</span>
                        <LightTag light={c.intakeDue.light} />
                      </Space>
                    ) : (
                      '—'
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card title={t('monitor.diagrams')} size="small">
        <Space wrap size="large">
          {(bundles ?? []).map((b) => (
            <Link key={b.key} to={diagramPath(b.key)} data-testid={`bundle-diagram-${b.key}`}>
              <ApartmentOutlined /> {pick(b.name)}
            </Link>
          ))}
        </Space>
      </Card>
    </Space>
  );
}
