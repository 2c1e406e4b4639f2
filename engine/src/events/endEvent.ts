import type { FlowNode } from '../definition/types';
import { clearScope } from '../process/scopes';
import type { Arrival, Run } from '../runtime/run';
import { throwError } from './catchError';

/**
 * End events consume the token. A terminate end event also ends everything else in its scope
 * (the whole case at process level, only its sub-process inside one); an error end event ends
 * its sub-process with a business error that a boundary event catches.
 */
export function endEvent(run: Run, node: FlowNode, arrival: Arrival): void {
  const definition = node.eventDefinition;
  if (definition?.type === 'terminate') clearScope(run, arrival.scope);
  else if (definition?.type === 'error') throwError(run, arrival.scope, definition.errorCode ?? '', node.id);
}
