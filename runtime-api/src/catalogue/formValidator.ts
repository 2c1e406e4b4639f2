import { completeAnswers, type FormField, type FormSchema, visibleFields } from '@yijian/process-library';
import { z } from 'zod';

/**
 * Builds the server-side validator of a combined form from its form-js schema, so the browser's
 * rules and the server's are one definition. Only the fields visible for the given answers are
 * validated (`conditional.hide`): a hidden field is neither required nor kept — its answer is
 * dropped. Keys the form does not have at all are refused: answers feed departments.
 *
 * The result has every field of the form (see {@link completeAnswers}): a shown checkbox left
 * unticked is false, any other field without an answer (optional and empty, or hidden) null. The
 * engine's FEEL is strict — a condition reading a variable that does not exist is an incident —
 * so the case variables must hold every question the conditions may read.
 */
export function formValidator(schema: FormSchema): z.ZodType<Record<string, unknown>> {
  const known = new Set(schema.components.map((f) => f.key));
  const fullShape: Record<string, z.ZodType> = {};
  for (const field of schema.components) fullShape[field.key] = fieldValidator(field);

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
    const shown = Object.fromEntries(Object.entries(answers).filter(([key]) => key in shape));
    const result = z.strictObject(shape).safeParse(shown);
    if (!result.success) {
      for (const issue of result.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: shown });
      return z.NEVER;
    }
    return completeAnswers(schema, result.data as Record<string, unknown>, new Set(Object.keys(shape)));
  });
}

function fieldValidator(field: FormField): z.ZodType {
  const v = field.validate ?? {};
  let schema: z.ZodType;
  if (field.type === 'number') {
    let n = z.number({ error: `${field.labelEn} must be a number` });
    if (v.min !== undefined) n = n.min(v.min, `${field.labelEn} must be at least ${v.min}`);
    if (v.max !== undefined) n = n.max(v.max, `${field.labelEn} must be at most ${v.max}`);
    schema = n;
  } else if (field.type === 'checkbox') {
    // An unticked box is false; "required" on a checkbox would mean "must be ticked".
    const b = z.boolean({ error: `${field.labelEn} must be true or false` });
    schema = v.required ? b.refine((x) => x === true, `${field.labelEn} must be ticked`) : b;
  } else if (field.type === 'select') {
    const values = (field.values ?? []).map((o) => o.value);
    schema = z
      .string({ error: `${field.labelEn} must be one of ${values.join(', ')}` })
      .refine((s) => values.includes(s), `${field.labelEn} must be one of ${values.join(', ')}`);
  } else {
    let s = z.string({ error: `${field.labelEn} must be text` }).trim();
    if (v.required) s = s.min(1, `${field.labelEn} is required`);
    if (v.minLength !== undefined)
      s = s.min(v.minLength, `${field.labelEn} needs at least ${v.minLength} characters`);
    if (v.maxLength !== undefined)
      s = s.max(v.maxLength, `${field.labelEn} allows at most ${v.maxLength} characters`);
    if (v.pattern) s = s.regex(new RegExp(v.pattern), `${field.labelEn} has the wrong format`);
    schema = s;
  }
  return v.required ? schema : schema.optional();
}
