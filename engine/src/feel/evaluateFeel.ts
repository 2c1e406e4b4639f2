import { evaluate } from 'feelin';
import { IncidentError } from '../errors';
import { feelSource } from './feelSource';

/**
 * Evaluates a FEEL expression against the case variables. feelin interprets FEEL itself: no
 * `eval`, no access to anything but the context given.
 */
export function evaluateFeel(text: string, context: Record<string, unknown>, elementId: string): unknown {
  try {
    return evaluate(feelSource(text), context).value;
  } catch (error) {
    throw new IncidentError(
      'expression_failed',
      `The FEEL expression "${text}" on ${elementId} failed: ${(error as Error).message}; fix the model or the variables it reads.`,
      elementId,
    );
  }
}

/** A condition holds only when it evaluates to true; null (e.g. a missing variable) does not. */
export function evaluateCondition(
  text: string,
  context: Record<string, unknown>,
  elementId: string,
): boolean {
  return evaluateFeel(text, context, elementId) === true;
}
