import type { FlowNode } from '../definition/types';
import { type Arrival, nextKey, type Run } from '../runtime/run';
import { armEvent } from './armEvent';

/** 等待: the token rests here until its timer fires or its message arrives. */
export function intermediateCatchEvent(run: Run, node: FlowNode, arrival: Arrival): void {
  const key = nextKey(run, node.id);
  run.state.catches.push({ key, elementId: node.id, scope: arrival.scope });
  armEvent(run, node, key, arrival.scope, key);
}
