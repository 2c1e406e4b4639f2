import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import { Alert } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import { useEffect, useRef, useState } from 'react';

/**
 * A read-only bpmn-js viewer of one XML string, fitted to its box; used where the XML is not yet
 * deployed (the composer's preview). Import it lazily: bpmn-js is most of the bundle's weight.
 */
export default function BpmnView({
  xml,
  height,
  testId,
}: {
  xml: string;
  height: number | string;
  testId?: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<NavigatedViewer | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    if (!viewer) return;
    let cancelled = false;
    setError(null);
    viewer.importXML(xml).then(
      () => {
        if (!cancelled) viewer.get<Canvas>('canvas').zoom('fit-viewport');
      },
      (err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [xml]);

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <div
        ref={containerRef}
        data-testid={testId}
        style={{ height, minHeight: 320, border: '1px solid #f0f0f0', borderRadius: 6 }}
      />
    </>
  );
}
