/**
 * Acceptance 6 of issue 11: a generated 300-element diagram imports into the Studio's modeler
 * (createModeler: bpmn-js Modeler, yj properties panel, engine-only palette, live deploy check)
 * and is editable. Its import time is reported as a ratio to bpmn-js's read-only Viewer importing
 * the same diagram in the same page (the floor any bpmn-js editor starts from), median of runs.
 * Runs in Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH), no server.
 */
import { layoutProcess } from 'bpmn-auto-layout';
import { launchChromium } from '../support/browser';
import { modelerBundle } from '../support/modelerBundle';

export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
}

/**
 * A bundle-like process of `blocks` blocks — an exclusive split on a FEEL condition, two
 * department steps, a join: 4 nodes and 5 flows each — between a start and an end, laid out
 * with DI by bpmn-auto-layout. 33 blocks make 300 elements.
 */
export async function generatedDiagram(blocks = 33): Promise<{ xml: string; elements: number }> {
  const nodes: { tag: string; id: string; attrs: string }[] = [{ tag: 'startEvent', id: 'start', attrs: '' }];
  const flows: { id: string; from: string; to: string; condition?: string }[] = [];
  let previous = 'start';
  for (let i = 0; i < blocks; i++) {
    nodes.push(
      { tag: 'exclusiveGateway', id: `split${i}`, attrs: ` default="f${i}b"` },
      { tag: 'userTask', id: `a${i}`, attrs: ` name="审查 ${i}" yj:department="market"` },
      { tag: 'userTask', id: `b${i}`, attrs: ` name="核查 ${i}" yj:department="fire"` },
      { tag: 'exclusiveGateway', id: `join${i}`, attrs: '' },
    );
    flows.push(
      { id: `f${i}in`, from: previous, to: `split${i}` },
      { id: `f${i}a`, from: `split${i}`, to: `a${i}`, condition: `=shop.area &gt; ${i * 10}` },
      { id: `f${i}b`, from: `split${i}`, to: `b${i}` },
      { id: `f${i}ao`, from: `a${i}`, to: `join${i}` },
      { id: `f${i}bo`, from: `b${i}`, to: `join${i}` },
    );
    previous = `join${i}`;
  }
  nodes.push({ tag: 'endEvent', id: 'end', attrs: '' });
  flows.push({ id: 'fend', from: previous, to: 'end' });
  // bpmn-auto-layout follows each node's incoming/outgoing references.
  const node = (n: (typeof nodes)[number]) =>
    `<bpmn:${n.tag} id="${n.id}"${n.attrs}>${flows
      .filter((f) => f.to === n.id)
      .map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`)
      .join('')}${flows
      .filter((f) => f.from === n.id)
      .map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`)
      .join('')}</bpmn:${n.tag}>`;
  const flow = (f: (typeof flows)[number]) =>
    f.condition
      ? `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${f.condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}" />`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="bench" targetNamespace="http://yijian.dev/bench">
  <bpmn:process id="bench300" isExecutable="true">${nodes.map(node).join('')}${flows.map(flow).join('')}</bpmn:process>
</bpmn:definitions>`;
  return { xml: await layoutProcess(xml), elements: nodes.length + flows.length };
}

/** Import time of the modeler over the Viewer's, on the same diagram; checks it is editable. */
export async function modelerImportBench(
  options: { runs?: number; say?: (line: string) => void } = {},
): Promise<BenchFigure & { modelerMs: number; viewerMs: number; elements: number }> {
  const runs = options.runs ?? 7;
  const { xml, elements } = await generatedDiagram();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.setContent(
      '<div id="canvas" style="width:1000px;height:800px"></div><div id="panel" style="width:360px"></div><div id="viewer" style="width:1000px;height:800px"></div>',
    );
    await page.addScriptTag({ content: await modelerBundle() });
    // tsx (esbuild keepNames) wraps the functions sent to the page in __name(); give the page one.
    await page.evaluate('globalThis.__name = (f) => f');
    const result = await page.evaluate(
      async ({ source, runs }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's bundle.
        const g = globalThis as any;
        const kit = g.yjModelerKit;
        const doc = g.document;
        const modeler = kit.createModeler({
          container: doc.getElementById('canvas'),
          propertiesParent: doc.getElementById('panel'),
          lang: 'zh',
          yijian: {
            departments: [{ id: 'market', name: '市场监管' }],
            variables: [],
            text: (k: string) => k,
          },
        });
        const viewer = new kit.Viewer({ container: doc.getElementById('viewer') });
        const time = async (importer: { importXML(xml: string): Promise<unknown> }) => {
          const start = performance.now();
          await importer.importXML(source);
          return performance.now() - start;
        };
        const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
        // One warm-up each (code paths, fonts), then alternate so both see the same machine load.
        await time(modeler);
        await time(viewer);
        const modelerTimes: number[] = [];
        const viewerTimes: number[] = [];
        for (let i = 0; i < runs; i++) {
          modelerTimes.push(await time(modeler));
          viewerTimes.push(await time(viewer));
        }
        // Editable: append a step, rename it, undo both, redo.
        const registry = modeler.get('elementRegistry');
        const modeling = modeler.get('modeling');
        const commandStack = modeler.get('commandStack');
        const drawn = registry.filter((e: { type: string }) => e.type !== 'label').length;
        const last = registry.get('a32');
        const appended = modeling.appendShape(
          last,
          { type: 'bpmn:UserTask' },
          { x: last.x + 150, y: last.y + 200 },
        );
        modeling.updateProperties(appended, { name: '新增环节', 'yj:department': 'market' });
        const afterEdit = registry.filter((e: { type: string }) => e.type !== 'label').length;
        commandStack.undo();
        commandStack.undo();
        const afterUndo = registry.filter((e: { type: string }) => e.type !== 'label').length;
        return {
          modelerMs: median(modelerTimes),
          viewerMs: median(viewerTimes),
          drawn,
          afterEdit,
          afterUndo,
        };
      },
      { source: xml, runs },
    );
    // The process itself is not drawn as an element of its own; everything else is.
    if (result.drawn - 1 < elements)
      throw new Error(`only ${result.drawn} of ${elements} elements were drawn`);
    if (result.afterEdit !== result.drawn + 2 || result.afterUndo !== result.drawn) {
      throw new Error(`not editable: ${JSON.stringify(result)}`);
    }
    options.say?.(
      `  ${elements}-element diagram: modeler import ${result.modelerMs.toFixed(0)} ms, bpmn-js Viewer ${result.viewerMs.toFixed(0)} ms (median of ${runs}); appending a step and undoing it works`,
    );
    return {
      figure: `modeler import, ${elements}-element diagram (vs bpmn-js Viewer)`,
      value: result.modelerMs / result.viewerMs,
      unit: '× Viewer',
      modelerMs: result.modelerMs,
      viewerMs: result.viewerMs,
      elements,
    };
  } finally {
    await browser.close();
  }
}
