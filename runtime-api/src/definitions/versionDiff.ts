import type { FlowNode, LocalizedName, ProcessDefinition, SequenceFlow } from '@yijian/engine';

/** One element of a process as a diff names it. */
export interface DiffElement {
  id: string;
  /** The engine's element kind (`userTask`, `exclusiveGateway` …), `sequenceFlow` or `process`. */
  type: string;
  name: LocalizedName | null;
}

/** An attribute that differs between two versions, both sides as text (null: not set). */
export interface AttributeChange {
  attribute: string;
  before: string | null;
  after: string | null;
}

export interface DefinitionDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: (DiffElement & { changes: AttributeChange[] })[];
}

/** The node attributes the engine runs by (their flows are compared as flows of their own). */
const NODE_ATTRIBUTES = [
  'kind',
  'name',
  'parentId',
  'departmentId',
  'itemCode',
  'formKey',
  'limits',
  'attachedTo',
  'cancelActivity',
  'eventDefinition',
  'defaultFlow',
  'multiInstance',
  'calledElement',
] as const satisfies readonly (keyof FlowNode)[];

const FLOW_ATTRIBUTES = [
  'sourceRef',
  'targetRef',
  'condition',
] as const satisfies readonly (keyof SequenceFlow)[];

/** An attribute's value as the diff shows it: strings as they are, the rest as JSON; unset is null. */
function text(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === 'object' && value !== null && 'zh' in value && 'en' in value) {
    const name = value as LocalizedName;
    return name.zh === name.en ? name.zh : `${name.zh} / ${name.en}`;
  }
  return JSON.stringify(value);
}

function compare<T extends object>(
  before: T,
  after: T,
  attributes: readonly (keyof T & string)[],
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const attribute of attributes) {
    const a = text(before[attribute]);
    const b = text(after[attribute]);
    if (a !== b) changes.push({ attribute, before: a, after: b });
  }
  return changes;
}

const flowName = (flow: SequenceFlow): LocalizedName => ({
  zh: `${flow.sourceRef} → ${flow.targetRef}`,
  en: `${flow.sourceRef} → ${flow.targetRef}`,
});

/**
 * The elements added, removed and changed from `from` to `to`, read from the compiled models (not
 * the XML text, so layout and formatting never show): element ids are the map, as for migrating
 * cases between the two.
 */
export function diffDefinitions(from: ProcessDefinition, to: ProcessDefinition): DefinitionDiff {
  const diff: DefinitionDiff = { added: [], removed: [], changed: [] };
  for (const [id, node] of Object.entries(to.nodes)) {
    const before = from.nodes[id];
    if (!before) diff.added.push({ id, type: node.kind, name: node.name });
    else {
      const changes = compare(before, node, NODE_ATTRIBUTES);
      if (changes.length > 0) diff.changed.push({ id, type: node.kind, name: node.name, changes });
    }
  }
  for (const [id, node] of Object.entries(from.nodes)) {
    if (!to.nodes[id]) diff.removed.push({ id, type: node.kind, name: node.name });
  }
  for (const [id, flow] of Object.entries(to.flows)) {
    const before = from.flows[id];
    if (!before) diff.added.push({ id, type: 'sequenceFlow', name: flowName(flow) });
    else {
      const changes = compare(before, flow, FLOW_ATTRIBUTES);
      if (changes.length > 0) diff.changed.push({ id, type: 'sequenceFlow', name: flowName(flow), changes });
    }
  }
  for (const [id, flow] of Object.entries(from.flows)) {
    if (!to.flows[id]) diff.removed.push({ id, type: 'sequenceFlow', name: flowName(flow) });
  }
  const processChanges = compare(from, to, ['name', 'limits']);
  if (processChanges.length > 0) {
    diff.changed.unshift({ id: to.key, type: 'process', name: to.name, changes: processChanges });
  }
  return diff;
}
