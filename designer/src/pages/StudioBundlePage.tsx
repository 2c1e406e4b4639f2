import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { ReasonDialog } from '../components/studio/ReasonDialog';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { optionLabel, useI18n } from '../i18n';
import {
  type BulkMigration,
  type ChangedElement,
  type DefinitionChange,
  type DefinitionDiff,
  type DefinitionVersion,
  type DefinitionVersions,
  type DiffElement,
  type DraftSummary,
  studioApi,
  type TestRun,
  versionBpmnUrl,
} from '../studioApi';
import { useApi } from '../useApi';
import { RetiredTag } from './StudioVersionsPage';

// bpmn-js is heavy: only the test run's diagram needs it.
const TestRunDiagram = lazy(() => import('../components/studio/TestRunDiagram'));

/**
 * One bundle's lifecycle in the Studio: its deployed versions with running cases (export, retire,
 * restore), a diff of two versions, bulk migration of running cases (dry run, then apply), and its
 * drafts (import a .bpmn, rename, delete) with a test run on the real engine.
 */
export default function StudioBundlePage() {
  const { key = '' } = useParams();
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi((signal) => studioApi.versions(key, signal), [key]);
  const [acting, setActing] = useState<{ version: number | null; retire: boolean } | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (loading && !data) return <Spin size="large" style={{ display: 'block', margin: '96px auto' }} />;
  if (!data) return null;

  const what = (version: number | null) =>
    version === null ? pick(data.name) : `${pick(data.name)} ${t('versions.versionN', { n: version })}`;

  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/studio/versions">← {t('versions.back')}</Link>
      </div>
      <Space align="center" style={{ marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {pick(data.name)}
        </Typography.Title>
        <Typography.Text code>{data.key}</Typography.Text>
        <RetiredTag retired={data.retired} testId="bundle-state" />
        {data.retired ? (
          <Button data-testid="bundle-restore" onClick={() => setActing({ version: null, retire: false })}>
            {t('versions.restore')}
          </Button>
        ) : (
          <Button
            danger
            data-testid="bundle-retire"
            onClick={() => setActing({ version: null, retire: true })}
          >
            {t('versions.retire')}
          </Button>
        )}
      </Space>
      <Tabs
        items={[
          {
            key: 'versions',
            label: <span data-testid="tab-versions">{t('versions.tabVersions')}</span>,
            children: (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <VersionsTable
                  data={data}
                  onRetire={(version, retire) => setActing({ version, retire })}
                  onTestRun={setPlaying}
                />
                {playing !== null && (
                  <TestRunPanel
                    key={`v${playing}`}
                    source={{ bundleKey: key, version: playing }}
                    name={t('versions.versionN', { n: playing })}
                  />
                )}
                <DiffCard bundleKey={key} versions={data.versions} />
                <MigrateCard bundleKey={key} versions={data.versions} onDone={reload} />
                <HistoryCard bundleKey={key} version={data} />
              </Space>
            ),
          },
          {
            key: 'drafts',
            label: <span data-testid="tab-drafts">{t('versions.tabDrafts')}</span>,
            children: <DraftsTab bundleKey={key} latestVersion={data.latestVersion} onChanged={reload} />,
          },
        ]}
      />
      <ReasonDialog
        open={acting !== null}
        title={
          acting
            ? t(acting.retire ? 'versions.retireTitle' : 'versions.restoreTitle', {
                what: what(acting.version),
              })
            : ''
        }
        hint={acting?.retire ? t('versions.retireHint') : undefined}
        okText={acting?.retire ? t('versions.retire') : t('versions.restore')}
        danger={acting?.retire}
        onClose={() => setActing(null)}
        onSubmit={async (reason) => {
          if (!acting) return;
          const { version, retire } = acting;
          if (version === null) {
            await (retire ? studioApi.retireBundle(key, reason) : studioApi.restoreBundle(key, reason));
          } else {
            await (retire
              ? studioApi.retireVersion(key, version, reason)
              : studioApi.restoreVersion(key, version, reason));
          }
          message.success(t(retire ? 'versions.retiredDone' : 'versions.restoredDone'));
          reload();
        }}
      />
    </>
  );
}

function VersionsTable({
  data,
  onRetire,
  onTestRun,
}: {
  data: DefinitionVersions;
  onRetire: (version: number, retire: boolean) => void;
  onTestRun: (version: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Table<DefinitionVersion>
      rowKey="version"
      dataSource={data.versions}
      pagination={false}
      size="middle"
      scroll={{ x: 800 }}
      onRow={(row) => ({ 'data-testid': `version-row-${row.version}` }) as never}
      columns={[
        { title: t('versions.version'), render: (_, v) => t('versions.versionN', { n: v.version }) },
        { title: t('versions.deployedAt'), render: (_, v) => formatDateTime(v.deployedAt) },
        { title: t('versions.deployedBy'), render: (_, v) => v.deployedBy ?? '—' },
        {
          title: t('versions.running'),
          align: 'right',
          render: (_, v) => <span data-testid={`version-running-${v.version}`}>{v.runningCases}</span>,
        },
        {
          title: t('versions.state'),
          render: (_, v) => (
            <Space size={4} wrap>
              {v.startsNewCases && <Tag color="blue">{t('versions.startsNew')}</Tag>}
              {v.retired && (
                <Tag color="red" title={v.retired.reason ?? undefined}>
                  {t('versions.versionRetired')}
                </Tag>
              )}
            </Space>
          ),
        },
        {
          title: t('versions.actions'),
          render: (_, v) => (
            <Space>
              <a
                href={versionBpmnUrl(data.key, v.version)}
                download
                data-testid={`version-export-${v.version}`}
              >
                <DownloadOutlined /> {t('versions.export')}
              </a>
              <Button
                size="small"
                data-testid={`version-test-run-${v.version}`}
                onClick={() => onTestRun(v.version)}
              >
                {t('drafts.testRun')}
              </Button>
              <Button
                size="small"
                danger={!v.retired}
                data-testid={`version-${v.retired ? 'restore' : 'retire'}-${v.version}`}
                onClick={() => onRetire(v.version, !v.retired)}
              >
                {v.retired ? t('versions.restore') : t('versions.retire')}
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

/** 变更记录: the bundle's audited lifecycle changes, newest first (reloaded with the versions). */
function HistoryCard({ bundleKey, version }: { bundleKey: string; version: DefinitionVersions }) {
  const { t } = useI18n();
  const { data } = useApi((signal) => studioApi.changes(bundleKey, signal), [bundleKey, version]);
  return (
    <Card title={t('history.title')} size="small">
      <Table<DefinitionChange>
        data-testid="history-table"
        rowKey="id"
        size="small"
        dataSource={data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 700 }}
        columns={[
          { title: t('history.at'), width: 170, render: (_, c) => formatDateTime(c.at) },
          {
            title: t('history.action'),
            render: (_, c) => (
              <Space size={4}>
                <Tag>{t(`history.action.${c.action}`)}</Tag>
                {c.version !== null && t('versions.versionN', { n: c.version })}
              </Space>
            ),
          },
          { title: t('history.actor'), render: (_, c) => c.actor ?? '—' },
          { title: t('versions.reason'), render: (_, c) => c.reason ?? '—' },
        ]}
      />
    </Card>
  );
}

const versionOptions = (t: ReturnType<typeof useI18n>['t'], versions: DefinitionVersion[]) =>
  versions.map((v) => ({ value: v.version, label: t('versions.versionN', { n: v.version }) }));

function DiffCard({ bundleKey, versions }: { bundleKey: string; versions: DefinitionVersion[] }) {
  const { t, pick } = useI18n();
  const newest = versions[0]?.version ?? 1;
  const [from, setFrom] = useState<number>(versions[1]?.version ?? newest);
  const [to, setTo] = useState<number>(newest);
  const [diff, setDiff] = useState<DefinitionDiff | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  const compare = async () => {
    setProblem(null);
    try {
      setDiff(await studioApi.diff(bundleKey, from, to));
    } catch (err) {
      setProblem(err);
    }
  };
  type Row = (DiffElement | ChangedElement) & { change: 'added' | 'removed' | 'changed' };
  const rows: Row[] = diff
    ? [
        ...diff.added.map((e) => ({ ...e, change: 'added' as const })),
        ...diff.removed.map((e) => ({ ...e, change: 'removed' as const })),
        ...diff.changed.map((e) => ({ ...e, change: 'changed' as const })),
      ]
    : [];
  const colors = { added: 'green', removed: 'red', changed: 'orange' } as const;

  return (
    <Card title={t('diff.title')} size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        {t('diff.from')}
        <Select
          data-testid="diff-from"
          value={from}
          onChange={setFrom}
          options={versionOptions(t, versions)}
          style={{ width: 120 }}
        />
        {t('diff.to')}
        <Select
          data-testid="diff-to"
          value={to}
          onChange={setTo}
          options={versionOptions(t, versions)}
          style={{ width: 120 }}
        />
        <Button type="primary" data-testid="diff-run" onClick={compare}>
          {t('diff.run')}
        </Button>
      </Space>
      {problem !== null && <Alert type="error" showIcon title={errorText(t, problem)} />}
      {diff && (
        <>
          <Typography.Paragraph data-testid="diff-summary">
            {rows.length === 0
              ? t('diff.none')
              : t('diff.summary', {
                  added: diff.added.length,
                  removed: diff.removed.length,
                  changed: diff.changed.length,
                })}
          </Typography.Paragraph>
          {rows.length > 0 && (
            <Table<Row>
              data-testid="diff-table"
              rowKey={(r) => `${r.change}:${r.id}`}
              dataSource={rows}
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 800 }}
              onRow={(r) => ({ 'data-testid': `diff-${r.change}-${r.id}` }) as never}
              columns={[
                {
                  title: t('diff.changes'),
                  width: 90,
                  render: (_, r) => <Tag color={colors[r.change]}>{t(`diff.${r.change}`)}</Tag>,
                },
                {
                  title: t('diff.element'),
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <span>{r.name ? pick(r.name) : r.id}</span>
                      <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                        {r.id}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('diff.type'), dataIndex: 'type', width: 150 },
                {
                  title: t('diff.changes'),
                  render: (_, r) =>
                    'changes' in r ? (
                      <Space orientation="vertical" size={2}>
                        {r.changes.map((c) => (
                          <span key={c.attribute}>
                            <Typography.Text strong>{c.attribute}</Typography.Text>:{' '}
                            <Typography.Text delete type="secondary">
                              {c.before ?? '—'}
                            </Typography.Text>{' '}
                            → <Typography.Text>{c.after ?? '—'}</Typography.Text>
                          </span>
                        ))}
                      </Space>
                    ) : null,
                },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}

function MigrateCard({
  bundleKey,
  versions,
  onDone,
}: {
  bundleKey: string;
  versions: DefinitionVersion[];
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ fromVersion: number; toVersion: number; reason: string }>();
  const [result, setResult] = useState<BulkMigration | null>(null);
  const [busy, setBusy] = useState(false);
  const withCases = versions.filter((v) => v.runningCases > 0);

  const run = async (dryRun: boolean) => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const answer = await studioApi.migrate(bundleKey, { ...values, reason: values.reason.trim(), dryRun });
      setResult(answer);
      if (!dryRun) {
        message.success(t('migrate.movedDone', { n: answer.moved.length }));
        onDone();
      }
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('migrate.title')} size="small">
      <Typography.Paragraph type="secondary">{t('migrate.hint')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        initialValues={{
          fromVersion: withCases.at(-1)?.version ?? versions.at(-1)?.version,
          toVersion: versions[0]?.version,
        }}
        onValuesChange={() => setResult(null)}
      >
        <Form.Item name="fromVersion" label={t('diff.from')}>
          <Select data-testid="migrate-from" options={versionOptions(t, versions)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="toVersion" label={t('diff.to')}>
          <Select data-testid="migrate-to" options={versionOptions(t, versions)} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('versions.reason')}
          rules={[{ required: true, whitespace: true, message: t('versions.reasonRequired') }]}
        >
          <Input data-testid="migrate-reason" style={{ width: 260 }} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button data-testid="migrate-dry-run" loading={busy} onClick={() => run(true)}>
            {t('migrate.dryRun')}
          </Button>
          <Button
            type="primary"
            danger
            data-testid="migrate-apply"
            disabled={!result?.dryRun || result.moved.length === 0}
            loading={busy}
            onClick={() => run(false)}
          >
            {t('migrate.apply')}
          </Button>
        </Space>
      </Form>
      {result && (
        <div data-testid="migrate-result" style={{ marginTop: 12 }}>
          <Space wrap style={{ marginBottom: 8 }}>
            <Tag color="green">
              {t(result.dryRun ? 'migrate.moved' : 'migrate.movedDone', { n: result.moved.length })}
            </Tag>
            <Tag color={result.refused.length ? 'red' : 'default'}>
              {t('migrate.refused', { n: result.refused.length })}
            </Tag>
            {result.more && <Tag color="orange">{t('migrate.more')}</Tag>}
          </Space>
          {result.refused.length > 0 && (
            <Table
              size="small"
              rowKey="caseId"
              pagination={false}
              dataSource={result.refused}
              columns={[
                {
                  title: t('migrate.case'),
                  render: (_, c) => <Link to={`/cases/${c.caseId}`}>{c.caseNumber}</Link>,
                },
                {
                  title: t('migrate.problems'),
                  render: (_, c) => (
                    <Space orientation="vertical" size={2}>
                      {c.problems.map((p) => (
                        <span key={`${p.elementId}:${p.message}`}>
                          {p.elementId && <Typography.Text code>{p.elementId}</Typography.Text>} {p.message}
                        </span>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}

function DraftsTab({
  bundleKey,
  latestVersion,
  onChanged,
}: {
  bundleKey: string;
  latestVersion: number;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useApi(
    (signal) => studioApi.drafts(bundleKey, signal),
    [bundleKey],
  );
  const [running, setRunning] = useState<DraftSummary | null>(null);
  const [importRefusal, setImportRefusal] = useState<{ file: string; error: unknown } | null>(null);
  const changed = () => {
    reload();
    onChanged();
  };

  const fromComposition = async () => {
    try {
      const { shipped: _shipped, ...composition } = await api.bundleComposition(bundleKey);
      const draft = await studioApi.createDraft(bundleKey, {
        kind: 'composition',
        name: t('drafts.defaultName', { n: latestVersion }),
        composition,
      });
      message.success(t('drafts.created'));
      changed();
      setRunning(draft);
    } catch (err) {
      message.error(errorText(t, err));
    }
  };

  const importBpmn = async (file: File) => {
    setImportRefusal(null);
    try {
      const draft = await studioApi.createDraft(bundleKey, {
        kind: 'bpmn',
        name: file.name,
        bpmn: await file.text(),
      });
      message.success(t('drafts.imported', { name: draft.name }));
      changed();
    } catch (err) {
      setImportRefusal({ file: file.name, error: err });
    }
  };

  const rename = async (draft: DraftSummary, name: string) => {
    if (!name.trim() || name === draft.name) return;
    try {
      await studioApi.renameDraft(draft.id, draft.updatedAt, name.trim());
    } catch (err) {
      message.error(errorText(t, err));
    }
    reload();
  };

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('studio.drafts.title')}
        size="small"
        extra={
          <Space wrap>
            <Button data-testid="draft-from-composition" onClick={fromComposition}>
              {t('drafts.fromLatest')}
            </Button>
            <Upload
              accept=".bpmn,.xml"
              showUploadList={false}
              beforeUpload={(file) => {
                void importBpmn(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} data-testid="draft-import">
                {t('drafts.import')}
              </Button>
            </Upload>
          </Space>
        }
      >
        {importRefusal && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setImportRefusal(null)}
            data-testid="import-error"
            style={{ marginBottom: 12 }}
            title={t('drafts.importRefused', { file: importRefusal.file })}
            description={
              importRefusal.error instanceof ApiError && importRefusal.error.details.length > 0 ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {importRefusal.error.details.map((d) => (
                    <li key={`${d.path}:${d.message}`}>
                      <Typography.Text code>{d.path.replace(/^bpmn\./, '')}</Typography.Text> {d.message}
                    </li>
                  ))}
                </ul>
              ) : (
                errorText(t, importRefusal.error)
              )
            }
          />
        )}
        <Table<DraftSummary>
          rowKey="id"
          size="small"
          loading={loading && !data}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 700 }}
          locale={{ emptyText: <Empty description={t('drafts.empty')} /> }}
          onRow={(row) => ({ 'data-testid': `draft-row-${row.id}` }) as never}
          columns={[
            {
              title: t('drafts.name'),
              render: (_, d) => (
                <Typography.Text editable={{ onChange: (name) => void rename(d, name) }}>
                  {d.name}
                </Typography.Text>
              ),
            },
            { title: t('drafts.kind'), render: (_, d) => <Tag>{t(`drafts.kind.${d.kind}`)}</Tag> },
            { title: t('drafts.updated'), render: (_, d) => formatDateTime(d.updatedAt) },
            { title: t('drafts.updatedBy'), render: (_, d) => d.updatedBy ?? '—' },
            {
              title: t('versions.actions'),
              render: (_, d) => (
                <Space>
                  {d.kind === 'composition' && (
                    <Link to={`/studio/compose?draft=${encodeURIComponent(d.id)}`} data-testid="draft-edit">
                      {t('drafts.edit')}
                    </Link>
                  )}
                  <Button
                    size="small"
                    type="primary"
                    data-testid="draft-test-run"
                    onClick={() => setRunning(d)}
                  >
                    {t('drafts.testRun')}
                  </Button>
                  <Popconfirm
                    title={t('drafts.deleteConfirm', { name: d.name })}
                    onConfirm={async () => {
                      try {
                        await studioApi.deleteDraft(d.id);
                        if (running?.id === d.id) setRunning(null);
                        changed();
                      } catch (err) {
                        message.error(errorText(t, err));
                      }
                    }}
                  >
                    <Button size="small" danger>
                      {t('drafts.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {running && <TestRunPanel key={running.id} source={{ draftId: running.id }} name={running.name} />}
    </Space>
  );
}

type Answers = Record<string, string | number | boolean | null>;
/** Answers a condition can sensibly test: numbers, ticks and choices. */
const CONDITION_FIELD_TYPES = new Set(['number', 'checkbox', 'select']);

/**
 * 试运行: the draft played on the real engine with sample answers of its combined form. The first
 * run (no answers) brings the form; each run after shows the items taken and skipped, the steps in
 * order, and the path on the diagram.
 */
function TestRunPanel({
  source,
  name,
}: {
  source: { draftId: string } | { bundleKey: string; version: number };
  name: string;
}) {
  const { t, pick, lang } = useI18n();
  const [answers, setAnswers] = useState<Answers>({});
  const [run, setRun] = useState<TestRun | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const play = async (given: Answers) => {
    setBusy(true);
    setProblem(null);
    try {
      setRun(await studioApi.testRun({ ...source, answers: given }));
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };
  // The first run, once per panel (keyed by what it plays), brings the form.
  useEffect(() => {
    void play({});
  }, []);

  const fields = useMemo(
    () => (run?.form?.components ?? []).filter((f) => CONDITION_FIELD_TYPES.has(f.type)),
    [run?.form],
  );
  const set = (key: string, value: string | number | boolean | null) =>
    setAnswers((current) => ({ ...current, [key]: value }));

  return (
    <Card title={t('testRun.title', { name })} size="small" data-testid="testrun-panel">
      <Typography.Paragraph type="secondary">{t('testRun.hint')}</Typography.Paragraph>
      {fields.length > 0 && (
        <>
          <Typography.Text strong>{t('testRun.answers')}</Typography.Text>
          <div
            style={{
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
              gap: 12,
              margin: '8px 0 12px',
            }}
          >
            {fields.map((field) => (
              <div key={field.key} style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                <span>
                  {t('lang.api') === 'en' ? field.labelEn : field.label}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {field.key}
                  </Typography.Text>
                </span>
                {field.type === 'number' ? (
                  <InputNumber
                    data-testid={`testrun-answer-${field.key}`}
                    value={(answers[field.key] as number | null | undefined) ?? null}
                    onChange={(v) => set(field.key, v)}
                    style={{ width: '100%' }}
                  />
                ) : field.type === 'checkbox' ? (
                  <Switch
                    data-testid={`testrun-answer-${field.key}`}
                    checked={answers[field.key] === true}
                    checkedChildren={t('testRun.yes')}
                    unCheckedChildren={t('testRun.no')}
                    onChange={(v) => set(field.key, v)}
                  />
                ) : (
                  <Select
                    data-testid={`testrun-answer-${field.key}`}
                    allowClear
                    value={(answers[field.key] as string | undefined) ?? undefined}
                    onChange={(v) => set(field.key, v ?? null)}
                    options={(field.values ?? []).map((o) => ({
                      value: o.value,
                      label: optionLabel(lang, o),
                    }))}
                  />
                )}
              </div>
            ))}
          </div>
        </>
      )}
      <Button type="primary" loading={busy} data-testid="testrun-run" onClick={() => play(answers)}>
        {t('testRun.run')}
      </Button>
      {problem !== null && (
        <Alert type="error" showIcon title={errorText(t, problem)} style={{ marginTop: 12 }} />
      )}
      {run && (
        <div style={{ marginTop: 16 }}>
          <Alert
            data-testid="testrun-outcome"
            type={run.outcome === 'concluded' ? 'success' : 'warning'}
            showIcon
            title={t(`testRun.outcome.${run.outcome}`)}
            description={
              run.problems.length ? (
                <Space orientation="vertical" size={2} data-testid="testrun-problems">
                  {run.problems.map((p) => (
                    <span key={`${p.elementId}:${p.code}`} data-element={p.elementId ?? undefined}>
                      {p.elementId && <Typography.Text code>{p.elementId}</Typography.Text>}{' '}
                      {pick(p.messages)}
                    </span>
                  ))}
                </Space>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
          />
          <Table
            size="small"
            rowKey="itemCode"
            pagination={false}
            dataSource={run.items}
            scroll={{ x: 700 }}
            onRow={(item) => ({ 'data-testid': `testrun-item-${item.itemCode}` }) as never}
            columns={[
              { title: t('testRun.items'), render: (_, item) => pick(item.name) },
              {
                title: t('versions.state'),
                width: 100,
                render: (_, item) =>
                  item.applies ? (
                    <Tag color="green">{t('testRun.applies')}</Tag>
                  ) : (
                    <Tag color="default">
                      {item.condition ? t('testRun.skipped') : t('testRun.notReached')}
                    </Tag>
                  ),
              },
              {
                title: t('testRun.condition'),
                render: (_, item) =>
                  !item.applies && item.condition ? (
                    <span data-testid={`testrun-skipped-by-${item.itemCode}`}>
                      {t('testRun.skippedBy', { condition: pick(item.conditionText) || item.condition })}{' '}
                      <Typography.Text code>{item.condition}</Typography.Text>
                    </span>
                  ) : item.condition ? (
                    <Typography.Text type="secondary" code>
                      {item.condition}
                    </Typography.Text>
                  ) : null,
              },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('testRun.steps', { n: run.steps.length })}
          </Typography.Title>
          <ol data-testid="testrun-steps" style={{ columns: 2, paddingLeft: 20 }}>
            {run.steps.map((step, index) => (
              <li key={`${step.elementId}-${index}`}>{pick(step.name)}</li>
            ))}
          </ol>
          <Typography.Title level={5}>{t('testRun.diagram')}</Typography.Title>
          <Suspense fallback={<Spin />}>
            <TestRunDiagram run={run} skippedLabel={t('testRun.skipped')} />
          </Suspense>
        </div>
      )}
    </Card>
  );
}
