import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../../src';

// The OMG BPMN MIWG suite lives in the shared folder beside the repository (see its README).
const suite = fileURLToPath(new URL('../../../../shared/conformance/miwg/', import.meta.url));
const present = existsSync(`${suite}reference`);
if (!present)
  console.warn(
    `MIWG conformance suite not found at ${suite}: skipping (it sits beside the repo as ../shared).`,
  );

const models = present
  ? [
      ...readdirSync(`${suite}reference`).map((f) => `reference/${f}`),
      ...readdirSync(`${suite}tools`).flatMap((tool) =>
        readdirSync(`${suite}tools/${tool}`).map((f) => `tools/${tool}/${f}`),
      ),
    ].filter((f) => f.endsWith('.bpmn'))
  : [];

/** The flow element types the engine runs (or ignores as decoration), per the README of engine/. */
const UNDERSTOOD = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:UserTask',
  'bpmn:SubProcess',
  'bpmn:ParallelGateway',
  'bpmn:ExclusiveGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:SequenceFlow',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

// biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
type Element = any;

/**
 * Every flow element the engine does not run, found independently of the engine, in the process
 * it is asked to run: the one executable process, or all of them when that is ambiguous (a
 * non-executable pool, like C.1.0's Team-Assistant, is documentation and never runs).
 */
function unsupportedElements(definitions: Element): { id: string; type: string }[] {
  const found: { id: string; type: string }[] = [];
  const walk = (container: Element) => {
    for (const element of container.flowElements ?? []) {
      if (!UNDERSTOOD.has(element.$type) || element.triggeredByEvent)
        found.push({ id: element.id, type: element.$type });
      if (element.flowElements) walk(element);
    }
  };
  const processes = (definitions.rootElements ?? []).filter((r: Element) => r.$type === 'bpmn:Process');
  const executable = processes.filter((p: Element) => p.isExecutable !== false);
  for (const process of executable.length === 1 ? executable : processes) walk(process);
  return found;
}

describe.skipIf(!present)('BPMN MIWG reference models', () => {
  it('should find the suite', () => {
    expect(models.length).toBeGreaterThanOrEqual(21);
  });

  it.each(models)('%s: deploys, or is refused naming every unsupported element', async (file) => {
    const xml = readFileSync(`${suite}${file}`, 'utf8');
    let outcome: unknown;
    try {
      outcome = await parseBpmn(xml, { version: 1 });
    } catch (error) {
      outcome = error;
    }
    if (!(outcome instanceof DefinitionError)) {
      // Deployed: it must then hold nothing the engine cannot run.
      expect(outcome).toMatchObject({ version: 1 });
      return;
    }
    const { rootElement } = await new BpmnModdle().fromXML(xml);
    const listed = new Set(outcome.issues.map((i) => i.elementId));
    for (const element of unsupportedElements(rootElement)) {
      expect(listed, `${element.type} ${element.id} is not named`).toContain(element.id);
    }
    for (const issue of outcome.issues) expect(issue.message.length).toBeGreaterThan(10);
  });
});
