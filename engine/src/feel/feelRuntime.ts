import { FeelFault } from './FeelFault';
import { CHARACTERS_PER_STEP } from './feelBudget';
import { describeValue, type FeelRange, feelType, feelTypeZh, isContext } from './feelValue';

/** Names bound inside an expression: a `for`/`some`/`every` variable, or a filter's `item`. */
export interface Frame {
  readonly name: string;
  readonly value: unknown;
  /** A filtered context's entries, visible by name inside the filter. */
  readonly entries: Record<string, unknown> | null;
  readonly parent: Frame | null;
}

/** The state of one evaluation: the context, local names, and the steps spent. */
export interface Env {
  readonly variables: Record<string, unknown>;
  frame: Frame | null;
  steps: number;
  readonly maxSteps: number;
  readonly maxStringLength: number;
  /** Why a sub-expression became null (incompatible types), for the incident message. */
  readonly notes: FeelNote[];
}

/** Why a value became null, in zh-CN and English (the incident message quotes it). */
export interface FeelNote {
  zh: string;
  en: string;
}

/** Returned by {@link lookup} for a name the context does not have (present-but-null is null). */
export const MISSING: unique symbol = Symbol('missing');

/** Spends `n` steps, or stops the evaluation when that would go over the budget. */
export function tick(env: Env, n = 1): void {
  if (env.steps + n > env.maxSteps) {
    throw new FeelFault(
      'expression_budget',
      {
        en: `it needs more than ${env.maxSteps} steps (loops, ranges, lists or strings too large); make it smaller — test the values you need instead of building large lists`,
        zh: `它需要超过 ${env.maxSteps} 步计算（循环、范围、列表或字符串过大）；请简化表达式——直接判断需要的值，不要构造大列表`,
      },
      null,
      env.steps,
    );
  }
  env.steps += n;
}

/** Spends the steps for producing a string of `length`, refusing one over the length cap. */
export function tickString(env: Env, length: number): void {
  if (length > env.maxStringLength) {
    throw new FeelFault(
      'expression_budget',
      {
        en: `it builds a string of ${length} characters, more than the ${env.maxStringLength} allowed`,
        zh: `它生成了 ${length} 个字符的字符串，超过允许的 ${env.maxStringLength} 个`,
      },
      null,
      env.steps,
    );
  }
  tick(env, 1 + Math.floor(length / CHARACTERS_PER_STEP));
}

/** A name's value: local names first, then the context. Only own entries count. */
export function lookup(env: Env, key: string): unknown {
  for (let f = env.frame; f; f = f.parent) {
    if (f.name === key) return f.value;
    if (f.entries && Object.hasOwn(f.entries, key)) return f.entries[key] ?? null;
  }
  return Object.hasOwn(env.variables, key) ? (env.variables[key] ?? null) : MISSING;
}

/** The fault for a name or path the context does not have. */
export function missing(env: Env, path: string): FeelFault {
  return new FeelFault(
    'variable_missing',
    {
      en: `the variable ${path} does not exist (it is not in the case variables; null would be a FEEL null)`,
      zh: `变量 ${path} 不存在（办件变量中没有它；若其值为 null 则是 FEEL 空值）`,
    },
    path,
    env.steps,
  );
}

/** Records why a value became null, once per kind, for the incident message (both languages). */
export function note(env: Env, en: string, zh: string): null {
  if (env.notes.length < 3 && !env.notes.some((n) => n.en === en)) env.notes.push({ zh, en });
  return null;
}

/**
 * FEEL `=`: null equals only null; values of the same type compare by value (lists and contexts
 * deeply); values of different types are not comparable and give null (never coercion).
 */
export function feelEquals(a: unknown, b: unknown, env: Env): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  const ta = feelType(a);
  const tb = feelType(b);
  if (ta !== tb)
    return note(
      env,
      `${describeValue(a)} (${ta}) and ${describeValue(b)} (${tb}) are not comparable`,
      `${describeValue(a)}（${feelTypeZh(a)}）与 ${describeValue(b)}（${feelTypeZh(b)}）不可比较`,
    );
  if (ta === 'list') {
    const la = a as unknown[];
    const lb = b as unknown[];
    if (la.length !== lb.length) return false;
    tick(env, la.length);
    let result: boolean | null = true;
    for (let i = 0; i < la.length; i += 1) {
      const same = feelEquals(la[i], lb[i], env);
      if (same === false) return false;
      if (same === null) result = null;
    }
    return result;
  }
  if (ta === 'context') {
    const ca = a as Record<string, unknown>;
    const cb = b as Record<string, unknown>;
    const keys = Object.keys(ca);
    if (keys.length !== Object.keys(cb).length) return false;
    tick(env, keys.length);
    let result: boolean | null = true;
    for (const key of keys) {
      if (!Object.hasOwn(cb, key)) return false;
      const same = feelEquals(ca[key], cb[key], env);
      if (same === false) return false;
      if (same === null) result = null;
    }
    return result;
  }
  if (ta === 'range') {
    const ra = a as FeelRange;
    const rb = b as FeelRange;
    return (
      ra.start === rb.start &&
      ra.end === rb.end &&
      ra.startIncluded === rb.startIncluded &&
      ra.endIncluded === rb.endIncluded
    );
  }
  return a === b;
}

/** FEEL ordering (`<` `<=` `>` `>=`): numbers with numbers, strings with strings; else null. */
export function feelOrder(op: string, a: unknown, b: unknown, env: Env): boolean | null {
  if (a === null || a === undefined || b === null || b === undefined) {
    const text = `${describeValue(a ?? null)} ${op} ${describeValue(b ?? null)}`;
    return note(env, `${text} compares with null`, `${text} 与空值比较`);
  }
  const bothNumbers = typeof a === 'number' && typeof b === 'number';
  const bothStrings = typeof a === 'string' && typeof b === 'string';
  if (!bothNumbers && !bothStrings) {
    return note(
      env,
      `${describeValue(a)} ${op} ${describeValue(b)} compares a ${feelType(a)} with a ${feelType(b)}`,
      `${describeValue(a)} ${op} ${describeValue(b)} 将${feelTypeZh(a)}与${feelTypeZh(b)}进行比较`,
    );
  }
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Whether `x` lies in `range`, with FEEL's null for incomparable endpoints. */
export function inRange(x: unknown, range: FeelRange, env: Env): boolean | null {
  const low = feelOrder(range.startIncluded ? '>=' : '>', x, range.start, env);
  if (low === false) return false;
  const high = feelOrder(range.endIncluded ? '<=' : '<', x, range.end, env);
  if (high === false) return false;
  return low === true && high === true ? true : null;
}

/** FEEL three-valued `and` of two values (non-booleans count as null). */
export function and3(a: unknown, b: unknown): boolean | null {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : null;
}

/** A property of a value: a context's entry, each list element's entry, null on null. */
export function property(env: Env, value: unknown, key: string, path: string): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    tick(env, value.length);
    return value.map((v) => property(env, v, key, path));
  }
  if (isContext(value)) {
    if (!Object.hasOwn(value, key)) throw missing(env, path);
    return value[key] ?? null;
  }
  return note(
    env,
    `${describeValue(value)} is a ${feelType(value)} and has no entry ${key}`,
    `${describeValue(value)} 是${feelTypeZh(value)}，没有条目 ${key}`,
  );
}
