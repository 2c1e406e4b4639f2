import { CHARACTERS_PER_STEP } from './feelBudget';
import { type Env, feelEquals, tick, tickString } from './feelRuntime';

/** One built-in function of the subset: how many arguments it takes and what it does. */
export interface FeelBuiltin {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly call: (args: unknown[], env: Env) => unknown;
}

/** The numbers (or strings) a sum/min/max reads: one list argument, or the arguments themselves. */
function spread(args: unknown[], env: Env): unknown[] | null {
  const items = args.length === 1 ? args[0] : args;
  if (!Array.isArray(items)) return null;
  tick(env, items.length);
  return items;
}

function allNumbers(items: unknown[]): items is number[] {
  return items.every((x) => typeof x === 'number');
}

function extreme(args: unknown[], env: Env, pick: (a: number, b: number) => boolean): unknown {
  const items = spread(args, env);
  if (!items || items.length === 0) return null;
  const same = allNumbers(items) || items.every((x) => typeof x === 'string');
  if (!same) return null;
  let best = items[0] as number;
  for (const x of items as number[]) if (pick(x, best)) best = x;
  return best;
}

function onString(fn: (s: string, env: Env) => unknown) {
  return (args: unknown[], env: Env) => (typeof args[0] === 'string' ? fn(args[0], env) : null);
}

/** A search in a string: costs in proportion to both lengths, like producing them would. */
function onTwoStrings(fn: (s: string, m: string) => unknown) {
  return (args: unknown[], env: Env) => {
    if (typeof args[0] !== 'string' || typeof args[1] !== 'string') return null;
    tick(env, Math.floor((args[0].length + args[1].length) / CHARACTERS_PER_STEP));
    return fn(args[0], args[1]);
  };
}

function onNumber(fn: (n: number) => number) {
  return (args: unknown[]) => {
    if (typeof args[0] !== 'number') return null;
    const result = fn(args[0]);
    return result === 0 ? 0 : result; // ceiling(-0.5) is 0, not JavaScript's -0
  };
}

/** FEEL's number grammar: what `number("12.5")` accepts. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The built-ins Yijian's FEEL subset has (FEEL names, FEEL semantics: a wrong argument type gives
 * null, never a JavaScript coercion). Anything else is refused at design time.
 */
export const FEEL_BUILTINS: Readonly<Record<string, FeelBuiltin>> = {
  not: { minArgs: 1, maxArgs: 1, call: ([b]) => (typeof b === 'boolean' ? !b : null) },
  count: { minArgs: 1, maxArgs: 1, call: ([list]) => (Array.isArray(list) ? list.length : null) },
  sum: {
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    call: (args, env) => {
      const items = spread(args, env);
      if (!items || items.length === 0 || !allNumbers(items)) return null;
      return items.reduce((a, b) => a + b, 0);
    },
  },
  min: {
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    call: (args, env) => extreme(args, env, (a, b) => a < b),
  },
  max: {
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    call: (args, env) => extreme(args, env, (a, b) => a > b),
  },
  'string length': {
    minArgs: 1,
    maxArgs: 1,
    call: onString((s, env) => {
      tick(env, Math.floor(s.length / CHARACTERS_PER_STEP));
      let n = 0;
      for (const _ of s) n += 1;
      return n;
    }),
  },
  contains: { minArgs: 2, maxArgs: 2, call: onTwoStrings((s, m) => s.includes(m)) },
  'starts with': { minArgs: 2, maxArgs: 2, call: onTwoStrings((s, m) => s.startsWith(m)) },
  'ends with': { minArgs: 2, maxArgs: 2, call: onTwoStrings((s, m) => s.endsWith(m)) },
  'upper case': {
    minArgs: 1,
    maxArgs: 1,
    call: onString((s, env) => {
      tickString(env, s.length);
      return s.toUpperCase();
    }),
  },
  'lower case': {
    minArgs: 1,
    maxArgs: 1,
    call: onString((s, env) => {
      tickString(env, s.length);
      return s.toLowerCase();
    }),
  },
  string: {
    minArgs: 1,
    maxArgs: 1,
    // Lists and contexts have no string form in the subset: null, so a condition on it is refused.
    call: ([x]) =>
      typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : null,
  },
  number: {
    minArgs: 1,
    maxArgs: 1,
    call: ([x]) => (typeof x === 'string' && NUMBER_TEXT.test(x.trim()) ? Number(x.trim()) : null),
  },
  abs: { minArgs: 1, maxArgs: 1, call: onNumber(Math.abs) },
  floor: { minArgs: 1, maxArgs: 1, call: onNumber(Math.floor) },
  ceiling: { minArgs: 1, maxArgs: 1, call: onNumber(Math.ceil) },
  'list contains': {
    minArgs: 2,
    maxArgs: 2,
    call: ([list, element], env) => {
      if (!Array.isArray(list)) return null;
      for (const x of list) {
        tick(env);
        if (feelEquals(x, element, env) === true) return true;
      }
      return false;
    },
  },
};

/** The names of the built-ins, for refusal messages. */
export const FEEL_BUILTIN_NAMES = [...Object.keys(FEEL_BUILTINS), 'is defined'];
