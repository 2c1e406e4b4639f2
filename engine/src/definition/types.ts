/** Units a statutory or promised limit can be counted in (DOMAIN rule 3). */
export type LimitUnit = 'workingDays' | 'calendarDays' | 'calendarMonths';
export type LimitKind = 'statutory' | 'promised';

export interface Limit {
  value: number;
  unit: LimitUnit;
  kind: LimitKind;
}

export interface LocalizedName {
  zh: string;
  en: string;
}

export type ElementKind = 'startEvent' | 'endEvent' | 'userTask' | 'parallelGateway';

/** One executable flow node, compiled from BPMN into plain JSON. */
export interface FlowNode {
  id: string;
  kind: ElementKind;
  name: LocalizedName;
  incoming: string[];
  outgoing: string[];
  /** Department whose queue receives a user task (candidate group). */
  departmentId: string | null;
  itemCode: string | null;
  formKey: string | null;
  limits: Limit[];
}

export interface SequenceFlow {
  id: string;
  sourceRef: string;
  targetRef: string;
}

/**
 * The executable form of one deployed process version. Cases refer to it by key + version;
 * it is never embedded in a snapshot.
 */
export interface ProcessDefinition {
  key: string;
  version: number;
  name: LocalizedName;
  startEventId: string;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /** Limits on the whole process (e.g. the joint limit of a bundle, Art. 42). */
  limits: Limit[];
}
