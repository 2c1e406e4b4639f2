import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './DiagramPage.css';
import { ArrowLeftOutlined, ExpandOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Spin, Typography } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type CaseDetail } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
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

/** Read-only BPMN of a bundle; with `?case=<id>` the case's open and finished steps are highlighted. */
export default function DiagramPage() {
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  const caseId = search.get('case');
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
        <Button icon={<ExpandOutlined />} onClick={fit}>
          {t('diagram.fit')}
        </Button>
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
