import fc from 'fast-check';

type Boundary = 'timer' | 'timerNonInterrupting' | 'message' | 'messageNonInterrupting' | 'error' | null;
type Countersign = 'all' | 'any' | 'sequential' | 'vote' | null;

/**
 * A block-structured model with the features whose timing the outside world decides: boundary
 * events, countersigns, sub-processes and terminate ends. Which branch wins depends on the
 * schedule, so there is no visit oracle; the properties check that every run finishes, that the
 * host's tables match the tokens at every step, determinism and restore.
 */
export type RichBlock =
  | { t: 'task'; boundary: Boundary; countersign: Countersign }
  | { t: 'timer' }
  | { t: 'message' }
  | { t: 'seq'; items: RichBlock[] }
  | { t: 'par' | 'xor' | 'or'; branches: RichBlock[]; terminate: 'no' | 'afterTask' | 'now' }
  | { t: 'sub'; body: RichBlock; boundary: Boundary };

const boundary = fc.constantFrom<Boundary>(
  null,
  null,
  'timer',
  'timerNonInterrupting',
  'message',
  'messageNonInterrupting',
  'error',
);

export const richBlockArbitrary: fc.Arbitrary<RichBlock> = fc.letrec<{ block: RichBlock }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      t: fc.constant('task' as const),
      boundary,
      countersign: fc.constantFrom<Countersign>(null, null, 'all', 'any', 'sequential', 'vote'),
    }),
    fc.constant<RichBlock>({ t: 'timer' }),
    fc.constant<RichBlock>({ t: 'message' }),
    fc.record({
      t: fc.constant('seq' as const),
      items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      t: fc.constantFrom('par' as const, 'xor' as const, 'or' as const),
      branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
      terminate: fc.constantFrom('no' as const, 'afterTask' as const, 'now' as const),
    }),
    fc.record({ t: fc.constant('sub' as const), body: tie('block'), boundary }),
  ),
})).block;

interface Container {
  elements: string[];
  flows: string[];
}

class RichWriter {
  readonly messages: string[] = [];
  readonly variables: string[] = [];
  readonly root: Container = { elements: [], flows: [] };
  private container = this.root;
  private n = 0;

  id(prefix: string) {
    this.n += 1;
    return `${prefix}${this.n}`;
  }
  element(xml: string) {
    this.container.elements.push(xml);
  }
  flow(source: string, target: string, condition?: string) {
    const id = this.id('Flow_');
    this.container.flows.push(
      condition
        ? `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
        : `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`,
    );
    return id;
  }
  /** A few different timer lengths, so boundary timers and catch timers interleave. */
  hours(): number {
    return (this.n % 5) + 1;
  }
  message(): string {
    const name = this.id('m_');
    this.messages.push(`<bpmn:message id="Message_${name}" name="${name}" />`);
    return `Message_${name}`;
  }
  /** Writes the elements of `body` into a sub-process element instead of the current container. */
  inside(write: () => void): Container {
    const outer = this.container;
    const inner: Container = { elements: [], flows: [] };
    this.container = inner;
    write();
    this.container = outer;
    return inner;
  }
  xml() {
    return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_rich" targetNamespace="http://yijian.dev/generated">
  <bpmn:error id="Error_E" errorCode="E" />
  ${this.messages.join('\n  ')}
  <bpmn:process id="rich" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:endEvent id="End" />
    ${this.root.elements.join('\n    ')}
    ${this.root.flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
  }
}

const TIMER = (hours: number) =>
  `<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${hours}H</bpmn:timeDuration></bpmn:timerEventDefinition>`;

/**
 * Attaches a boundary event. An interrupting one (and an error) rejoins the main path through an
 * exclusive merge after the activity; a non-interrupting one ends on its own, so a join further
 * on never gets two tokens on one flow.
 */
function withBoundary(w: RichWriter, activity: string, kind: Boundary): string {
  if (!kind) return activity;
  const id = w.id('Boundary_');
  const interrupting = kind === 'timer' || kind === 'message' || kind === 'error';
  const definition =
    kind === 'error'
      ? '<bpmn:errorEventDefinition errorRef="Error_E" />'
      : kind.startsWith('timer')
        ? TIMER(w.hours())
        : `<bpmn:messageEventDefinition messageRef="${w.message()}" />`;
  w.element(
    `<bpmn:boundaryEvent id="${id}" attachedToRef="${activity}"${interrupting ? '' : ' cancelActivity="false"'}>${definition}</bpmn:boundaryEvent>`,
  );
  const handler = w.id('Task_');
  w.element(`<bpmn:userTask id="${handler}" yj:department="d_${handler}" />`);
  w.flow(id, handler);
  if (!interrupting) {
    const end = w.id('End_');
    w.element(`<bpmn:endEvent id="${end}" />`);
    w.flow(handler, end);
    return activity;
  }
  const merge = w.id('Gateway_');
  w.element(`<bpmn:exclusiveGateway id="${merge}" />`);
  w.flow(activity, merge);
  w.flow(handler, merge);
  return merge;
}

/** Writes a block; returns its entry and its exit (null when it ends in a terminate end event). */
function emit(w: RichWriter, block: RichBlock): { entry: string; exit: string | null } {
  switch (block.t) {
    case 'task': {
      const id = w.id('Task_');
      const countersign = block.countersign
        ? ` yj:countersign="${block.countersign}" yj:assignees="a,b,c"`
        : ` yj:department="d_${id}"`;
      w.element(`<bpmn:userTask id="${id}"${countersign} />`);
      return { entry: id, exit: withBoundary(w, id, block.boundary) };
    }
    case 'timer': {
      const id = w.id('Timer_');
      w.element(`<bpmn:intermediateCatchEvent id="${id}">${TIMER(2)}</bpmn:intermediateCatchEvent>`);
      return { entry: id, exit: id };
    }
    case 'message': {
      const id = w.id('Catch_');
      w.element(
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="${w.message()}" /></bpmn:intermediateCatchEvent>`,
      );
      return { entry: id, exit: id };
    }
    case 'seq': {
      let entry: string | null = null;
      let exit: string | null = null;
      for (const item of block.items) {
        const part = emit(w, item);
        if (entry === null) entry = part.entry;
        else w.flow(exit!, part.entry);
        exit = part.exit;
        if (exit === null) break;
      }
      return { entry: entry!, exit };
    }
    case 'sub': {
      const id = w.id('Sub_');
      const inner = w.inside(() => {
        const start = w.id('SubStart_');
        const end = w.id('SubEnd_');
        w.element(`<bpmn:startEvent id="${start}" />`);
        w.element(`<bpmn:endEvent id="${end}" />`);
        const body = emit(w, block.body);
        w.flow(start, body.entry);
        if (body.exit) w.flow(body.exit, end);
      });
      w.element(
        `<bpmn:subProcess id="${id}">${[...inner.elements, ...inner.flows].join('')}</bpmn:subProcess>`,
      );
      return { entry: id, exit: withBoundary(w, id, block.boundary) };
    }
    default: {
      const tag = { par: 'parallelGateway', xor: 'exclusiveGateway', or: 'inclusiveGateway' }[block.t];
      const split = w.id('Gateway_');
      const join = w.id('Gateway_');
      const parts = block.branches.map((b, i) => {
        // One branch (never the first) may end the whole scope: at once (while the other
        // branches' tokens are still moving) or after a task.
        if (block.terminate !== 'no' && i === block.branches.length - 1) {
          const end = w.id('Terminate_');
          w.element(`<bpmn:endEvent id="${end}"><bpmn:terminateEventDefinition /></bpmn:endEvent>`);
          if (block.terminate === 'now') return { entry: end, exit: null as string | null };
          const task = w.id('Task_');
          w.element(`<bpmn:userTask id="${task}" yj:department="d_${task}" />`);
          w.flow(task, end);
          return { entry: task, exit: null as string | null };
        }
        return emit(w, b);
      });
      let defaultFlow = '';
      parts.forEach((p, i) => {
        let condition: string | undefined;
        if (block.t !== 'par' && i > 0) {
          condition = `c_${split}_${i}`;
          w.variables.push(condition);
        }
        const flowId = w.flow(split, p.entry, condition);
        if (block.t !== 'par' && i === 0) defaultFlow = flowId;
        if (p.exit) w.flow(p.exit, join);
      });
      w.element(`<bpmn:${tag} id="${split}"${defaultFlow ? ` default="${defaultFlow}"` : ''} />`);
      w.element(`<bpmn:${tag} id="${join}" />`);
      // Branch 0 never terminates, so the join always has an incoming flow.
      return { entry: split, exit: join };
    }
  }
}

export function richModel(block: RichBlock): { xml: string; variables: string[] } {
  const w = new RichWriter();
  const body = emit(w, block);
  w.flow('Start', body.entry);
  // Only a branch of a split ends in a terminate end, so a block always has an exit.
  w.flow(body.exit!, 'End');
  return { xml: w.xml(), variables: w.variables };
}
