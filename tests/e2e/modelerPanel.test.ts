// biome-ignore-all lint/suspicious/noExplicitAny: the page's bpmn-js is untyped.
import { parseBpmn } from '@yijian/engine';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { modelerBundle } from '../support/modelerBundle';

let browser: Browser;
let page: Page;

const start = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="d" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start" /></bpmn:process>
  <bpmndi:BPMNDiagram id="dia"><bpmndi:BPMNPlane id="plane" bpmnElement="p">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.setContent(
    '<div style="display:flex"><div id="canvas" style="width:1000px;height:800px"></div><div id="panel" style="width:360px"></div></div>',
  );
  await page.addScriptTag({ content: await modelerBundle() });
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(async (xml) => {
    const g = globalThis as any;
    g.modeler = g.yjModelerKit.createModeler({
      container: g.document.getElementById('canvas'),
      propertiesParent: g.document.getElementById('panel'),
      lang: 'en',
      yijian: {
        departments: [
          { id: 'market', name: 'Market' },
          { id: 'fire', name: 'Fire' },
        ],
        variables: [{ name: 'shop', entries: [{ name: 'area' }] }],
        text: (k: string) => k,
      },
    });
    await g.modeler.importXML(xml);
    // A step, a timer and a message to wait for, an error boundary and an error end in a sub-process.
    const get = (n: string) => g.modeler.get(n);
    const modeling = get('modeling');
    const registry = get('elementRegistry');
    const task = modeling.appendShape(registry.get('start'), { type: 'bpmn:UserTask' }, { x: 250, y: 118 });
    modeling.updateProperties(task, { id: 'review' });
    const timer = modeling.appendShape(
      task,
      { type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:TimerEventDefinition' },
      { x: 400, y: 118 },
    );
    modeling.updateProperties(timer, { id: 'wait' });
    const message = modeling.appendShape(
      timer,
      { type: 'bpmn:IntermediateCatchEvent', eventDefinitionType: 'bpmn:MessageEventDefinition' },
      { x: 500, y: 118 },
    );
    modeling.updateProperties(message, { id: 'paid' });
    const end = modeling.appendShape(message, { type: 'bpmn:EndEvent' }, { x: 600, y: 118 });
    modeling.updateProperties(end, { id: 'end' });
    const boundary = modeling.createShape(
      { type: 'bpmn:BoundaryEvent', eventDefinitionType: 'bpmn:ErrorEventDefinition' },
      { x: 270, y: 158 },
      task,
      { attach: true },
    );
    modeling.updateProperties(boundary, { id: 'refused' });
    const refusedEnd = modeling.appendShape(boundary, { type: 'bpmn:EndEvent' }, { x: 300, y: 260 });
    modeling.updateProperties(refusedEnd, { id: 'refusedEnd' });
  }, start);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

async function select(id: string) {
  await page.evaluate((elementId) => {
    const m = (globalThis as any).modeler;
    m.get('selection').select(m.get('elementRegistry').get(elementId));
  }, id);
  await page.waitForTimeout(200);
}

async function type(entryId: string, text: string) {
  await page.locator(`[data-entry-id="${entryId}"]`).locator('.cm-content, input, textarea').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

const exported = () =>
  page.evaluate(async () => (await (globalThis as any).modeler.saveXML({ format: true })).xml as string);

describe('The modeler’s yj properties panel writes what the engine reads', () => {
  it('department, limits, timer, message with correlation, error code: undoable, and the engine runs the result', async () => {
    await select('review');
    await page.locator('[data-entry-id="yj-department"] select').selectOption('fire');
    await type('yj-itemCode', '000125049000');
    await type('yj-formKey', 'fireCheck');
    await type('yj-limit-statutory', '20');
    await page.locator('[data-entry-id="yj-limit-statutory-unit"] select').selectOption('calendarDays');
    await type('yj-limit-promised', '10');

    await select('wait');
    await type('yj-timer-value', 'P3D');
    await select('paid');
    await type('yj-message-name', 'feePaid');
    await type('yj-message-correlation', 'applicant.idNumber');
    await select('refused');
    await type('yj-error-code', 'ITEM_REFUSED');

    const xml = await exported();
    expect(xml).toContain('yj:department="fire"');
    expect(xml).toContain('yj:itemCode="000125049000"');
    expect(xml).toContain('yj:formKey="fireCheck"');
    expect(xml).toMatch(/<yj:limit value="20" unit="calendarDays" kind="statutory" \/>/);
    expect(xml).toMatch(/<yj:limit value="10" unit="workingDays" kind="promised" \/>/);
    expect(xml).toMatch(/<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D<\/bpmn:timeDuration>/);
    expect(xml).toMatch(
      /<bpmn:message id="[^"]+" name="feePaid" yj:correlationKey="=applicant.idNumber" \/>/,
    );
    expect(xml).toMatch(/<bpmn:error id="[^"]+" name="ITEM_REFUSED" errorCode="ITEM_REFUSED" \/>/);

    // The engine compiles it: the timer, the message with its correlation, the limits
    const definition = await parseBpmn(xml, { version: 1 });
    expect(definition.nodes.review).toMatchObject({
      departmentId: 'fire',
      itemCode: '000125049000',
      formKey: 'fireCheck',
      limits: [
        { value: 20, unit: 'calendarDays', kind: 'statutory' },
        { value: 10, unit: 'workingDays', kind: 'promised' },
      ],
    });
    expect(definition.nodes.wait?.eventDefinition).toEqual({
      type: 'timer',
      timer: { kind: 'duration', expression: 'P3D' },
    });
    expect(definition.nodes.paid?.eventDefinition).toEqual({
      type: 'message',
      messageName: 'feePaid',
      correlation: '=applicant.idNumber',
    });
    expect(definition.nodes.refused?.eventDefinition).toEqual({ type: 'error', errorCode: 'ITEM_REFUSED' });

    // A timer that is no ISO-8601 duration is said under the field, in the engine's words
    await select('wait');
    await type('yj-timer-value', 'three days');
    await page
      .locator('[data-entry-id="yj-timer-value"]')
      .getByText('"three days" is not an ISO-8601 duration')
      .waitFor();

    // Undo takes the error code back (bpmn-js's command stack)
    await page.evaluate(() => {
      const stack = (globalThis as any).modeler.get('commandStack');
      while (stack.canUndo()) stack.undo();
    });
    expect(await exported()).not.toContain('ITEM_REFUSED');
  });
});
