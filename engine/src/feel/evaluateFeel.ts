import { IncidentError } from '../errors';
import { type CompiledFeel, compileFeel } from './compileFeel';
import { FeelCompileError, FeelFault } from './FeelFault';
import { describeValue, feelType } from './feelValue';

/**
 * Compiles (once, cached) and evaluates a FEEL expression against the case variables, strictly
 * and within the budget. Every fault is an {@link IncidentError} at `elementId`: the token parks
 * there and an operator fixes the data or the model, then retries.
 * - a name or path not in the variables → `variable_missing`;
 * - more work than the budget → `expression_budget`;
 * - an expression that does not compile (deployed before the checks existed) → `expression_invalid`.
 */
export function evaluateFeel(text: string, context: Record<string, unknown>, elementId: string): unknown {
  return evaluateCompiled(compiled(text, elementId), context, elementId).value;
}

/**
 * A condition (sequence flow, 条件): must evaluate to true or false. Null — e.g. a comparison of a
 * string with a number, or a value compared with null — or any other type is
 * `condition_not_boolean` (Zeebe raises an incident in the same cases; it never routes on it).
 */
export function evaluateCondition(
  text: string,
  context: Record<string, unknown>,
  elementId: string,
  flowId?: string,
): boolean {
  // The incident is at the element holding the token (the gateway); the message names the flow.
  const where = flowId ? `flow ${flowId} (after ${elementId})` : elementId;
  const feel = compiled(text, elementId, where);
  const { value, notes } = evaluateCompiled(feel, context, elementId, where);
  if (value === true || value === false) return value;
  const why = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  throw new IncidentError(
    'condition_not_boolean',
    `The condition "${feel.source}" on ${where} gave ${describeValue(value)}, a FEEL ${feelType(value)}, not true or false${why}; fix the variables it reads or the condition.`,
    elementId,
  );
}

/**
 * A message correlation key (关联键): a string, or a number (used as its decimal text). Null or
 * anything else is `correlation_invalid` — subscribing under "null" would wait forever.
 */
export function evaluateCorrelation(
  text: string,
  context: Record<string, unknown>,
  elementId: string,
): string {
  const feel = compiled(text, elementId);
  const { value, notes } = evaluateCompiled(feel, context, elementId);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const why = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  throw new IncidentError(
    'correlation_invalid',
    `The correlation key "${feel.source}" on ${elementId} gave ${describeValue(value)}, a FEEL ${feelType(value)}; a key must be a string or a number${why} — fix the variables it reads.`,
    elementId,
  );
}

function compiled(text: string, elementId: string, where = elementId): CompiledFeel {
  try {
    return compileFeel(text);
  } catch (error) {
    if (!(error instanceof FeelCompileError)) throw error;
    throw new IncidentError(
      'expression_invalid',
      `The FEEL expression on ${where} cannot run: ${error.message}`,
      elementId,
    );
  }
}

function evaluateCompiled(
  feel: CompiledFeel,
  context: Record<string, unknown>,
  elementId: string,
  where = elementId,
) {
  try {
    return feel.evaluate(context);
  } catch (error) {
    if (!(error instanceof FeelFault)) throw error;
    throw new IncidentError(
      error.code,
      `The FEEL expression "${feel.source}" on ${where} stopped: ${error.message}; fix the variables it reads or the model.`,
      elementId,
    );
  }
}
