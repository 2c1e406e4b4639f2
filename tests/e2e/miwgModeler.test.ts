// biome-ignore-all lint/suspicious/noExplicitAny: moddle elements and the page's bpmn-js are untyped.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@yijian/db';
import { DefinitionError, parseBpmn } from '@yijian/engine';
import yjDescriptor from '@yijian/engine/moddle';
import { BpmnModdle } from 'bpmn-moddle';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { modelerBundle } from '../support/modelerBundle';

// The OMG BPMN MIWG reference models live in the shared folder beside the repository (CI clones
// the repository alone: then this file skips, saying so).
const reference = path.join(repositoryRoot(), '..', 'shared', 'conformance', 'miwg', 'reference');
const present = existsSync(reference);
if (!present)
  console.warn(`MIWG reference models not found at ${reference}: skipping the modeler round trip.`);
const models = present ? readdirSync(reference).filter((f) => f.endsWith('.bpmn')) : [];

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!present) return;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent(
    '<div id="canvas" style="width:1000px;height:800px"></div><div id="panel" style="width:360px"></div>',
  );
  await page.addScriptTag({ content: await modelerBundle() });
  await page.evaluate(() => {
    const kit = (globalThis as any).yjModelerKit;
    const doc = (globalThis as any).document;
    (globalThis as any).modeler = kit.createModeler({
      container: doc.getElementById('canvas'),
      propertiesParent: doc.getElementById('panel'),
      lang: 'zh',
      yijian: { departments: [], variables: [], text: (k: string) => k },
    });
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** Every element with an id (semantic and DI), and the DI's geometry, keyed by id. */
async function inventory(xml: string) {
  const { rootElement } = await new BpmnModdle({ yj: yjDescriptor }).fromXML(xml, 'bpmn:Definitions');
  const ids = new Map<string, string>();
  const geometry = new Map<string, string>();
  const seen = new Set<any>();
  const walk = (node: any) => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (typeof node.$type === 'string' && node.id) ids.set(node.id, node.$type);
    if (node.$type === 'bpmndi:BPMNShape' && node.bounds) {
      const b = node.bounds;
      geometry.set(`shape ${node.bpmnElement?.id}`, `${b.x},${b.y},${b.width},${b.height}`);
    }
    if (node.$type === 'bpmndi:BPMNEdge') {
      geometry.set(
        `edge ${node.bpmnElement?.id}`,
        (node.waypoint ?? []).map((p: any) => `${p.x},${p.y}`).join(' '),
      );
    }
    for (const key of Object.keys(node)) {
      if (key.startsWith('$') && key !== '$children') continue;
      const value = node[key];
      // References (sourceRef, bpmnElement …) are followed only through their owners.
      if (Array.isArray(value))
        for (const child of value) if (child?.$parent === node || key === '$children') walk(child);
      if (value && typeof value === 'object' && !Array.isArray(value) && value.$parent === node) walk(value);
    }
  };
  walk(rootElement);
  return { ids, geometry };
}

async function engineVerdict(xml: string): Promise<string> {
  try {
    await parseBpmn(xml, { version: 1 });
    return 'runs';
  } catch (error) {
    if (error instanceof DefinitionError) return `refused (${error.issues.length} issues)`;
    throw error;
  }
}

describe.skipIf(!present)('MIWG reference models in the Studio modeler (bpmn-js Modeler, Chromium)', () => {
  const table: string[] = [];
  afterAll(() => {
    if (table.length === 0) return;
    console.log(['| model | modeler round trip | engine |', '| --- | --- | --- |', ...table].join('\n'));
  });

  it('keeps the DI bpmn-js cannot draw, but not the DI of an element the designer deleted', async () => {
    const xml = readFileSync(path.join(reference, 'C.7.0.bpmn'), 'utf8');
    const deleted = '_392c86ba-38b5-4dc9-b98d-f97ad4c2add5';
    const exported = await page.evaluate(
      async ({ source, id }) => {
        const modeler = (globalThis as any).modeler;
        await modeler.importXML(source);
        modeler.get('modeling').removeElements([modeler.get('elementRegistry').get(id)]);
        return (await modeler.saveXML({ format: true })).xml as string;
      },
      { source: xml, id: deleted },
    );
    const { ids, geometry } = await inventory(exported);
    expect(ids.has(deleted)).toBe(false);
    expect(geometry.has(`shape ${deleted}`)).toBe(false);
    expect(exported).not.toContain(`bpmnElement="${deleted}"`);
    // C.7.0's edge from the data object to a sequence flow has no bpmnElement: still there.
    expect(geometry.has('edge undefined')).toBe(true);
  });

  for (const file of models) {
    it(`${file} imports and exports again without losing elements or DI`, async () => {
      const xml = readFileSync(path.join(reference, file), 'utf8');
      const result = await page.evaluate(async (source) => {
        const modeler = (globalThis as any).modeler;
        const { warnings } = await modeler.importXML(source);
        const registry = modeler.get('elementRegistry');
        const { xml: exported } = await modeler.saveXML({ format: true });
        return { warnings: warnings.map((w: any) => w.message), drawn: registry.getAll().length, exported };
      }, xml);
      const before = await inventory(xml);
      const after = await inventory(result.exported);
      const lostIds = [...before.ids.keys()].filter((id) => !after.ids.has(id));
      const changedDi = [...before.geometry].filter(([key, value]) => after.geometry.get(key) !== value);
      expect(lostIds, `${file}: elements lost`).toEqual([]);
      expect(changedDi, `${file}: DI lost or moved`).toEqual([]);
      expect(result.drawn).toBeGreaterThan(0);
      table.push(
        `| ${file} | ${before.ids.size} elements, ${before.geometry.size} DI kept | ${await engineVerdict(xml)} |`,
      );
    });
  }
});
