/**
 * A FEEL range (`[1..10)`, `1..n` in a `for`): its two endpoints and whether each is included.
 * Ranges are values a test or an iteration reads; they are never expanded into lists up front.
 */
export class FeelRange {
  constructor(
    readonly start: unknown,
    readonly end: unknown,
    readonly startIncluded = true,
    readonly endIncluded = true,
  ) {}

  toJSON() {
    return `${this.startIncluded ? '[' : '('}${String(this.start)}..${String(this.end)}${this.endIncluded ? ']' : ')'}`;
  }
}

/** The FEEL type names a value can have in Yijian's subset, as shown in incident messages. */
export type FeelType = 'null' | 'number' | 'string' | 'boolean' | 'list' | 'context' | 'range';

/** The FEEL type of a value; `undefined` (a JSON gap) reads as null. */
export function feelType(value: unknown): FeelType {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (value instanceof FeelRange) return 'range';
  return 'context';
}

/** The FEEL type names in zh-CN, as incident messages show them (“FEEL 空值”). */
const FEEL_TYPE_ZH: Record<FeelType, string> = {
  null: '空值',
  number: '数字',
  string: '字符串',
  boolean: '布尔值',
  list: '列表',
  context: '上下文',
  range: '范围',
};

/** The FEEL type of a value in zh-CN: 空值, 数字, 字符串 … */
export function feelTypeZh(value: unknown): string {
  return FEEL_TYPE_ZH[feelType(value)];
}

/** Whether a value is a FEEL context (a plain object of entries). */
export function isContext(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof FeelRange)
  );
}

/** A short rendering of a value for messages: `"200"`, `100`, `null`, `[1, 2, …]`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof FeelRange) return String(value.toJSON());
  if (Array.isArray(value)) {
    const shown = value.slice(0, 3).map(describeValue).join(', ');
    return `[${shown}${value.length > 3 ? ', …' : ''}]`;
  }
  return '{…}';
}
