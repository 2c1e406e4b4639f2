import { evaluate } from 'feelin';
import { feelSource } from '../feel/feelNames';
import type { FormField, FormSchema } from '../forms';

/**
 * The fields of a combined form shown for these answers: those whose `conditional.hide` is not
 * true. The server validates only these (a hidden field is neither shown nor required), and drops
 * answers to hidden ones. A hide expression that fails to evaluate shows the field: asking one
 * question too many is safer than skipping one an item needs.
 */
export function visibleFields(schema: FormSchema, answers: Record<string, unknown>): FormField[] {
  return schema.components.filter((field) => {
    if (!field.conditional?.hide) return true;
    try {
      return evaluate(feelSource(field.conditional.hide), answers).value !== true;
    } catch {
      return true;
    }
  });
}

/**
 * Whether an item's inclusion condition (FEEL, as in a bundle composition's `when`) holds for
 * these answers — the same evaluation the engine's inclusive gateway makes when the case runs.
 * A condition that fails to evaluate counts as holding, as for hidden fields above.
 */
export function conditionHolds(condition: string, answers: Record<string, unknown>): boolean {
  try {
    return evaluate(feelSource(condition), answers).value === true;
  } catch {
    return true;
  }
}
