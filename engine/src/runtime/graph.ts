import type { ProcessDefinition } from '../definition/types';

/**
 * Indexes derived from a definition at run time. The definition itself stays plain JSON (the
 * runtime stores it compiled), so these live beside it in a WeakMap.
 */
export interface Graph {
  /** Nodes whose outgoing flows carry a condition or a default: these need FEEL to leave. */
  conditional: ReadonlySet<string>;
  /**
   * The nodes from which a token can still reach `flowId`, an incoming flow of the inclusive
   * join `joinId`, without passing through that join.
   */
  upstream(joinId: string, flowId: string): ReadonlySet<string>;
}

const graphs = new WeakMap<ProcessDefinition, Graph>();

export function graphOf(definition: ProcessDefinition): Graph {
  let graph = graphs.get(definition);
  if (!graph) {
    graph = buildGraph(definition);
    graphs.set(definition, graph);
  }
  return graph;
}

function buildGraph(definition: ProcessDefinition): Graph {
  const conditional = new Set<string>();
  for (const node of Object.values(definition.nodes)) {
    if (node.defaultFlow || node.outgoing.some((id) => definition.flows[id]?.condition))
      conditional.add(node.id);
  }
  const cache = new Map<string, ReadonlySet<string>>();
  return {
    conditional,
    upstream(joinId, flowId) {
      const cacheKey = `${joinId} ${flowId}`;
      let found = cache.get(cacheKey);
      if (!found) {
        found = upstreamOf(definition, joinId, definition.flows[flowId]!.sourceRef);
        cache.set(cacheKey, found);
      }
      return found;
    },
  };
}

/**
 * Walks the flows backwards from `start`. A token on an activity can also leave through its
 * boundary events, so a boundary event's predecessor is the activity it is attached to. The walk
 * never passes through the join itself: a token behind the join belongs to its next round.
 */
function upstreamOf(definition: ProcessDefinition, joinId: string, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === joinId || seen.has(id)) continue;
    seen.add(id);
    const node = definition.nodes[id];
    if (!node) continue;
    for (const flowId of node.incoming) stack.push(definition.flows[flowId]!.sourceRef);
    if (node.attachedTo) stack.push(node.attachedTo);
  }
  return seen;
}
