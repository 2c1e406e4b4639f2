import { completeAnswers, type FormField, type FormSchema, visibleFields } from '@yijian/process-library';
import { z } from 'zod';
import type { Language } from '../http/errorCodes';

/**
 * Builds the server-side validator of a combined form from its form-js schema, so the browser's
 * rules and the server's are one definition. Only the fields visible for the given answers are
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

/** The applicant-facing rule messages of one field, in one language. */
function fieldMessages(field: FormField, language: Language) {
  const values = (field.values ?? []).map((o) => o.value).join(', ');
  const v = field.validate ?? {};
  if (language === 'zh-CN') {
    const label = field.label;
    return {
      number: `${label}应为数字`,
      min: `${label}不能小于 ${v.min}`,
      max: `${label}不能大于 ${v.max}`,
      boolean: `${label}应为是或否`,
      ticked: `请勾选${label}`,
      oneOf: `${label}应为以下之一：${values}`,
      text: `${label}应为文本`,
      required: `请填写${label}`,
      minLength: `${label}至少需要 ${v.minLength} 个字符`,
      maxLength: `${label}最多 ${v.maxLength} 个字符`,
      pattern: `${label}格式不正确`,
    };
  }
  const label = field.labelEn;
  return {
    number: `${label} must be a number`,
    min: `${label} must be at least ${v.min}`,
    max: `${label} must be at most ${v.max}`,
    boolean: `${label} must be true or false`,
    ticked: `${label} must be ticked`,
    oneOf: `${label} must be one of ${values}`,
    text: `${label} must be text`,
    required: `${label} is required`,
    minLength: `${label} needs at least ${v.minLength} characters`,
    maxLength: `${label} allows at most ${v.maxLength} characters`,
    pattern: `${label} has the wrong format`,
  };
}

function fieldValidator(field: FormField, language: Language): z.ZodType {
  const v = field.validate ?? {};
  const say = fieldMessages(field, language);
  let schema: z.ZodType;
  if (field.type === 'number') {
    let n = z.number({ error: say.number });
    if (v.min !== undefined) n = n.min(v.min, say.min);
    if (v.max !== undefined) n = n.max(v.max, say.max);
    schema = n;
  } else if (field.type === 'checkbox') {
    // An unticked box is false; "required" on a checkbox would mean "must be ticked".
    const b = z.boolean({ error: say.boolean });
    schema = v.required ? b.refine((x) => x === true, say.ticked) : b;
  } else if (field.type === 'select') {
    const values = (field.values ?? []).map((o) => o.value);
    schema = z.string({ error: say.oneOf }).refine((s) => values.includes(s), say.oneOf);
  } else {
    let s = z.string({ error: say.text }).trim();
    if (v.required) s = s.min(1, say.required);
    if (v.minLength !== undefined) s = s.min(v.minLength, say.minLength);
    if (v.maxLength !== undefined) s = s.max(v.maxLength, say.maxLength);
    if (v.pattern) s = s.regex(new RegExp(v.pattern), say.pattern);
    schema = s;
  }
  return v.required ? schema : schema.optional();
}
