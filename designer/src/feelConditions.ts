import { compileFeel } from '@yijian/engine/feel';
import type { FormAnswers, FormField } from './api';

/**
 * The answers as the case will hold them once filed (the server's `completeAnswers`): every
 * field present, a shown checkbox left unticked false, any other unanswered field null. The
 * engine's FEEL is strict — a name that does not exist is an error, not null — so conditions
 * must see every question.
 */
export function formVariables(fields: readonly FormField[], answers: FormAnswers): FormAnswers {
  const variables: FormAnswers = {};
  for (const field of fields) {
    const given = answers[field.key];
    variables[field.key] = given !== undefined ? given : field.type === 'checkbox' ? false : null;
  }
  return variables;
}

/** A FEEL expression's value on the engine's compiled, strict and bounded evaluator; 'fault' when it cannot run. */
function evaluateFeel(expression: string, variables: FormAnswers): unknown {
  try {
    return compileFeel(expression).evaluate(variables).value;
  } catch {
    return 'fault';
  }
}

/**
 * Whether a field is shown: its form-js `conditional.hide` is not true. The same compiled FEEL
 * the server runs, within the same budget, so a hostile form cannot freeze the page. One that
 * cannot be evaluated shows the field, as on the server, which decides in the end: it validates
 * only the fields visible for the submitted answers and drops the rest.
 */
export function isShown(field: FormField, variables: FormAnswers): boolean {
  const hide = field.conditional?.hide;
  if (!hide?.trim()) return true;
  return evaluateFeel(hide, variables) !== true;
}

/**
 * Whether an item runs: its FEEL `when` is true, as the engine's gateway decides; an item with
 * no condition always runs. One that cannot be evaluated keeps the item, so its materials are
 * still asked for (the engine would raise an incident on it instead).
 */
export function itemRuns(when: string | null, variables: FormAnswers): boolean {
  if (!when?.trim()) return true;
  const value = evaluateFeel(when, variables);
  return value === true || value === 'fault';
}
