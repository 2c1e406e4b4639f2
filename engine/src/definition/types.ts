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

export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'subProcess'
  | 'parallelGateway'
  | 'exclusiveGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'intermediateCatchEvent'
  | 'boundaryEvent';

/**
 * When a timer is due: an ISO-8601 duration from the moment it is armed (`P3D`, `PT2H`) or an
 * absolute date-time (Asia/Shanghai when it names no zone). A leading `=` makes it FEEL,
 * evaluated against the case variables when the timer is armed.
 */
export interface TimerSpec {
  kind: 'duration' | 'date';
  expression: string;
}

/** What an event waits for or does, compiled from its single BPMN event definition. */
export type EventDefinition =
  | { type: 'terminate' }
  | { type: 'timer'; timer: TimerSpec }
  /** `correlation` is a FEEL expression evaluated when the catch is armed (yj:correlationKey). */
  | { type: 'message'; messageName: string; correlation: string | null }
  /** On a boundary event, `errorCode: null` catches every business error. */
  | { type: 'error'; errorCode: string | null };

/**
 * 会签 all must approve · 或签 any one decides · 依次 one after another · 投票 approvals above a
 * threshold.
 */
export type CountersignRule = 'all' | 'any' | 'sequential' | 'vote';

/** A multi-instance user task: one task per participant, decided by a countersign rule. */
export interface MultiInstance {
  rule: CountersignRule;
  /** Vote only: the share of approvals that must be exceeded (0.5 = more than half). */
  threshold: number;
  /** Fixed participants (yj:assignees): department ids, or `department:user`. */
  assignees: string[] | null;
  /** FEEL expression giving the participants (yj:collection). */
  collection: string | null;
  /** The outcome that counts as an approval (yj:approveOutcome, default `approved`). */
  approveOutcome: string;
}

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
  // The fields below are optional so definitions compiled by earlier engine versions (stored as
  // JSON by the runtime) still load.
  /** The embedded sub-process this node lives in; null or absent at process level. */
  parentId?: string | null;
  eventDefinition?: EventDefinition | null;
  /** Boundary events: the activity they are attached to. */
  attachedTo?: string | null;
  /** Boundary events: false for a non-interrupting event. */
  cancelActivity?: boolean;
  /** Activities: the boundary events attached to them, in document order. */
  boundaryEvents?: string[];
  /** Gateways and activities: the flow taken when no condition holds. */
  defaultFlow?: string | null;
  /** Sub-processes: their none start event. */
  startEventId?: string | null;
  multiInstance?: MultiInstance | null;
  /**
   * Call activities: the library process they call (`calledElement`). It is compiled in at deploy
   * time, its nodes grafted in as `${callActivityId}.${innerId}`, and it runs as a sub-process.
   */
  calledElement?: string | null;
}

export interface SequenceFlow {
  id: string;
  sourceRef: string;
  targetRef: string;
  /** FEEL condition (without the leading `=`); absent means always taken. */
  condition?: string | null;
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
