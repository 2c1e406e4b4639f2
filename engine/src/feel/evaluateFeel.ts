import { IncidentError } from '../errors';
import { type ExpressionSite, incidentMessages } from '../runtime/incidentMessages';
import { type CompiledFeel, compileFeel } from './compileFeel';
import { FeelCompileError, FeelFault } from './FeelFault';

/**
 * Compiles (once, cached) and evaluates a FEEL expression against the case variables, strictly
 * and within the budget. Every fault is an {@link IncidentError} at `elementId`: the token parks
 * there and an operator fixes the data or the model, then retries.
 * - a name or path not in the variables → `variable_missing`;
 * - more work than the budget → `expression_budget`;
 * - an expression that does not compile (deployed before the checks existed) → `expression_invalid`.
 */
export function evaluateFeel(text: string, context: Record<string, unknown>, elementId: string): unknown {
  const site = { elementId };
  return evaluateCompiled(compiled(text, site), context, site).value;
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
  const site: ExpressionSite = flowId ? { elementId, flowId } : { elementId };
  const feel = compiled(text, site);
  const { value, notes } = evaluateCompiled(feel, context, site);
  if (value === true || value === false) return value;
  throw new IncidentError(
    'condition_not_boolean',
    incidentMessages.condition_not_boolean({ source: feel.source, site, value, notes }),
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
  const feel = compiled(text, { elementId });
  const { value, notes } = evaluateCompiled(feel, context, { elementId });
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new IncidentError(
    'correlation_invalid',
    incidentMessages.correlation_invalid({ source: feel.source, elementId, value, notes }),
    elementId,
  );
}

function compiled(text: string, site: ExpressionSite): CompiledFeel {
  try {
    return compileFeel(text);
  } catch (error) {
    if (!(error instanceof FeelCompileError)) throw error;
    throw new IncidentError(
      'expression_invalid',
      incidentMessages.expression_invalid({ site, problem: error.message }),
      site.elementId,
    );
  }
}

function evaluateCompiled(feel: CompiledFeel, context: Record<string, unknown>, site: ExpressionSite) {
  try {
    return feel.evaluate(context);
  } catch (error) {
    if (!(error instanceof FeelFault)) throw error;
    throw new IncidentError(
      error.code,
      incidentMessages.expression_stopped({ source: feel.source, site, reason: error.messages }),
      site.elementId,
    );
  }
}
