import { DeleteOutlined, EyeOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { checkFeel } from '@yijian/engine/feel';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  ApiError,
  type ApiLanguage,
  api,
  type CatalogueItem,
  type ComposedBundle,
  type CompositionPreview,
  type CompositionRequest,
  newIdempotencyKey,
} from '../api';
import BpmnView from '../components/BpmnView';
import { ErrorResult } from '../components/ErrorResult';
import { errorText } from '../errors';
import { limitText } from '../format';
import { useI18n } from '../i18n';
import { studioApi } from '../studioApi';
import { useApi, useDepartments } from '../useApi';

interface Basics {
  key: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  leadDepartmentId: string;
  promisedDays?: number | null;
}

/** One picked item: its inclusion condition and the items it waits for. */
interface PickedItem {
  itemCode: string;
  when: string;
  after: string[];
}

/** The draft being edited in place (组合草稿): saved back with the revision it was opened at. */
interface OpenDraft {
  id: string;
  name: string;
  bundleKey: string;
  updatedAt: string;
}

/** Answers a condition can sensibly test: numbers, ticks and choices. */
const CONDITION_FIELD_TYPES = new Set(['number', 'checkbox', 'select']);

/**
 * 组合事项: a designer composes a bundle from catalogue items — order (prerequisites) and
 * inclusion conditions — previews the composed BPMN in bpmn-js, and publishes it with one request.
 * Opened with `?draft=<id>`, it edits a composition draft in place: 保存草稿 writes it back with
 * the revision it was opened at (a stale save is the server's 409), 发布 deploys it.
 */
export default function ComposeBundlePage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const { data: catalogue, error: catalogueError, reload } = useApi((signal) => api.items(signal), []);
  const { data: bundles } = useApi((signal) => api.bundles(signal), []);
  const [form] = Form.useForm<Basics>();
  const basics = Form.useWatch([], form) as Basics | undefined;
  const [items, setItems] = useState<PickedItem[]>([]);
  const [preview, setPreview] = useState<{ request: string; result: CompositionPreview } | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [published, setPublished] = useState<ComposedBundle | null>(null);
  const [busy, setBusy] = useState<'preview' | 'publish' | 'save' | null>(null);
  const [searchParams] = useSearchParams();
  const draftId = searchParams.get('draft');
  const [draft, setDraft] = useState<OpenDraft | null>(null);

  const byCode = useMemo(() => new Map((catalogue ?? []).map((i) => [i.code, i])), [catalogue]);

  const request: CompositionRequest = {
    key: basics?.key?.trim() ?? '',
    name: { zh: basics?.nameZh?.trim() ?? '', en: basics?.nameEn?.trim() ?? '' },
    description: { zh: basics?.descriptionZh?.trim() ?? '', en: basics?.descriptionEn?.trim() ?? '' },
    leadDepartmentId: basics?.leadDepartmentId ?? '',
    items: items.map(({ itemCode, when }) => (when.trim() ? { itemCode, when: when.trim() } : { itemCode })),
    prerequisites: items.flatMap((item) =>
      item.after
        .filter((code) => items.some((i) => i.itemCode === code))
        .map((before) => ({ before, after: item.itemCode })),
    ),
    ...(basics?.promisedDays
      ? { promisedLimit: { value: basics.promisedDays, unit: 'workingDays' as const } }
      : {}),
  };
  const requestJson = JSON.stringify(request);
  // One key per distinct request: a retry of the same publish is answered once, a change is new.
  const idempotencyKey = useMemo(() => {
    void requestJson;
    return newIdempotencyKey();
  }, [requestJson]);

  /** Fills the page with a composition (of a bundle or a draft); a shipped one becomes a copy. */
  const fill = (template: CompositionRequest, shipped: boolean) => {
    const key = shipped ? `${template.key}-copy` : template.key;
    form.setFieldsValue({
      key,
      nameZh: shipped ? `${template.name.zh}（副本）` : template.name.zh,
      nameEn: shipped ? `${template.name.en} (copy)` : template.name.en,
      descriptionZh: template.description.zh,
      descriptionEn: template.description.en,
      leadDepartmentId: template.leadDepartmentId,
      promisedDays: template.promisedLimit?.unit === 'workingDays' ? template.promisedLimit.value : null,
    });
    setItems(
      template.items.map(({ itemCode, when }) => ({
        itemCode,
        when: when ?? '',
        after: template.prerequisites.filter((p) => p.after === itemCode).map((p) => p.before),
      })),
    );
    setPreview(null);
    setPublished(null);
    setProblem(null);
    return key;
  };

  // Loads once per draft id (fill and t only set state and read text).
  useEffect(() => {
    if (!draftId) {
      setDraft(null);
      return;
    }
    const controller = new AbortController();
    studioApi.draft(draftId, controller.signal).then(
      (loaded) => {
        if (!loaded.composition) {
          setProblem(new Error(t('drafts.notComposition')));
          return;
        }
        fill(loaded.composition, false);
        setDraft({
          id: loaded.id,
          name: loaded.name,
          bundleKey: loaded.bundleKey,
          updatedAt: loaded.updatedAt,
        });
      },
      (err) => {
        if (!controller.signal.aborted) setProblem(err);
      },
    );
    return () => controller.abort();
  }, [draftId]);

  if (catalogueError) return <ErrorResult error={catalogueError} onRetry={reload} />;

  const update = (code: string, change: Partial<PickedItem>) =>
    setItems((list) => list.map((i) => (i.itemCode === code ? { ...i, ...change } : i)));
  const remove = (code: string) =>
    setItems((list) =>
      list
        .filter((i) => i.itemCode !== code)
        .map((i) => ({ ...i, after: i.after.filter((c) => c !== code) })),
    );

  /** Fills the page with an existing bundle's composition; a shipped one becomes a copy under a new key. */
  const startFrom = async (bundleKey: string) => {
    try {
      const template = await api.bundleComposition(bundleKey);
      const key = fill(template, template.shipped);
      if (template.shipped) {
        message.info(t('compose.templateShipped', { name: pick(template.name), key }));
      }
    } catch (err) {
      setProblem(err);
    }
  };

  /** 保存草稿: the composition back over the open draft, with the revision it was opened at. */
  const saveDraft = async () => {
    if (!draft) return;
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy('save');
    setProblem(null);
    try {
      const saved = await studioApi.saveDraftComposition(draft.id, draft.updatedAt, request);
      setDraft({ ...draft, updatedAt: saved.updatedAt });
      message.success(t('drafts.saved', { name: saved.name }));
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(null);
    }
  };

  const run = async (what: 'preview' | 'publish') => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(what);
    setProblem(null);
    try {
      if (what === 'preview') {
        setPreview({ request: requestJson, result: await api.previewBundle(request) });
      } else {
        const bundle = await api.publishBundle(request, idempotencyKey);
        setPublished(bundle);
        message.success(t('compose.published', { name: pick(bundle.name), version: bundle.version }));
      }
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(null);
    }
  };

  const conditionFields = [
    ...new Map(
      items
        .flatMap((i) => byCode.get(i.itemCode)?.fields ?? [])
        .filter((f) => CONDITION_FIELD_TYPES.has(f.type))
        .map((f) => [f.key, f]),
    ).values(),
  ];
  const itemLabel = (item: CatalogueItem) => `${pick(item.name)} (${item.code})`;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3}>{t('compose.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('compose.intro')}</Typography.Paragraph>
      </div>
      {draft && (
        <Alert
          type="info"
          showIcon
          data-testid="compose-draft"
          title={t('drafts.editing', { name: draft.name, key: draft.bundleKey })}
          action={
            <Link to={`/studio/versions/${encodeURIComponent(draft.bundleKey)}`}>
              {t('drafts.backToBundle')}
            </Link>
          }
        />
      )}

      <Card
        title={t('compose.basics')}
        extra={
          <Select
            data-testid="compose-template"
            disabled={draft !== null}
            style={{ width: 260 }}
            placeholder={t('compose.template')}
            value={null}
            showSearch={{ optionFilterProp: 'label' }}
            options={(bundles ?? []).map((b) => ({ value: b.key, label: pick(b.name) }))}
            onChange={(key: string | null) => {
              if (key) void startFrom(key);
            }}
          />
        }
      >
        <Form form={form} layout="vertical" requiredMark>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="key"
                label={t('compose.key')}
                extra={t('compose.keyHint')}
                rules={[
                  { required: true, pattern: /^[a-z][a-zA-Z0-9-]{0,63}$/, message: t('compose.keyHint') },
                ]}
              >
                {/* A draft belongs to its bundle: its key is not edited here. */}
                <Input data-testid="compose-key" disabled={draft !== null} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="nameZh" label={t('compose.nameZh')} rules={[{ required: true }]}>
                <Input data-testid="compose-name-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="nameEn" label={t('compose.nameEn')} rules={[{ required: true }]}>
                <Input data-testid="compose-name-en" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="descriptionZh" label={t('compose.descriptionZh')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} data-testid="compose-description-zh" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="descriptionEn" label={t('compose.descriptionEn')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} data-testid="compose-description-en" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="leadDepartmentId" label={t('compose.lead')} rules={[{ required: true }]}>
                <Select
                  data-testid="compose-lead"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="promisedDays" label={t('compose.promised')}>
                <InputNumber min={1} max={45} style={{ width: '100%' }} data-testid="compose-promised" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card title={t('compose.items')}>
        <Select
          data-testid="compose-add-item"
          style={{ width: '100%', marginBottom: 16 }}
          placeholder={t('compose.pickItems')}
          value={null}
          showSearch={{ optionFilterProp: 'label' }}
          options={(catalogue ?? [])
            .filter((i) => !items.some((p) => p.itemCode === i.code))
            .map((i) => ({ value: i.code, label: `${itemLabel(i)} · ${departmentName(i.departmentId)}` }))}
          onChange={(code: string | null) => {
            if (code) setItems((list) => [...list, { itemCode: code, when: '', after: [] }]);
          }}
        />
        <Table<PickedItem>
          data-testid="compose-item-table"
          scroll={{ x: 'max-content' }}
          size="small"
          pagination={false}
          rowKey="itemCode"
          dataSource={items}
          locale={{ emptyText: <Empty description={t('compose.pickItems')} /> }}
          columns={[
            {
              key: 'item',
              title: t('guide.item'),
              width: 300,
              render: (_, p) => {
                const item = byCode.get(p.itemCode);
                if (!item) return p.itemCode;
                return (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{pick(item.name)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {item.code} · {departmentName(item.departmentId)} · {t('guide.promised')}{' '}
                      {limitText(t, { ...item.promisedLimit, kind: 'promised' })}
                    </Typography.Text>
                  </Space>
                );
              },
            },
            {
              key: 'after',
              title: t('compose.after'),
              width: 280,
              render: (_, p) => (
                <Select
                  data-testid={`compose-after-${p.itemCode}`}
                  mode="multiple"
                  style={{ width: '100%' }}
                  value={p.after}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={items
                    .filter((other) => other.itemCode !== p.itemCode)
                    .map((other) => {
                      const item = byCode.get(other.itemCode);
                      return { value: other.itemCode, label: item ? itemLabel(item) : other.itemCode };
                    })}
                  onChange={(after: string[]) => update(p.itemCode, { after })}
                />
              ),
            },
            {
              key: 'when',
              title: t('compose.when'),
              render: (_, p) => {
                // The engine's own compiler checks the condition as it is typed: syntax, subset and
                // budget — the sentence a preview or publish would refuse it with.
                const feelProblem = p.when.trim() ? checkFeel(p.when) : null;
                return (
                  <>
                    <Input
                      data-testid={`compose-when-${p.itemCode}`}
                      value={p.when}
                      status={feelProblem ? 'error' : undefined}
                      placeholder={t('compose.whenPlaceholder')}
                      style={{ fontFamily: 'monospace' }}
                      onChange={(e) => update(p.itemCode, { when: e.target.value })}
                    />
                    {feelProblem && (
                      <Typography.Text type="danger" data-testid={`compose-when-error-${p.itemCode}`}>
                        {t('compose.whenInvalid')}
                        {feelProblem}
                      </Typography.Text>
                    )}
                  </>
                );
              },
            },
            {
              key: 'remove',
              width: 56,
              render: (_, p) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('compose.remove')}
                  onClick={() => remove(p.itemCode)}
                />
              ),
            },
          ]}
        />
        {conditionFields.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('compose.fieldsHint')}{' '}
            {conditionFields.map((f) => (
              <Tag key={f.key} title={f.type}>
                <Typography.Text code>{f.key}</Typography.Text> {f.label}
              </Tag>
            ))}
          </Typography.Paragraph>
        )}
      </Card>

      {problem !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="compose-errors"
          title={t('compose.refused')}
          description={
            problem instanceof ApiError && problem.details.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problem.details.map((d) => (
                  <li key={`${d.path}-${d.message}`}>
                    <Typography.Text code>{d.path}</Typography.Text>{' '}
                    {d.messages?.[t('lang.api') as ApiLanguage] ?? d.message}
                  </li>
                ))}
              </ul>
            ) : (
              errorText(t, problem)
            )
          }
        />
      )}
      {published && (
        <Alert
          type="success"
          showIcon
          data-testid="compose-published"
          title={
            published.versionCreated
              ? t('compose.published', { name: pick(published.name), version: published.version })
              : t('compose.unchanged', { version: published.version })
          }
          description={
            <Space>
              <Link to={`/guide/${encodeURIComponent(published.key)}`} data-testid="compose-open-guide">
                {t('compose.openGuide')}
              </Link>
              <Link to={`/bundles/${encodeURIComponent(published.key)}/diagram`}>
                {t('compose.openDiagram')}
              </Link>
              <Link
                to={`/studio/model/${encodeURIComponent(published.key)}`}
                data-testid="compose-open-modeler"
              >
                {t('modeler.open')}
              </Link>
            </Space>
          }
        />
      )}

      <Card
        title={t('compose.previewTitle')}
        extra={
          <Space>
            {draft && (
              <Button
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                disabled={items.length === 0}
                data-testid="compose-save-draft"
                onClick={saveDraft}
              >
                {t('drafts.save')}
              </Button>
            )}
            <Button
              icon={<EyeOutlined />}
              loading={busy === 'preview'}
              disabled={items.length === 0}
              data-testid="compose-preview"
              onClick={() => run('preview')}
            >
              {t('compose.preview')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'publish'}
              disabled={items.length === 0}
              data-testid="compose-publish"
              onClick={() => run('publish')}
            >
              {t('compose.publish')}
            </Button>
          </Space>
        }
      >
        {preview ? (
          <>
            {preview.request !== requestJson && (
              <Alert type="warning" showIcon title={t('compose.stale')} style={{ marginBottom: 12 }} />
            )}
            {preview.result.warnings.map((w) => (
              <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 12 }} />
            ))}
            <Typography.Paragraph type="secondary" data-testid="compose-preview-summary">
              {t('compose.previewSummary', {
                items: preview.result.guide.items.length,
                departments: preview.result.guide.departments.length,
                materials: preview.result.guide.materials.length,
                fields: preview.result.form.components.length,
              })}
            </Typography.Paragraph>
            <BpmnView xml={preview.result.bpmn} height={480} testId="compose-bpmn" />
          </>
        ) : (
          <Empty description={t('compose.previewEmpty')} />
        )}
      </Card>
    </Space>
  );
}
