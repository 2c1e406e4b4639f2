import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { compareModels } from './compareModels';

const suite = fileURLToPath(new URL('../../../../shared/conformance/miwg/', import.meta.url));
const present = existsSync(`${suite}reference`);
const models = present
  ? [
      ...readdirSync(`${suite}reference`).map((f) => `reference/${f}`),
      ...readdirSync(`${suite}tools`).flatMap((tool) =>
        readdirSync(`${suite}tools/${tool}`).map((f) => `tools/${tool}/${f}`),
      ),
    ].filter((f) => f.endsWith('.bpmn'))
  : [];

/** The README's expected import warnings (bpmn-moddle 10.3.1): every other file imports cleanly. */
const EXPECTED_WARNINGS: Record<string, { count: number; pattern: RegExp }> = {
  'reference/A.1.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/A.2.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/A.3.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/A.4.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/B.1.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/B.2.0.bpmn': { count: 1, pattern: /unsupported document encoding/ },
  'reference/C.8.1.bpmn': { count: 3, pattern: /unresolved reference <triso:unspecified>/ },
  // Two <process> elements share one id: the second is skipped, 6 / 32 references stay unresolved.
  'tools/sap-signavio-process-manager-19-9-0/B.1.0-roundtrip.bpmn': {
    count: 7,
    pattern: /duplicate ID|unresolved reference/,
  },
  'tools/sap-signavio-process-manager-19-9-0/B.2.0-roundtrip.bpmn': {
    count: 33,
    pattern: /duplicate ID|unresolved reference/,
  },
  'tools/trisotech-workflow-modeler-12-6-3/C.1.0-roundtrip.bpmn': {
    count: 1,
    pattern: /unresolved reference <semantic:/,
  },
  'tools/trisotech-workflow-modeler-12-6-3/C.3.0-roundtrip.bpmn': {
    count: 2,
    pattern: /unresolved reference <semantic:/,
  },
};

describe.skipIf(!present)('BPMN MIWG import: exactly the expected warnings', () => {
  it.each(models)('%s', async (file) => {
    const { warnings } = await new BpmnModdle().fromXML(readFileSync(`${suite}${file}`, 'utf8'));
    const expected = EXPECTED_WARNINGS[file] ?? { count: 0, pattern: /^$/ };
    expect(warnings).toHaveLength(expected.count);
    for (const warning of warnings) expect(warning.message).toMatch(expected.pattern);
  });
});

describe.skipIf(!present)('BPMN MIWG round trip: import → export → import keeps the model', () => {
  it.each(models)('%s', async (file) => {
    const moddle = new BpmnModdle();
    const first = await moddle.fromXML(readFileSync(`${suite}${file}`, 'utf8'));
    const { xml } = await moddle.toXML(first.rootElement, { format: true });
    const second = await new BpmnModdle().fromXML(xml);
    expect(compareModels(first.rootElement, second.rootElement)).toEqual([]);
  });
});

describe('compareModels', () => {
  it('should notice a lost waypoint, a changed attribute, a lost extension and a changed reference', async () => {
    const xml = `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:x="http://example.com/x" id="d" targetNamespace="t">
  <bpmn:process id="p"><bpmn:task id="a" name="A" x:color="red"><bpmn:extensionElements><x:note>n</x:note></bpmn:extensionElements></bpmn:task><bpmn:task id="b"/>
    <bpmn:sequenceFlow id="f" sourceRef="a" targetRef="b"/></bpmn:process>
  <bpmndi:BPMNDiagram id="dg"><bpmndi:BPMNPlane id="pl" bpmnElement="p"><bpmndi:BPMNEdge id="e" bpmnElement="f"><di:waypoint x="1" y="2"/><di:waypoint x="30.0" y="4"/></bpmndi:BPMNEdge></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
    const parse = async (text: string) => (await new BpmnModdle().fromXML(text)).rootElement;
    const original = await parse(xml);
    // Another prefix for the same namespace and 30 for 30.0 are the same model.
    const renamed = xml
      .replace('x="30.0"', 'x="30"')
      .replace('xmlns:x=', 'xmlns:y=')
      .replaceAll('x:color', 'y:color')
      .replaceAll('x:note', 'y:note');
    expect(compareModels(original, await parse(renamed))).toEqual([]);
    for (const broken of [
      xml.replace('<di:waypoint x="1" y="2"/>', ''),
      xml.replace('x:color="red"', 'x:color="blue"'),
      xml.replace('<x:note>n</x:note>', ''),
      xml.replace('targetRef="b"', 'targetRef="a"'),
      xml.replace('name="A"', 'name="B"'),
    ]) {
      expect(compareModels(original, await parse(broken))).not.toEqual([]);
    }
  });
});
