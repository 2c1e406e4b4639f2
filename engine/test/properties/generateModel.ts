import fc from 'fast-check';

/** A block-structured model: every split has its matching join. */
export type Block =
  | { t: 'task' }
  | { t: 'timer' }
  | { t: 'message' }
  | { t: 'seq'; items: Block[] }
  | { t: 'par' | 'xor' | 'or'; branches: Block[] };

export const blockArbitrary: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ t: 'task' }),
    fc.constant<Block>({ t: 'timer' }),
    fc.constant<Block>({ t: 'message' }),
    fc.record({
      t: fc.constant('seq' as const),
      items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      t: fc.constantFrom('par' as const, 'xor' as const, 'or' as const),
      branches: fc.array(tie('block'), { minLength: 2, maxLength: 3 }),
    }),
  ),
})).block;

export interface GeneratedModel {
  xml: string;
  /** Boolean variables the conditions read. */
  variables: string[];
  /**
   * The wait states a run must visit, as element ids (a multiset), or null where the model alone
   * does not decide it.
   */
  expectedVisits?: (values: Record<string, boolean>) => string[] | null;
}

class Writer {
  elements: string[] = [];
  flows: string[] = [];
  messages: string[] = [];
  variables: string[] = [];
  private n = 0;
  id(prefix: string) {
    this.n += 1;
    return `${prefix}${this.n}`;
  }
  flow(source: string, target: string, condition?: string) {
    const id = this.id('Flow_');
    this.flows.push(
      condition
        ? `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
        : `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" />`,
    );
    return id;
  }
  waitState(kind: 'task' | 'timer' | 'message'): string {
    if (kind === 'task') {
      const id = this.id('Task_');
      this.elements.push(`<bpmn:userTask id="${id}" yj:department="d_${id}" />`);
      return id;
    }
    if (kind === 'timer') {
      const id = this.id('Timer_');
      this.elements.push(
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${this.n}H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`,
      );
      return id;
    }
    const id = this.id('Catch_');
    this.messages.push(`<bpmn:message id="Message_${id}" name="m_${id}" />`);
    this.elements.push(
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="Message_${id}" /></bpmn:intermediateCatchEvent>`,
    );
    return id;
  }
  gateway(kind: 'par' | 'xor' | 'or', defaultFlow?: string): string {
    const tag = { par: 'parallelGateway', xor: 'exclusiveGateway', or: 'inclusiveGateway' }[kind];
    const id = this.id('Gateway_');
    this.elements.push(`<bpmn:${tag} id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''} />`);
    return id;
  }
  /** Sets the default flow of a gateway written before its flows were known. */
  setDefault(gatewayId: string, flowId: string) {
    const i = this.elements.findIndex((e) => e.includes(`id="${gatewayId}"`));
    this.elements[i] = this.elements[i]!.replace(' />', ` default="${flowId}" />`);
  }
  xml(processId: string) {
    return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_gen" targetNamespace="http://yijian.dev/generated">
  ${this.messages.join('\n  ')}
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:endEvent id="End" />
    ${this.elements.join('\n    ')}
    ${this.flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
  }
}

type Visits = (values: Record<string, boolean>) => string[];

/** Writes a block; returns its entry and exit element and the visits it makes. */
function emit(w: Writer, block: Block): { entry: string; exit: string; visits: Visits } {
  switch (block.t) {
    case 'task':
    case 'timer':
    case 'message': {
      const id = w.waitState(block.t);
      return { entry: id, exit: id, visits: () => [id] };
    }
    case 'seq': {
      const parts = block.items.map((b) => emit(w, b));
      for (let i = 1; i < parts.length; i++) w.flow(parts[i - 1]!.exit, parts[i]!.entry);
      return {
        entry: parts[0]!.entry,
        exit: parts.at(-1)!.exit,
        visits: (v) => parts.flatMap((p) => p.visits(v)),
      };
    }
    default: {
      const split = w.gateway(block.t);
      const join = w.gateway(block.t);
      const parts = block.branches.map((b) => emit(w, b));
      // Branch 0 is the default of an exclusive/inclusive split; the others read a variable.
      const conditions: (string | null)[] = parts.map((_, i) => {
        if (block.t === 'par' || i === 0) return null;
        const variable = `c_${split}_${i}`;
        w.variables.push(variable);
        return variable;
      });
      parts.forEach((p, i) => {
        const flowId = w.flow(split, p.entry, conditions[i] ?? undefined);
        if (block.t !== 'par' && i === 0) w.setDefault(split, flowId);
        w.flow(p.exit, join);
      });
      const visits: Visits = (v) => {
        if (block.t === 'par') return parts.flatMap((p) => p.visits(v));
        const chosen = parts.filter((_, i) => i > 0 && v[conditions[i]!]);
        if (block.t === 'xor') return (chosen[0] ?? parts[0]!).visits(v);
        return (chosen.length > 0 ? chosen : [parts[0]!]).flatMap((p) => p.visits(v));
      };
      return { entry: split, exit: join, visits };
    }
  }
}

export function structuredModel(block: Block): GeneratedModel {
  const w = new Writer();
  const body = emit(w, block);
  w.flow('Start', body.entry);
  w.flow(body.exit, 'End');
  return { xml: w.xml('structured'), variables: w.variables, expectedVisits: body.visits };
}

/**
 * An unstructured model: a random DAG. Splits are parallel, exclusive or inclusive gateways with
 * forward edges to any later node; a node reached by several flows gets an inclusive join or an
 * exclusive merge in front of it. (Parallel joins would deadlock behind an exclusive choice in
 * such a graph: that is a modelling error, so they are left to the structured generator.)
 */
export const dagArbitrary = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom('task', 'task', 'timer', 'message', 'par', 'xor', 'or'), {
      minLength: n,
      maxLength: n,
    }),
    extraEdges: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: n, maxLength: n }),
    merges: fc.array(fc.constantFrom('or', 'xor'), { minLength: n + 1, maxLength: n + 1 }),
  }),
);

export function dagModel(dag: {
  kinds: string[];
  extraEdges: [number, number][];
  merges: ('or' | 'xor')[];
}): GeneratedModel {
  const w = new Writer();
  const n = dag.kinds.length;
  const ids = dag.kinds.map((kind) =>
    kind === 'par' || kind === 'xor' || kind === 'or' ? w.gateway(kind) : w.waitState(kind as 'task'),
  );
  ids.push('End');
  // Edges: a backbone i → i+1 (so every node is reached and reaches the end), plus one or two
  // forward edges from every split.
  const edges: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    edges.push([i, i + 1]);
    if (['par', 'xor', 'or'].includes(dag.kinds[i]!)) {
      const [a, b] = dag.extraEdges[i]!;
      const targets = new Set(
        [i + 2 + (a % (n - i)), i + 2 + (b % (n - i))].filter((t) => t <= n && t !== i + 1),
      );
      if (targets.size === 0) targets.add(n);
      for (const t of targets) if (t !== i + 1) edges.push([i, t]);
    }
  }
  const incoming = new Map<number, number>();
  for (const [, t] of edges) incoming.set(t, (incoming.get(t) ?? 0) + 1);
  // A merge gateway in front of every node reached by more than one flow.
  const entry = ids.map((id, i) => {
    if ((incoming.get(i) ?? 0) < 2) return id;
    const merge = w.gateway(dag.merges[i]!);
    w.flow(merge, id);
    return merge;
  });
  const firstFlow = new Map<number, string>();
  for (const [s, t] of edges) {
    const kind = dag.kinds[s];
    const conditional = (kind === 'xor' || kind === 'or') && firstFlow.has(s);
    let condition: string | undefined;
    if (conditional) {
      condition = `c_${ids[s]}_${t}`;
      w.variables.push(condition);
    }
    const flowId = w.flow(ids[s]!, entry[t]!, condition);
    if (!firstFlow.has(s)) {
      firstFlow.set(s, flowId);
      if (kind === 'xor' || kind === 'or') w.setDefault(ids[s]!, flowId);
    }
  }
  w.flow('Start', entry[0]!);
  return {
    xml: w.xml('unstructured'),
    variables: w.variables,
    expectedVisits: (values) => dagVisits(dag, ids, edges, values),
  };
}

/**
 * The oracle for DAGs, computed from the model alone in topological order: how many tokens each
 * flow carries. An exclusive merge passes every token; an inclusive join that gets at most one
 * token per incoming flow must fire exactly once if any arrives (more tokens on one flow make the
 * count depend on timing: then there is no oracle).
 */
function dagVisits(
  dag: { kinds: string[]; merges: ('or' | 'xor')[] },
  ids: string[],
  edges: [number, number][],
  values: Record<string, boolean>,
): string[] | null {
  const n = dag.kinds.length;
  const visits = new Array<number>(n + 1).fill(0);
  const carried = new Array<number>(edges.length).fill(0);
  visits[0] = 1;
  for (let i = 0; i <= n; i++) {
    const into = edges.flatMap(([, t], e) => (t === i ? [carried[e]!] : []));
    if (i > 0) {
      if (into.length >= 2 && dag.merges[i] === 'or') {
        if (into.some((c) => c > 1)) return null;
        visits[i] = into.some((c) => c > 0) ? 1 : 0;
      } else visits[i] = into.reduce((a, b) => a + b, 0);
    }
    if (i === n) break;
    const out = edges.flatMap(([s, t], e) => (s === i ? [{ e, t }] : []));
    const kind = dag.kinds[i];
    const holds = out.filter((o, k) => k > 0 && values[`c_${ids[i]}_${o.t}`]);
    const taken =
      kind === 'xor' ? [holds[0] ?? out[0]!] : kind === 'or' ? (holds.length > 0 ? holds : [out[0]!]) : out;
    for (const o of taken) carried[o.e] = visits[i]!;
  }
  return dag.kinds.flatMap((kind, i) =>
    ['task', 'timer', 'message'].includes(kind) ? new Array<string>(visits[i]!).fill(ids[i]!) : [],
  );
}
