import type { FormField, FormSchema } from '@yijian/process-library';
import { z } from 'zod';

/**
 * Builds the server-side validator of a combined form from its form-js schema, so the browser's
 * rules and the server's are one definition. Unknown keys are refused: answers feed departments.
 */
export function formValidator(schema: FormSchema): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const field of schema.components) shape[field.key] = fieldValidator(field);
  return z.strictObject(shape) as z.ZodType<Record<string, unknown>>;
}

function fieldValidator(field: FormField): z.ZodType {
  const v = field.validate ?? {};
  let schema: z.ZodType;
  if (field.type === 'number') {
    let n = z.number({ error: `${field.labelEn} must be a number` });
    if (v.min !== undefined) n = n.min(v.min, `${field.labelEn} must be at least ${v.min}`);
    if (v.max !== undefined) n = n.max(v.max, `${field.labelEn} must be at most ${v.max}`);
    schema = n;
  } else if (field.type === 'select') {
    const values = (field.values ?? []).map((o) => o.value);
    schema = z
      .string()
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
