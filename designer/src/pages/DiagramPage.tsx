import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './DiagramPage.css';
import { ArrowLeftOutlined, ExpandOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Switch, Typography } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type CaseDetail } from '../api';
import { useAuth } from '../auth';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { type BundleHeatmap, monitorApi } from '../monitorApi';
import { useApi } from '../useApi';

const OPEN_MARKER = 'yj-open';
const DONE_MARKER = 'yj-done';
const INCIDENT_MARKER = 'yj-incident';

/**
 * Which BPMN elements to mark: a step still open wins over an earlier completed run of it, and an
 * element where the case is stuck (an open incident, shown to staff) wins over both.
 */
function markersFor(c: CaseDetail): Map<string, string> {
  const markers = new Map<string, string>();
  for (const task of c.tasks) if (task.status === 'completed') markers.set(task.elementId, DONE_MARKER);
  for (const task of c.tasks) {
    if (task.status === 'open' || task.status === 'claimed') markers.set(task.elementId, OPEN_MARKER);
  }
  for (const incident of c.incidents ?? []) {
    if (incident.elementId) markers.set(incident.elementId, INCIDENT_MARKER);
  }
  return markers;
}

const HEAT_MARKERS = ['yj-heat-1', 'yj-heat-2', 'yj-heat-3', 'yj-heat-4', 'yj-heat-late'];

/**
 * 热力图 (like Camunda Operate): per element a badge with the cases waiting there and, in red, how
 * many of them are late; the element is shaded by its share of the busiest element's waiting
 * work, and red when any is late. Elements of called item processes are not drawn; skipped.
 */
function paintHeatmap(
  canvas: Canvas,
  registry: ElementRegistry,
  overlays: Overlays,
  heat: BundleHeatmap,
  words: (n: { waiting: number; late: number; incidents: number }) => string,
): void {
  overlays.remove({ type: 'yj-heat' });
  for (const e of registry.getAll()) for (const m of HEAT_MARKERS) canvas.removeMarker(e.id, m);
  const max = Math.max(1, ...heat.elements.map((e) => e.waiting));
  for (const e of heat.elements) {
    if (!registry.get(e.elementId) || (e.waiting === 0 && e.incidents === 0)) continue;
    const level = Math.min(4, Math.max(1, Math.ceil((e.waiting / max) * 4)));
    canvas.addMarker(e.elementId, e.late > 0 || e.incidents > 0 ? 'yj-heat-late' : `yj-heat-${level}`);
    const badge = document.createElement('div');
    badge.className = 'yj-heat-badge';
    badge.title = words(e);
    badge.dataset.element = e.elementId;
    badge.dataset.waiting = String(e.waiting);
    badge.dataset.late = String(e.late);
    const waiting = document.createElement('span');
    waiting.className = 'yj-heat-waiting';
    waiting.textContent = String(e.waiting);
    badge.append(waiting);
    if (e.late + e.incidents > 0) {
      const late = document.createElement('span');
      late.className = 'yj-heat-lateCount';
      late.textContent = String(e.late + e.incidents);
      badge.append(late);
    }
    overlays.add(e.elementId, 'yj-heat', { position: { top: -12, right: 12 }, html: badge });
  }
  // A bundle diagram is wide: bring the busiest element into view at a readable scale.
  const busiest = [...heat.elements]
    .filter((e) => registry.get(e.elementId))
    .sort((a, b) => b.late - a.late || b.waiting - a.waiting)[0];
  const shape = busiest ? registry.get(busiest.elementId) : undefined;
  if (shape && 'width' in shape) {
    const { outer } = canvas.viewbox();
    const [width, height] = [outer.width / 1.2, outer.height / 1.2];
    const [cx, cy] = [shape.x + shape.width / 2, shape.y + shape.height / 2];
    canvas.viewbox({ x: cx - width / 2, y: cy - height / 2, width, height });
  }
}

/**
 * Read-only BPMN of a bundle; with `?case=<id>` the case's open and finished steps are highlighted;
 * managers and admins can lay the heat map of all the bundle's open work over it (`?heatmap=1`).
 */
export default function DiagramPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const caseId = search.get('case');
  const { user } = useAuth();
  const mayHeat = user?.role === 'manager' || user?.role === 'admin';
  const heatOn = mayHeat && search.get('heatmap') === '1';
  const { data: heat } = useApi(
    (signal) => (heatOn ? monitorApi.heatmap(key, signal) : Promise.resolve(null)),
    [key, heatOn],
  );
  const [imported, setImported] = useState(0);
  const toggleHeat = (on: boolean) => {
    const next = new URLSearchParams(search);
    if (on) next.set('heatmap', '1');
    else next.delete('heatmap');
    setSearch(next, { replace: true });
  };
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);

  const { data: xml, error: xmlError, loading } = useApi((signal) => api.bundleBpmn(key, signal), [key]);
  const { data: bundle } = useApi((signal) => api.bundle(key, signal), [key]);
  const { data: highlighted } = useApi(
    (signal) => (caseId ? api.case(caseId, signal) : Promise.resolve(null)),
    [caseId],
  );

  // One viewer per mounted page; it is destroyed with the page so no listeners leak.
  useEffect(() => {
    if (!containerRef.current) return;
    const viewer = new NavigatedViewer({ container: containerRef.current });
    viewerRef.current = viewer;
    return () => {
      viewer.destroy();
      viewerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !xml) return;
    let cancelled = false;
    setRenderError(null);
    viewer.importXML(xml).then(
      () => {
        if (cancelled) return;
        const canvas = viewer.get<Canvas>('canvas');
        canvas.zoom('fit-viewport');
        setImported((n) => n + 1);
        if (!highlighted) return;
        const registry = viewer.get<ElementRegistry>('elementRegistry');
        for (const [elementId, marker] of markersFor(highlighted)) {
          // Steps of called item processes are not drawn in the bundle diagram; skip them.
          if (registry.get(elementId)) canvas.addMarker(elementId, marker);
        }
      },
      (err: unknown) => {
        if (!cancelled) setRenderError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [xml, highlighted]);

  // The heat map is laid over the imported diagram, and lifted when switched off.
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || imported === 0) return;
    const empty: BundleHeatmap = { bundleKey: key, elements: [] };
    paintHeatmap(
      viewer.get<Canvas>('canvas'),
      viewer.get<ElementRegistry>('elementRegistry'),
      viewer.get<Overlays>('overlays'),
      heatOn && heat ? heat : empty,
      (n) =>
        [
          t('heatmap.waiting', { n: n.waiting }),
          n.late ? t('heatmap.late', { n: n.late }) : '',
          n.incidents ? t('heatmap.incidents', { n: n.incidents }) : '',
        ]
          .filter(Boolean)
          .join(' · '),
    );
  }, [heat, heatOn, imported, key, t]);

  const fit = () => viewerRef.current?.get<Canvas>('canvas').zoom('fit-viewport');

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(-1)}
            aria-label={t('common.back')}
          />
          {t('diagram.title', { name: bundle ? pick(bundle.name) : key })}
          {highlighted && (
            <Link to={`/cases/${encodeURIComponent(highlighted.id)}`}>
              <Typography.Text type="secondary">
                {t('diagram.case', { caseNumber: highlighted.caseNumber })}
              </Typography.Text>
            </Link>
          )}
        </Space>
      }
      extra={
        <Space>
          {mayHeat && (
            <Space size={6}>
              <Switch checked={heatOn} onChange={toggleHeat} data-testid="heatmap-toggle" size="small" />
              {t('heatmap.show')}
            </Space>
          )}
          <Button icon={<ExpandOutlined />} onClick={fit}>
            {t('diagram.fit')}
          </Button>
        </Space>
      }
    >
      {(xmlError || renderError) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('diagram.loadFailed')}
          description={renderError ?? errorText(t, xmlError)}
        />
      )}
      {highlighted && (
        <Space size="large" style={{ marginBottom: 12 }}>
          <span>
            <span className="yj-legend-swatch" style={{ borderColor: '#d46b08', background: '#fff7e6' }} />
            {t('diagram.legendOpen')}
          </span>
          <span>
            <span className="yj-legend-swatch" style={{ borderColor: '#389e0d', background: '#f6ffed' }} />
            {t('diagram.legendDone')}
          </span>
          {(highlighted.incidents ?? []).length > 0 && (
            <span>
              <span className="yj-legend-swatch" style={{ borderColor: '#cf1322', background: '#fff1f0' }} />
              {t('incident.tag')}
            </span>
          )}
        </Space>
      )}
      {heatOn && (
        <Typography.Paragraph type="secondary" data-testid="heatmap-legend">
          <span className="yj-heat-badge yj-heat-legend">
            <span className="yj-heat-waiting">n</span>
            <span className="yj-heat-lateCount">n</span>
          </span>{' '}
          {t('heatmap.legend')}
        </Typography.Paragraph>
      )}
      <Spin spinning={loading}>
        <div
          ref={containerRef}
          className="yj-bpmn-canvas"
          data-testid="bpmn-canvas"
          style={{
            height: 'calc(100vh - 280px)',
            minHeight: 420,
            border: '1px solid #f0f0f0',
            borderRadius: 6,
          }}
        />
      </Spin>
    </Card>
  );
}
