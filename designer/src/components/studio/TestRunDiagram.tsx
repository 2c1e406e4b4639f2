import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './TestRunDiagram.css';
import { Alert } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type Overlays from 'diagram-js/lib/features/overlays/Overlays';
import { useEffect, useRef, useState } from 'react';
import type { TestRun } from '../../studioApi';

/**
 * The path of a test run on the diagram (bpmn-js markers): the elements and flows the engine went
 * through in green, the items it skipped greyed with a badge. Import it lazily (bpmn-js).
 */
export default function TestRunDiagram({
  run,
  skippedLabel,
  height = 520,
}: {
  run: TestRun;
  skippedLabel: string;
  height?: number;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!containerRef.current) return;
    const viewer = new NavigatedViewer({ container: containerRef.current });
    let cancelled = false;
    viewer.importXML(run.bpmn).then(
      () => {
        if (cancelled) return;
        const canvas = viewer.get<Canvas>('canvas');
        const registry = viewer.get<ElementRegistry>('elementRegistry');
        const overlays = viewer.get<Overlays>('overlays');
        for (const id of [...run.visitedElements, ...run.takenFlows]) {
          if (registry.get(id)) canvas.addMarker(id, 'yj-path');
        }
        for (const item of run.items) {
          if (item.applies || !registry.get(item.elementId)) continue;
          canvas.addMarker(item.elementId, 'yj-skipped');
          const badge = document.createElement('span');
          badge.className = 'yj-skip-badge';
          badge.dataset.testid = `testrun-skip-badge-${item.itemCode}`;
          badge.textContent = skippedLabel;
          overlays.add(item.elementId, { position: { top: -12, left: 0 }, html: badge });
        }
        canvas.zoom('fit-viewport');
      },
      (err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      cancelled = true;
      viewer.destroy();
    };
  }, [run, skippedLabel]);

  return (
    <>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <div
        ref={containerRef}
        data-testid="testrun-diagram"
        style={{ height, border: '1px solid #f0f0f0', borderRadius: 6 }}
      />
    </>
  );
}
