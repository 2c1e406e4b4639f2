import {
  completeAnswers,
  type FormField,
  type FormSchema,
  fieldProblem,
  normalisedAnswer,
  visibleFields,
} from '@yijian/process-library/forms';
import { z } from 'zod';
import type { Language } from '../http/errorCodes';

/**
 * Builds the server-side validator of a combined form from its form-js schema. The rules (which
 * fields are shown, what each accepts, the messages) are `@yijian/process-library/forms`, the
 * module the apply page runs too, so the browser's rules and the server's are one definition. Only the fields visible for the given answers are
 * validated (`conditional.hide`): a hidden field is neither required nor kept — its answer is
 * dropped. Keys the form does not have at all are refused: answers feed departments.
 * `language` words the messages (field labels and rules) for the applicant.
 *
 * The result has every field of the form (see {@link completeAnswers}): a shown checkbox left
 * unticked is false, any other field without an answer (optional and empty, or hidden) null. The
 * engine's FEEL is strict — a condition reading a variable that does not exist is an incident —
 * so the case variables must hold every question the conditions may read.
 */
export function formValidator(
  schema: FormSchema,
  language: Language = 'en',
): z.ZodType<Record<string, unknown>> {
  const known = new Set(schema.components.map((f) => f.key));
  const fullShape: Record<string, z.ZodType> = {};
  for (const field of schema.components) fullShape[field.key] = fieldValidator(field, language);

  return z.record(z.string(), z.unknown()).transform((given, ctx) => {
    const unknownKeys = Object.keys(given).filter((k) => !known.has(k));
    if (unknownKeys.length > 0) {
      ctx.addIssue({ code: 'unrecognized_keys', keys: unknownKeys, input: given });
      return z.NEVER;
    }
    // null is "no answer": filed answers carry it for every unanswered field, so a correction
    // merged over them validates like a first filing.
    const answers = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null));
    const visible = visibleFields(schema, answers);
    const shape: Record<string, z.ZodType> = {};
    for (const field of visible) shape[field.key] = fullShape[field.key]!;
    const shown = Object.fromEntries(Object.entries(answers).filter(([key]) => Object.hasOwn(shape, key)));
    const result = z.strictObject(shape).safeParse(shown);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: shown });
      return z.NEVER;
    }
    return completeAnswers(schema, result.data as Record<string, unknown>, new Set(Object.keys(shape)));
  });
}

/** One field's rule as zod: the shared {@link fieldProblem} decides, text is stored trimmed. */
function fieldValidator(field: FormField, language: Language): z.ZodType {
  const rule = z.unknown().transform((value, ctx) => {
    const problem = fieldProblem(field, value, language);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, input: value });
      return z.NEVER;
    }
    return normalisedAnswer(field, value);
  });
  // An optional field may be left out; a required one runs the rule, which says what is missing.
  return field.validate?.required ? rule : rule.optional();
}
