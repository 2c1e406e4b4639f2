import type { FormField } from '../forms';
import { completeAnswers } from './completeAnswers';
import { visibleFields } from './visibleFields';

/**
 * 一表申请: the combined form's rules, one module for the server (runtime-api's `formValidator`)
 * and the browser (the apply page): which fields are shown for the answers given, what each field
 * accepts, and the words that say what is wrong, in zh-CN and English. Browser-safe: it imports
 * only the engine's FEEL (`@yijian/engine/feel`), no Node built-ins.
 */

/** The parts of a form field the rules read (the API's `FormField` has them too). */
export type RuleField = Pick<FormField, 'key' | 'type' | 'label' | 'labelEn' | 'values' | 'validate'> & {
  conditional?: { hide?: string } | undefined;
};

/** A combined form as the rules read it: its fields in order. */
export interface RuleForm<F extends RuleField = RuleField> {
  components: readonly F[];
}

export type FormLanguage = 'zh-CN' | 'en';

/** The applicant-facing rule messages of one field, in one language. */
export function fieldMessages(field: RuleField, language: FormLanguage) {
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
  const label = field.labelEn || field.label;
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

/**
 * What is wrong with one answer to a shown field, worded for the applicant; null when it is
 * fine. No answer is fine unless the field is required (a required checkbox must be ticked).
 * A pattern JavaScript cannot compile is not checked here (the form's designer is told at
 * design time).
 */
export function fieldProblem(field: RuleField, value: unknown, language: FormLanguage): string | null {
  const v = field.validate ?? {};
  const say = fieldMessages(field, language);
  if (field.type === 'checkbox') {
    if (value === undefined || value === null) return v.required ? say.ticked : null;
    if (typeof value !== 'boolean') return say.boolean;
    return v.required && value !== true ? say.ticked : null;
  }
  if (value === undefined || value === null) return v.required ? say.required : null;
  if (field.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return say.number;
    if (v.min !== undefined && value < v.min) return say.min;
    if (v.max !== undefined && value > v.max) return say.max;
    return null;
  }
  if (typeof value !== 'string') return field.type === 'select' ? say.oneOf : say.text;
  if (field.type === 'select') {
    return (field.values ?? []).some((o) => o.value === value) ? null : say.oneOf;
  }
  const text = value.trim();
  if (v.required && !text) return say.required;
  if (v.minLength !== undefined && text.length < v.minLength) return say.minLength;
  if (v.maxLength !== undefined && text.length > v.maxLength) return say.maxLength;
  if (v.pattern) {
    let pattern: RegExp | null = null;
    try {
      pattern = new RegExp(v.pattern);
    } catch {
      pattern = null;
    }
    if (pattern && !pattern.test(text)) return say.pattern;
  }
  return null;
}

/** An accepted answer as it is stored: text trimmed, everything else as given. */
export function normalisedAnswer(field: RuleField, value: unknown): unknown {
  return typeof value === 'string' && field.type !== 'select' ? value.trim() : value;
}

/** Every problem of a set of answers: by field key, only for the fields shown for these answers. */
export function formProblems(
  schema: RuleForm,
  answers: Record<string, unknown>,
  language: FormLanguage,
): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  for (const field of visibleFields(schema, answers)) {
    const message = fieldProblem(field, answers[field.key], language);
    if (message) problems.push({ key: field.key, message });
  }
  return problems;
}

export { completeAnswers };
