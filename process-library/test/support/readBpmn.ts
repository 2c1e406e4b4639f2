import { BpmnModdle } from 'bpmn-moddle';
// The engine's own moddle extension, so `yj:` attributes and `<yj:limit>` are read as it reads them.
import yj from '../../../engine/src/moddle/yj.json' with { type: 'json' };

// biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
export type Element = any;

export interface ReadBpmn {
  // biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
  definitions: any;
  process: Element;
  /** Flow elements of the process (not inside sub-processes), by id. */
  elements: Map<string, Element>;
  /** Ids of elements that have a shape or an edge in the diagram. */
  drawn: Set<string>;
  warnings: string[];
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ yj });
}

/** Reads BPMN with bpmn-moddle and the `yj` extension, as the engine and bpmn-js do. */
export async function readBpmn(xml: string): Promise<ReadBpmn> {
  const { rootElement, warnings } = await createModdle().fromXML(xml, 'bpmn:Definitions');
  const process = rootElement.rootElements.find((e: Element) => e.$type === 'bpmn:Process');
  const elements = new Map<string, Element>(process.flowElements.map((e: Element) => [e.id, e]));
  const drawn = new Set<string>();
  for (const diagram of rootElement.diagrams ?? []) {
    for (const shape of diagram.plane.planeElement ?? []) drawn.add(shape.bpmnElement?.id);
  }
  return { definitions: rootElement, process, elements, drawn, warnings: warnings.map((w) => w.message) };
}

/** The `<yj:limit>`s of an element as plain objects. */
export function limitsOf(element: Element): { value: number; unit: string; kind: string }[] {
  return (element.extensionElements?.values ?? [])
    .filter((v: Element) => v.$type === 'yj:Limit')
    .map((v: Element) => ({ value: v.value, unit: v.unit, kind: v.kind }));
}

/** Ids of the elements a flow node leads to directly. */
export function targetsOf(element: Element): string[] {
  return (element.outgoing ?? []).map((flow: Element) => flow.targetRef.id);
}
