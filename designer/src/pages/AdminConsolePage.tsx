import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Calendar,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  type ApiKey,
  type AuditReport,
  adminApi,
  type CalendarNotice,
  type CalendarNoticePreview,
  type WarningPolicyInForce,
} from '../adminApi';
import { api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { HolidayName } from '../components/HolidayName';
import { Labelled } from '../components/Labelled';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

const TABS = ['calendar', 'policies', 'keys', 'audit'] as const;
type Tab = (typeof TABS)[number];

/** 管理控制台: the holiday calendar, warning policies, department systems' keys and the audit chain. */
export default function AdminConsolePage() {
  const { t } = useI18n();
  const { tab = 'calendar' } = useParams();
  const navigate = useNavigate();
  const active: Tab = TABS.includes(tab as Tab) ? (tab as Tab) : 'calendar';
  return (
    <Card title={t('nav.console')}>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(`/admin/console/${key}`)}
        destroyOnHidden
        items={[
          { key: 'calendar', label: t('console.calendar'), children: <CalendarTab /> },
          { key: 'policies', label: t('console.policies'), children: <PoliciesTab /> },
          { key: 'keys', label: t('console.keys'), children: <KeysTab /> },
          { key: 'audit', label: t('console.audit'), children: <AuditTab /> },
        ]}
      />
    </Card>
  );
}

/** A year of one region as a calendar: days off (休) and make-up working days (班) marked. */
function CalendarTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { departments } = useDepartments();
  const [region, setRegion] = useState('CN');
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const year = month.year();
  const { data, error, reload } = useApi(
    (signal) => adminApi.calendarYear(region, year, signal),
    [region, year],
  );
  const { data: changes, reload: reloadChanges } = useApi((signal) => adminApi.calendarChanges(signal), []);
  const [loading, setLoading] = useState(false);
  const [source, setSource] = useState('');
  const [daysText, setDaysText] = useState('');
  const [preview, setPreview] = useState<CalendarNoticePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const regions = useMemo(
    () => ['CN', ...new Set(departments.map((d) => d.region).filter((r): r is string => !!r && r !== 'CN'))],
    [departments],
  );
  const byDate = useMemo(() => new Map((data?.days ?? []).map((d) => [d.date, d])), [data]);

  const notice = (): CalendarNotice | null => {
    try {
      const days = JSON.parse(daysText) as unknown;
      if (!Array.isArray(days)) throw new Error('not an array');
      return { source, days: days as CalendarNotice['days'] };
    } catch {
      setPreviewError(t('calendar.badJson'));
      return null;
    }
  };
  const runPreview = async () => {
    setPreviewError(null);
    setPreview(null);
    const body = notice();
    if (!body) return;
    setLoading(true);
    try {
      setPreview(await adminApi.previewNotice(region, year, body));
    } catch (err) {
      setPreviewError(errorText(t, err));
    } finally {
      setLoading(false);
    }
  };
  const apply = async () => {
    const body = notice();
    if (!body) return;
    setLoading(true);
    try {
      const loaded = await adminApi.loadNotice(region, year, body);
      message.success(t('calendar.loaded', { days: loaded.days, n: loaded.recomputedDeadlines }));
      setPreview(null);
      reload();
      reloadChanges();
    } catch (err) {
      setPreviewError(errorText(t, err));
    } finally {
      setLoading(false);
    }
  };

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex wrap gap={8} align="center">
        <Select
          value={region}
          onChange={setRegion}
          style={{ minWidth: 140 }}
          options={regions.map((r) => ({ value: r, label: r === 'CN' ? t('calendar.national') : r }))}
          data-testid="calendar-region"
        />
        <Select
          value={year}
          onChange={(y: number) => setMonth(month.year(y))}
          style={{ width: 110 }}
          options={[-1, 0, 1, 2].map((d) => ({
            value: dayjs().year() + d,
            label: String(dayjs().year() + d),
          }))}
          data-testid="calendar-year"
        />
        {data && (
          <Alert
            type={data.covered ? 'success' : 'warning'}
            showIcon
            style={{ flex: 1 }}
            title={
              data.covered ? t('calendar.covered', { source: data.source ?? '' }) : t('calendar.notCovered')
            }
          />
        )}
      </Flex>
      <Calendar
        value={month}
        onPanelChange={(value) => setMonth(value)}
        onSelect={(value) => setMonth(value)}
        cellRender={(date, info) => {
          if (info.type !== 'date') return info.originNode;
          const day = byDate.get(date.format('YYYY-MM-DD'));
          if (!day) return null;
          return (
            <Tag
              color={day.kind === 'rest' ? 'red' : 'blue'}
              data-cell-day={day.date}
              style={{ marginTop: 2 }}
            >
              {day.kind === 'rest' ? t('calendar.rest') : t('calendar.makeUpWork')} ·{' '}
              <HolidayName name={day.name} />
            </Tag>
          );
        }}
      />
      <Card size="small" title={t('calendar.yearDays', { year, n: data?.days.length ?? 0 })}>
        <Flex wrap gap={4} data-testid="calendar-year-days">
          {(data?.days ?? []).map((d) => (
            <Tag
              key={d.date}
              color={d.kind === 'rest' ? 'red' : 'blue'}
              data-calendar-day={d.date}
              data-kind={d.kind}
              style={{ cursor: 'pointer' }}
              onClick={() => setMonth(dayjs(d.date))}
            >
              {d.date.slice(5)} {d.kind === 'rest' ? t('calendar.rest') : t('calendar.makeUpWork')} ·{' '}
              <HolidayName name={d.name} />
            </Tag>
          ))}
        </Flex>
      </Card>
      <Card size="small" title={t('calendar.load')}>
        <Form layout="vertical">
          <Form.Item label={t('calendar.source')} required>
            <Input value={source} onChange={(e) => setSource(e.target.value)} data-testid="notice-source" />
          </Form.Item>
          <Form.Item label={t('calendar.days')} help={t('calendar.daysHelp')} required>
            <Input.TextArea
              rows={6}
              value={daysText}
              onChange={(e) => setDaysText(e.target.value)}
              data-testid="notice-days"
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
          <Space>
            <Button onClick={runPreview} loading={loading} data-testid="notice-preview">
              {t('calendar.preview')} ({year})
            </Button>
            <Button type="primary" danger disabled={!preview} onClick={apply} data-testid="notice-apply">
              {t('calendar.apply')}
            </Button>
          </Space>
        </Form>
        {previewError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={previewError} />}
        {preview && <NoticePreview preview={preview} />}
      </Card>
      <Card size="small" title={t('calendar.changes')}>
        <Table
          rowKey="id"
          size="small"
          dataSource={changes ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { key: 'at', title: t('calendar.changedAt'), render: (_, c) => formatDateTime(c.changedAt) },
            { key: 'region', title: t('calendar.region'), dataIndex: 'region' },
            { key: 'year', title: t('calendar.year'), dataIndex: 'year' },
            { key: 'source', title: t('calendar.source'), dataIndex: 'source' },
            { key: 'days', title: '', render: (_, c) => `${c.daysBefore} → ${c.daysAfter}` },
            {
              key: 'recounted',
              title: '',
              render: (_, c) => t('calendar.loaded', { days: c.daysAfter, n: c.recomputedDeadlines }),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function NoticePreview({ preview }: { preview: CalendarNoticePreview }) {
  const { t } = useI18n();
  const nothing = preview.added.length + preview.removed.length + preview.changed.length === 0;
  return (
    <div data-testid="notice-preview-result" style={{ marginTop: 12 }}>
      {nothing ? (
        <Alert type="info" showIcon title={t('calendar.noChange')} />
      ) : (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('calendar.added', { n: preview.added.length })}>
            <Flex wrap gap={4}>
              {preview.added.map((d) => (
                <Tag key={d.date} color={d.kind === 'rest' ? 'red' : 'blue'}>
                  {d.date} <HolidayName name={d.name} />
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.removed', { n: preview.removed.length })}>
            <Flex wrap gap={4}>
              {preview.removed.map((d) => (
                <Tag key={d.date}>
                  <s>
                    {d.date} <HolidayName name={d.name} />
                  </s>
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('calendar.changed', { n: preview.changed.length })}>
            <Flex wrap gap={4}>
              {preview.changed.map((c) => (
                <Tag key={c.date} color="gold">
                  <Labelled label={c.date}>
                    <HolidayName name={c.before.name} /> → <HolidayName name={c.after.name} />
                  </Labelled>
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
        </Descriptions>
      )}
      {preview.firstChange && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={t('calendar.deadlines', { n: preview.openDeadlines, date: preview.firstChange })}
        />
      )}
    </div>
  );
}

type PolicyRow = {
  id: string;
  kind: 'bundle' | 'item';
  name: string;
  policy: WarningPolicyInForce;
  isDefault: boolean;
};

/** Warning policies per bundle (the case clock) and item (its steps), editable. */
function PoliciesTab() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi((signal) => adminApi.warningPolicies(signal), []);
  const [editing, setEditing] = useState<PolicyRow | null>(null);
  const [form] = Form.useForm<WarningPolicyInForce>();
  if (error) return <ErrorResult error={error} onRetry={reload} />;

  const save = async (values: WarningPolicyInForce) => {
    if (!editing) return;
    try {
      const body = { ...values, yellowShare: values.yellowShare ?? null };
      if (editing.kind === 'bundle') await api.setBundleWarningPolicy(editing.id, body);
      else await api.setItemWarningPolicy(editing.id, body);
      message.success(t('policy.saved'));
      setEditing(null);
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };
  const columns = [
    { key: 'name', title: t('policy.subject'), render: (_: unknown, r: PolicyRow) => r.name },
    {
      key: 'yellow',
      title: t('policy.yellowWithin'),
      render: (_: unknown, r: PolicyRow) => r.policy.yellowWithinWorkingDays,
    },
    {
      key: 'share',
      title: t('policy.yellowShare'),
      render: (_: unknown, r: PolicyRow) =>
        r.policy.yellowShare === null ? '—' : `${Math.round(r.policy.yellowShare * 100)}%`,
    },
    {
      key: 'remind',
      title: t('policy.remindBefore'),
      render: (_: unknown, r: PolicyRow) => r.policy.remindBeforeWorkingDays,
    },
    {
      key: 'supervise',
      title: t('policy.superviseAfter'),
      render: (_: unknown, r: PolicyRow) => r.policy.superviseAfterWorkingDays,
    },
    {
      key: 'state',
      title: '',
      render: (_: unknown, r: PolicyRow) =>
        r.isDefault ? <Tag>{t('policy.default')}</Tag> : <Tag color="blue">{t('policy.custom')}</Tag>,
    },
    {
      key: 'edit',
      title: '',
      render: (_: unknown, r: PolicyRow) => (
        <Button
          size="small"
          data-testid={`policy-edit-${r.id}`}
          onClick={() => {
            setEditing(r);
            form.setFieldsValue(r.policy);
          }}
        >
          {t('policy.edit')}
        </Button>
      ),
    },
  ];
  const bundles: PolicyRow[] = (data?.bundles ?? []).map((b) => ({
    id: b.key,
    kind: 'bundle',
    name: pick(b.name),
    policy: b.policy,
    isDefault: b.isDefault,
  }));
  const items: PolicyRow[] = (data?.items ?? []).map((i) => ({
    id: i.code,
    kind: 'item',
    name: pick(i.name),
    policy: i.policy,
    isDefault: i.isDefault,
  }));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('policy.bundles')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={bundles}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <Typography.Title level={5}>{t('policy.items')}</Typography.Title>
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
      />
      <Modal
        open={!!editing}
        title={editing?.name}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'policy-save' } as ButtonProps}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="yellowWithinWorkingDays"
            label={t('policy.yellowWithin')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={60} />
          </Form.Item>
          <Form.Item name="yellowShare" label={t('policy.yellowShare')}>
            <InputNumber min={0.01} max={0.99} step={0.05} />
          </Form.Item>
          <Form.Item
            name="remindBeforeWorkingDays"
            label={t('policy.remindBefore')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={60} />
          </Form.Item>
          <Form.Item
            name="superviseAfterWorkingDays"
            label={t('policy.superviseAfter')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={60} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** Department systems' API keys: issue (shown once), list, revoke. */
function KeysTab() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const { data, error, loading, reload } = useApi((signal) => adminApi.apiKeys(signal), []);
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm<{ departmentId: string; name: string }>();
  if (error) return <ErrorResult error={error} onRetry={reload} />;
  const issue = async (values: { departmentId: string; name: string }) => {
    try {
      const key = await adminApi.issueKey(values.departmentId, values.name);
      setIssued(key.key);
      form.resetFields();
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };
  const revoke = async (k: ApiKey) => {
    try {
      await adminApi.revokeKey(k.id);
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={issue}>
        <Form.Item name="departmentId" rules={[{ required: true }]}>
          <Select
            style={{ minWidth: 200 }}
            placeholder={t('keys.department')}
            options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
            data-testid="key-department"
          />
        </Form.Item>
        <Form.Item name="name" rules={[{ required: true, max: 100 }]}>
          <Input placeholder={t('keys.name')} data-testid="key-name" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="key-issue">
          {t('keys.issue')}
        </Button>
      </Form>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setIssued(null) }}
          title={t('keys.shownOnce')}
          description={
            <Typography.Text code copyable data-testid="issued-key">
              {issued}
            </Typography.Text>
          }
        />
      )}
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('keys.name'), dataIndex: 'name' },
          {
            key: 'department',
            title: t('keys.department'),
            render: (_, k) => departmentName(k.departmentId),
          },
          { key: 'account', title: t('keys.account'), dataIndex: 'username' },
          { key: 'by', title: t('keys.issuedBy'), render: (_, k) => k.createdBy ?? '—' },
          { key: 'at', title: t('keys.issuedAt'), render: (_, k) => formatDateTime(k.createdAt) },
          {
            key: 'state',
            title: t('keys.state'),
            render: (_, k) =>
              k.revokedAt ? (
                <Tag>{`${t('keys.revoked')} · ${formatDateTime(k.revokedAt)}`}</Tag>
              ) : (
                <Tag color="green">{t('keys.active')}</Tag>
              ),
          },
          {
            key: 'revoke',
            title: '',
            render: (_, k) =>
              k.revokedAt ? null : (
                <Popconfirm title={t('keys.revokeConfirm')} onConfirm={() => revoke(k)}>
                  <Button danger size="small" data-testid={`key-revoke-${k.id}`}>
                    {t('keys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}

/** 审计核验: verify the hash chain of the whole log or one case; take a checkpoint of the heads. */
function AuditTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [caseId, setCaseId] = useState('');
  const [report, setReport] = useState<AuditReport | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      setReport(await adminApi.verifyAudit(caseId.trim() || undefined));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const checkpoint = async () => {
    try {
      const { recorded } = await adminApi.checkpoint();
      message.success(t('audit.checkpointed', { n: recorded }));
    } catch (err) {
      message.error(errorText(t, err));
    }
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Flex wrap gap={8}>
        <Input
          style={{ maxWidth: 380 }}
          placeholder={t('audit.caseId')}
          value={caseId}
          onChange={(e) => setCaseId(e.target.value)}
          data-testid="audit-case"
        />
        <Button type="primary" loading={busy} onClick={verify} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
        <Button onClick={checkpoint}>{t('audit.checkpoint')}</Button>
      </Flex>
      {report &&
        (report.ok ? (
          <Alert
            type="success"
            showIcon
            data-testid="audit-ok"
            title={t('audit.intact', { cases: report.casesChecked, events: report.eventsChecked })}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            data-testid="audit-broken"
            title={t('audit.broken', { n: report.breaks.length })}
            description={
              <Table
                rowKey={(b) => `${b.caseId}-${b.seq}-${b.kind}`}
                size="small"
                pagination={false}
                dataSource={report.breaks}
                columns={[
                  { key: 'case', title: 'case', dataIndex: 'caseId' },
                  { key: 'seq', title: 'seq', dataIndex: 'seq' },
                  { key: 'kind', title: 'kind', dataIndex: 'kind' },
                ]}
              />
            }
          />
        ))}
    </Space>
  );
}
