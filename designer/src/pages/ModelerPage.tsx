import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './ModelerPage.css';
import {
  CloudUploadOutlined,
  DownloadOutlined,
  ExpandOutlined,
  RedoOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Spin, Table, Tag, Typography } from 'antd';
import type BpmnModeler from 'bpmn-js/lib/Modeler';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api, type BundleDetail, type Department, newIdempotencyKey } from '../api';
import { errorText } from '../errors';
import { apiLanguage, useI18n } from '../i18n';
import { createModeler } from '../modeler/createModeler';
import type { FeelVariable, PanelText } from '../modeler/yjProperties';
import { panelMessages } from '../modelerI18n';
import { useApi } from '../useApi';

// biome-ignore lint/suspicious/noExplicitAny: diagram-js services are untyped.
type Service = any;

/** One problem on the canvas: from the live lint, or from the server's refusal. */
interface Problem {
  elementId: string | null;
  message: string;
}

/** The form's answers as FEEL variables: `shop.area` is `shop` with an entry `area`. */
function feelVariables(form: BundleDetail['form'] | undefined): FeelVariable[] {
  const roots = new Map<string, FeelVariable>();
  for (const field of form?.components ?? []) {
    if (!field.key) continue;
    const [head, ...rest] = field.key.split('.');
    const label = typeof field.label === 'string' ? field.label : '';
    if (!head) continue;
    const root = roots.get(head) ?? { name: head, entries: [] };
    if (rest.length === 0) Object.assign(root, { detail: field.type, info: label });
    else root.entries?.push({ name: rest.join('.'), detail: field.type, info: label });
    roots.set(head, root);
  }
  return [...roots.values()];
}

const REFUSED_MARKER = 'yj-refused';

/**
 * 流程建模: a bundle's latest process in bpmn-js's Modeler — palette and menus of what the engine
 * runs, the `yj` properties panel, the deploy check linting live on each element — deployed as the
 * bundle's next version. Without a key: the bundles to pick from.
 */
export default function ModelerPage() {
  const { key } = useParams();
  return key ? <ModelerEditor bundleKey={key} /> : <BundlePicker />;
}

function BundlePicker() {
  const { t, pick } = useI18n();
  const { data: bundles, loading } = useApi((signal) => api.bundles(signal), []);
  return (
    <Card title={t('modeler.title')}>
      <Typography.Paragraph type="secondary">{t('modeler.pick')}</Typography.Paragraph>
      <Table
        rowKey="key"
        loading={loading}
        dataSource={bundles ?? []}
        pagination={false}
        columns={[
          { title: 'key', dataIndex: 'key', render: (k: string) => <code>{k}</code> },
          { title: t('modeler.title'), render: (_: unknown, b) => pick(b.name) },
          { title: 'v', dataIndex: 'version', render: (v: number) => <Tag>v{v}</Tag> },
          {
            title: '',
            render: (_: unknown, b) => (
              <Link to={`/studio/model/${encodeURIComponent(b.key)}`} data-testid={`modeler-open-${b.key}`}>
                {t('modeler.open')}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}

function ModelerEditor({ bundleKey }: { bundleKey: string }) {
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<BpmnModeler | null>(null);
  /** The document as last edited, so a language switch (a new modeler) keeps the changes. */
  const xmlRef = useRef<string | null>(null);
  const [reload, setReload] = useState(0);
  const { data, error, loading } = useApi(
    (signal) =>
      Promise.all([
        api.bundleBpmn(bundleKey, signal),
        api.bundle(bundleKey, signal),
        api.departments(signal),
      ]),
    [bundleKey, reload],
  );
  const [xml, bundle, departments] = data ?? [null, null, null];
  const [renderError, setRenderError] = useState<string | null>(null);
  const [lintIssues, setLintIssues] = useState<Problem[]>([]);
  const [refusal, setRefusal] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [deploying, setDeploying] = useState(false);

  const variables = useMemo(() => feelVariables(bundle?.form), [bundle]);

  useEffect(() => {
    if (xml) xmlRef.current = xml;
  }, [xml]);

  useEffect(() => {
    if (!canvasRef.current || !panelRef.current || !xmlRef.current || !departments) return;
    const modeler = createModeler({
      container: canvasRef.current,
      propertiesParent: panelRef.current,
      lang,
      yijian: {
        departments: (departments as Department[]).map((d) => ({ id: d.id, name: pick(d.name) })),
        variables,
        text: (k: PanelText) => panelMessages[k][lang],
      },
    });
    modelerRef.current = modeler;
    // For tests and the console: the modeler of the page.
    (window as unknown as { __yjModeler?: BpmnModeler }).__yjModeler = modeler;
    let cancelled = false;
    modeler.on(
      'linting.completed',
      (event: { issues: Record<string, { id: string; message: string }[]> }) => {
        const list: Problem[] = [];
        for (const [id, issues] of Object.entries(event.issues)) {
          for (const issue of issues) list.push({ elementId: id, message: issue.message });
        }
        if (!cancelled) setLintIssues(list);
      },
    );
    modeler.on('commandStack.changed', () => {
      modeler.saveXML({ format: true }).then(({ xml: current }) => {
        if (current) xmlRef.current = current;
      });
    });
    setRenderError(null);
    modeler.importXML(xmlRef.current).then(
      () => {
        if (cancelled) return;
        (modeler.get('canvas') as Service).zoom('fit-viewport');
        (modeler.get('linting') as Service).activate();
      },
      (err: unknown) => {
        if (!cancelled) setRenderError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
      modeler.destroy();
      modelerRef.current = null;
    };
  }, [departments, lang, variables, pick]);

  const service = (name: string): Service => modelerRef.current?.get(name);
  const select = (elementId: string | null) => {
    const element = elementId ? service('elementRegistry')?.get(elementId) : null;
    if (!element) return;
    service('selection').select(element);
    service('canvas').scrollToElement?.(element);
  };

  const markRefused = (problems: Problem[]) => {
    const registry = service('elementRegistry');
    const canvas = service('canvas');
    for (const element of registry?.getAll() ?? []) canvas.removeMarker(element, REFUSED_MARKER);
    for (const p of problems)
      if (p.elementId && registry.get(p.elementId)) canvas.addMarker(p.elementId, REFUSED_MARKER);
  };

  const deploy = async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setDeploying(true);
    setRefusal(null);
    markRefused([]);
    try {
      const { xml: document } = await modeler.saveXML({ format: true });
      const result = await api.deployBpmn(bundleKey, document ?? '', newIdempotencyKey());
      message.success(
        result.versionCreated
          ? t('modeler.deployed', { version: result.version })
          : t('modeler.unchanged', { version: result.version }),
      );
      xmlRef.current = document ?? null;
      setReload((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'deployment_refused') {
        const language = apiLanguage(lang);
        const problems = err.details.map((d) => ({
          elementId: d.path.startsWith('bpmn.') ? d.path.slice(5) : null,
          message: d.messages?.[language] ?? d.message,
        }));
        setRefusal({ message: t('modeler.refused', { count: problems.length }), problems });
        markRefused(problems);
      } else {
        message.error(errorText(t, err));
      }
    } finally {
      setDeploying(false);
    }
  };

  const exportXml = async () => {
    const result = await modelerRef.current?.saveXML({ format: true });
    if (!result?.xml) return;
    const url = URL.createObjectURL(new Blob([result.xml], { type: 'application/xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${bundleKey}.bpmn`;
    link.click();
    URL.revokeObjectURL(url);
  };

  const problemList = (problems: Problem[], testId: string) => (
    <List
      size="small"
      data-testid={testId}
      dataSource={problems}
      renderItem={(p) => (
        <List.Item
          style={{ cursor: p.elementId ? 'pointer' : undefined }}
          onClick={() => select(p.elementId)}
        >
          <Space align="start">
            <Tag color="red">{p.elementId ?? t('modeler.model')}</Tag>
            <span>{p.message}</span>
          </Space>
        </List.Item>
      )}
    />
  );

  return (
    <Card
      title={
        bundle
          ? t('modeler.titleOf', { name: pick(bundle.name), version: bundle.version })
          : t('modeler.title')
      }
      extra={
        <Space wrap>
          <Button
            icon={<UndoOutlined />}
            onClick={() => service('commandStack')?.undo()}
            aria-label={t('modeler.undo')}
          >
            {t('modeler.undo')}
          </Button>
          <Button
            icon={<RedoOutlined />}
            onClick={() => service('commandStack')?.redo()}
            aria-label={t('modeler.redo')}
          >
            {t('modeler.redo')}
          </Button>
          <Button icon={<ExpandOutlined />} onClick={() => service('canvas')?.zoom('fit-viewport')}>
            {t('modeler.fit')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={exportXml}>
            {t('modeler.export')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            loading={deploying}
            onClick={deploy}
            data-testid="modeler-deploy"
          >
            {t('modeler.deploy')}
          </Button>
        </Space>
      }
    >
      {(error || renderError) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('modeler.loadFailed')}
          description={renderError ?? errorText(t, error)}
        />
      )}
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="modeler-refusal"
          title={refusal.message}
          description={problemList(refusal.problems, 'modeler-refusal-list')}
        />
      )}
      <Spin spinning={loading}>
        <div className="yj-modeler">
          <div ref={canvasRef} className="yj-modeler-canvas" data-testid="modeler-canvas" />
          <div className="yj-modeler-panel" data-testid="modeler-properties">
            <div ref={panelRef} />
          </div>
        </div>
      </Spin>
      <div style={{ marginTop: 12 }} data-testid="modeler-lint">
        {lintIssues.length === 0 ? (
          <Alert type="success" showIcon title={t('modeler.clean')} />
        ) : (
          <Alert
            type="warning"
            showIcon
            title={t('modeler.issues', { count: lintIssues.length })}
            description={problemList(lintIssues, 'modeler-lint-list')}
          />
        )}
      </div>
    </Card>
  );
}
