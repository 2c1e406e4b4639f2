import type { FlowNode, ProcessDefinition, SequenceFlow } from './types';

/**
 * Grafts a called process into the calling one: the call activity becomes a sub-process scope
 * whose nodes are the called process's, renamed `${callActivityId}.${id}` so two calls of the
 * same process never share an id. The called version is the one resolved at deploy time, so a
 * running case never changes under its feet.
 */
export function graftCalledProcess(
  nodes: Record<string, FlowNode>,
  flows: Record<string, SequenceFlow>,
  call: FlowNode,
  called: ProcessDefinition,
): void {
  const id = (inner: string) => `${call.id}.${inner}`;
  for (const node of Object.values(called.nodes)) {
    const grafted: FlowNode = {
      ...node,
      id: id(node.id),
      incoming: node.incoming.map(id),
      outgoing: node.outgoing.map(id),
      parentId: node.parentId ? id(node.parentId) : call.id,
    };
    if (node.boundaryEvents) grafted.boundaryEvents = node.boundaryEvents.map(id);
    if (node.attachedTo) grafted.attachedTo = id(node.attachedTo);
    if (node.defaultFlow) grafted.defaultFlow = id(node.defaultFlow);
    if (node.startEventId) grafted.startEventId = id(node.startEventId);
    nodes[grafted.id] = grafted;
  }
  for (const flow of Object.values(called.flows)) {
    flows[id(flow.id)] = {
      ...flow,
      id: id(flow.id),
      sourceRef: id(flow.sourceRef),
      targetRef: id(flow.targetRef),
    };
  }
  call.startEventId = id(called.startEventId);
}
