import { compileFeel } from '@yijian/engine/feel';
import { completeAnswers } from './completeAnswers';
import type { RuleField, RuleForm } from './formRules';

/**
 * The fields of a combined form shown for these answers: those whose `conditional.hide` is not
 * true. The server validates only these (a hidden field is neither shown nor required), and drops
 * answers to hidden ones. Hide conditions run on the engine's strict, bounded FEEL, against the
 * answers with every unanswered field null (an unticked box false), as the case will see them.
 * One that cannot be evaluated (a name the form does not have, over budget) shows the field:
 * asking one question too many is safer than skipping one an item needs.
 */
export function visibleFields<F extends RuleField>(
  schema: RuleForm<F>,
  answers: Record<string, unknown>,
): F[] {
  if (!schema.components.some((f) => f.conditional?.hide)) return [...schema.components];
  const variables = completeAnswers(schema, answers);
  return schema.components.filter((field) => isFieldShown(field, variables));
}

/**
 * Whether one field is shown for the case variables (every field present, see
 * {@link completeAnswers}): its `conditional.hide` is not true. One that cannot be evaluated shows.
 */
export function isFieldShown(field: RuleField, variables: Record<string, unknown>): boolean {
  const hide = field.conditional?.hide;
  if (!hide?.trim()) return true;
  return holds(hide, variables) !== true;
}

/**
 * Whether an item's inclusion condition (FEEL, as in a bundle composition's `when`) holds for
 * these answers — the same strict evaluation the engine's inclusive gateway makes when the case
 * runs. A condition that cannot be evaluated counts as holding, as for hidden fields above; the
 * engine raises an incident for it instead.
 */
export function conditionHolds(condition: string, answers: Record<string, unknown>): boolean {
  const value = holds(condition, answers);
  return value === true || value === 'fault';
}

function holds(expression: string, variables: Record<string, unknown>): unknown {
  try {
    return compileFeel(expression).evaluate(variables).value;
  } catch {
    return 'fault';
  }
}
