// Why our own interpreter: feelin (the FEEL library bpmn-io ships) exports a parser and an
// `evaluate()` that parses on every call, coerces like JavaScript (`"200" > 100` is true), reads a
// missing variable as null with only a warning, and has no budget (`for i in 1..100000000` blocks
// the event loop, then runs out of heap). It has no compile-once entry, strict mode or budget to
// switch on. So we reuse its parser (the lezer-feel tree) and compile that tree once into closures
// that evaluate a documented subset strictly and count their steps. See engine/docs/feel.md.
import { parseExpression } from 'feelin';
import { FeelCompileError } from './FeelFault';
import { DEFAULT_FEEL_BUDGET, type FeelBudget } from './feelBudget';
import { FEEL_BUILTIN_NAMES, FEEL_BUILTINS } from './feelBuiltins';
import {
  and3,
  type Env,
  type FeelNote,
  feelEquals,
  feelOrder,
  inRange,
  lookup,
  MISSING,
  missing,
  note,
  property,
  tick,
  tickString,
} from './feelRuntime';
import { feelSource } from './feelSource';
import { describeValue, FeelRange, feelType, feelTypeZh, isContext } from './feelValue';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];
type Eval = (env: Env) => unknown;
/** A unary test (`< 5`, `[1..3]`, a list of values) applied to the value left of `in`. */
type Test = (env: Env, x: unknown) => boolean | null;

/** What evaluating a compiled expression gives: its FEEL value and the steps it took. */
export interface FeelResult {
  readonly value: unknown;
  readonly steps: number;
  /** Why a part of the expression became null (e.g. a string compared with a number). */
  readonly notes: readonly FeelNote[];
}

/** A FEEL expression compiled once: evaluate it as often as needed, strictly and within a budget. */
export interface CompiledFeel {
  /** The expression without Camunda's leading `=`. */
  readonly source: string;
  /** The variables (whole dotted paths, e.g. `shop.area`) it reads from the context. */
  readonly names: readonly string[];
  /** Steps it takes at least, known before any data (literal ranges and lists). */
  readonly staticCost: number;
  /**
   * Evaluates against `context` (flat dotted keys like `"shop.area"` or nested contexts). Throws
   * a {@link import('./FeelFault').FeelFault}: `variable_missing` or `expression_budget`.
   */
  evaluate(context: Record<string, unknown>, budget?: FeelBudget): FeelResult;
}

/** Compiled expressions by source text: each is parsed once per process. */
const cache = new Map<string, CompiledFeel | FeelCompileError>();
/** Enough for every expression of every deployed definition; beyond it the oldest go first. */
const CACHE_LIMIT = 5_000;
/** Longest expression text: conditions are one line; this keeps parsing cheap. */
export const MAX_FEEL_LENGTH = 10_000;
/** Deepest syntax tree: compiling and evaluating recurse, so nesting must not reach the stack's end. */
export const MAX_FEEL_DEPTH = 200;

/**
 * Compiles a FEEL expression (with or without Camunda's leading `=`) once and caches it. Throws
 * a {@link FeelCompileError} with a sentence saying what is wrong and how to write it: a syntax
 * error, something outside Yijian's subset, or a statically known cost over the budget.
 */
export function compileFeel(text: string, budget: FeelBudget = DEFAULT_FEEL_BUDGET): CompiledFeel {
  const source = feelSource(text);
  let compiled = cache.get(source);
  if (compiled === undefined) {
    try {
      compiled = new Compiler(source).compile();
    } catch (error) {
      if (!(error instanceof FeelCompileError)) throw error;
      compiled = error;
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, compiled);
  }
  if (compiled instanceof FeelCompileError) throw compiled;
  if (compiled.staticCost > budget.maxSteps) {
    throw new FeelCompileError(
      `"${source}" needs at least ${compiled.staticCost} steps, more than the ${budget.maxSteps} an expression may take (its literal ranges or lists are too large); use smaller ranges or test the values directly.`,
      source,
    );
  }
  return compiled;
}

/** Punctuation, keyword tokens and comments: parts of a construct, never expressions themselves. */
const TOKENS = new Set([
  'LineComment',
  'BlockComment',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  '.',
  '..',
  ':',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'and',
  'or',
  'between',
]);

function parts(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (!TOKENS.has(child.name)) out.push(child);
  }
  return out;
}

function hasToken(node: SyntaxNode, token: string): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === token) return true;
  return false;
}

interface Part {
  readonly run: Eval;
  /** Steps it takes at least (literal ranges and lists known; the rest counted once). */
  readonly cost: number;
}

/** FEEL string escapes: `\"`, `\\`, `\n`, `\t`, `\r`, `\'`, `\uXXXX`. */
function unescapeString(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
  });
}

const SUBSET =
  'Yijian evaluates a subset of FEEL: literals, names and paths (a.b.c), comparisons, and/or/not(), arithmetic, if/then/else, lists, in, between, ranges, for/some/every, filters and the built-ins ' +
  FEEL_BUILTIN_NAMES.join(', ');

class Compiler {
  private readonly names = new Set<string>();
  /** Names bound by enclosing for/some/every/filters while compiling. */
  private readonly locals: string[] = [];

  constructor(private readonly source: string) {}

  compile(): CompiledFeel {
    const source = this.source;
    if (source.length === 0) this.refuse('The expression is empty; write FEEL such as =amount > 100.');
    if (/^[$#]\{/.test(source)) {
      this.refuse(`"${source}" is JUEL, not FEEL; write =${source.slice(2, -1).trim()} instead.`);
    }
    if (source.length > MAX_FEEL_LENGTH) {
      this.refuse(
        `The expression is ${source.length} characters long, more than the ${MAX_FEEL_LENGTH} allowed; split the logic over several conditions or compute it in a step.`,
      );
    }
    let tree: ReturnType<typeof parseExpression>;
    try {
      tree = parseExpression(source, {}, undefined);
    } catch (error) {
      this.refuse(`"${source}" is not valid FEEL (${(error as Error).message}); fix the expression.`);
    }
    let errorAt: number | null = null;
    let depth = 0;
    let deepest = 0;
    tree.iterate({
      enter(node) {
        if (node.type.isError && errorAt === null) errorAt = node.from;
        depth += 1;
        deepest = Math.max(deepest, depth);
      },
      leave() {
        depth -= 1;
      },
    });
    if (errorAt !== null) this.syntaxError(errorAt);
    if (deepest > MAX_FEEL_DEPTH) {
      this.refuse(
        `"${source.slice(0, 60)}…" is nested ${deepest} levels deep, more than the ${MAX_FEEL_DEPTH} allowed; write it flatter.`,
      );
    }
    const top = parts(tree.topNode);
    if (top.length !== 1) this.syntaxError(top[1]?.from ?? 0);
    const { run, cost } = this.expression(top[0]!);
    const names = [...this.names];
    return {
      source,
      names,
      staticCost: cost,
      evaluate(context, budget = DEFAULT_FEEL_BUDGET) {
        const env: Env = {
          variables: context,
          frame: null,
          steps: 0,
          maxSteps: budget.maxSteps,
          maxStringLength: budget.maxStringLength,
          notes: [],
        };
        const value = run(env);
        return { value: value === undefined ? null : value, steps: env.steps, notes: env.notes };
      },
    };
  }

  private refuse(message: string): never {
    throw new FeelCompileError(message, this.source);
  }

  private syntaxError(at: number): never {
    const near = this.source.slice(at, at + 12);
    this.refuse(
      `"${this.source}" is not valid FEEL: problem at character ${at + 1}${near ? ` ("${near}")` : ' (it ends too early)'}; fix the expression, e.g. amount > 100.`,
    );
  }

  private text(node: SyntaxNode): string {
    return this.source.slice(node.from, node.to);
  }

  private unsupported(node: SyntaxNode, what: string, how: string): never {
    this.refuse(
      `"${this.text(node)}" in "${this.source}": ${what} — not supported in Yijian's FEEL; ${how}. (${SUBSET}.)`,
    );
  }

  private expression(node: SyntaxNode): Part {
    switch (node.name) {
      case 'ParenthesizedExpression':
        return this.expression(this.only(node));
      case 'NumericLiteral': {
        const value = Number(this.text(node).replace(/\s+/g, ''));
        return this.constant(value === 0 ? 0 : value);
      }
      case 'StringLiteral': {
        const value = unescapeString(this.text(node));
        return this.constant(value);
      }
      case 'BooleanLiteral':
        return this.constant(this.text(node) === 'true');
      case 'null':
        return this.constant(null);
      case 'VariableName':
      case 'PathExpression':
        return this.path(node);
      case 'FilterExpression':
        return this.filter(node);
      case 'Comparison':
        return this.comparison(node);
      case 'Conjunction':
      case 'Disjunction':
        return this.logic(node);
      case 'ArithmeticExpression':
        return this.arithmetic(node);
      case 'FunctionInvocation':
        return this.invocation(node);
      case 'List':
        return this.list(node);
      case 'Context':
        return this.context(node);
      case 'IfExpression':
        return this.conditional(node);
      case 'ForExpression':
      case 'QuantifiedExpression':
        return this.loop(node);
      case 'Interval': {
        const range = this.interval(node);
        const run: Eval = (env) => {
          tick(env);
          return range.run(env);
        };
        return { run, cost: range.cost + 1 };
      }
      case 'DateTimeLiteral':
        this.unsupported(
          node,
          'date, time and duration values',
          'compare ISO date strings instead (e.g. permit.expiresOn > "2026-01-01") or give a timer an ISO duration string such as "P3D"',
        );
        break;
      case 'FunctionDefinition':
        this.unsupported(node, 'defining functions', 'write the expression inline');
        break;
      case 'InstanceOfExpression':
        this.unsupported(node, '"instance of"', 'compare the value itself, e.g. x != null');
        break;
      case 'SimplePositiveUnaryTest':
      case 'PositiveUnaryTest':
        this.refuse(
          `"${this.source}" is not valid FEEL: "${this.text(node)}" at character ${node.from + 1} is not an expression; compare with one of = != < <= > >= (e.g. shop.area > 300), or test with "in" (e.g. x in [1..3]).`,
        );
        break;
    }
    this.unsupported(node, `the FEEL construct ${node.name}`, 'rewrite it with the constructs listed');
  }

  private only(node: SyntaxNode): SyntaxNode {
    const inner = parts(node);
    if (inner.length !== 1) this.syntaxError(node.from);
    return inner[0]!;
  }

  private constant(value: unknown): Part {
    return {
      run: (env) => {
        tick(env);
        return value;
      },
      cost: 1,
    };
  }

  /** `a`, `a.b.c` (also flat keys "a.b.c" in the context), or a path on any expression. */
  private path(node: SyntaxNode): Part {
    const segments = this.nameChain(node);
    if (segments) {
      const dotted = segments.join('.');
      if (!this.locals.includes(segments[0]!)) this.names.add(dotted);
      // The longest prefix present as one key wins, so flat answer keys ("shop.area") and nested
      // contexts ({ shop: { area } }) both read; the rest of the path are entries.
      const prefixes = segments.map((_, i) => segments.slice(0, segments.length - i).join('.'));
      return {
        run: (env) => {
          tick(env);
          for (let i = 0; i < prefixes.length; i += 1) {
            const value = lookup(env, prefixes[i]!);
            if (value === MISSING) continue;
            let current = value;
            for (let j = segments.length - i; j < segments.length; j += 1) {
              current = property(env, current, segments[j]!, dotted);
            }
            return current;
          }
          throw missing(env, dotted);
        },
        cost: 1,
      };
    }
    const [baseNode, nameNode] = parts(node);
    if (!baseNode || !nameNode) this.syntaxError(node.from);
    const base = this.expression(baseNode);
    const key = this.text(nameNode).trim();
    const shown = this.text(node).replace(/\s+/g, '');
    return {
      run: (env) => {
        tick(env);
        return property(env, base.run(env), key, shown);
      },
      cost: base.cost + 1,
    };
  }

  /** The segments of `a.b.c` when it is names only; null when the base is another expression. */
  private nameChain(node: SyntaxNode): string[] | null {
    if (node.name === 'VariableName') return [this.text(node).trim().replace(/\s+/g, ' ')];
    if (node.name !== 'PathExpression') return null;
    const [base, name] = parts(node);
    if (!base || !name) return null;
    const head = this.nameChain(base);
    return head ? [...head, this.text(name).trim()] : null;
  }

  /** `list[condition]` keeps the items for which it is true; `list[2]`, `list[-1]` index from 1. */
  private filter(node: SyntaxNode): Part {
    const [baseNode, conditionNode] = parts(node);
    if (!baseNode || !conditionNode) this.syntaxError(node.from);
    const base = this.expression(baseNode);
    const index = this.literalNumber(conditionNode);
    if (index !== null) {
      return {
        run: (env) => {
          tick(env);
          const value = base.run(env);
          if (value === null) return null;
          const list = Array.isArray(value) ? value : [value];
          if (!Number.isInteger(index) || index === 0) return null;
          return list[index > 0 ? index - 1 : list.length + index] ?? null;
        },
        cost: base.cost + 1,
      };
    }
    this.locals.push('item');
    const condition = this.expression(conditionNode);
    this.locals.pop();
    const length = this.literalLength(baseNode);
    return {
      run: (env) => {
        tick(env);
        const value = base.run(env);
        if (value === null) return null;
        const list = Array.isArray(value) ? value : [value];
        const kept: unknown[] = [];
        const outer = env.frame;
        try {
          for (const item of list) {
            tick(env);
            env.frame = { name: 'item', value: item, entries: isContext(item) ? item : null, parent: outer };
            if (condition.run(env) === true) kept.push(item);
          }
        } finally {
          env.frame = outer;
        }
        return kept;
      },
      cost: base.cost + 1 + length * (condition.cost + 1),
    };
  }

  /** A number literal (or a negated one), else null. */
  private literalNumber(node: SyntaxNode): number | null {
    if (node.name === 'NumericLiteral') return Number(this.text(node).replace(/\s+/g, ''));
    if (node.name === 'ArithmeticExpression' && node.firstChild?.name === 'ArithOp') {
      const operand = parts(node).find((n) => n.name !== 'ArithOp');
      const value = operand ? this.literalNumber(operand) : null;
      return value === null ? null : this.text(node.firstChild) === '-' ? -value : value;
    }
    if (node.name === 'ParenthesizedExpression') {
      const inner = parts(node);
      return inner.length === 1 ? this.literalNumber(inner[0]!) : null;
    }
    return null;
  }

  /** How many elements a literal list has (0 when not a literal list). */
  private literalLength(node: SyntaxNode): number {
    return node.name === 'List' ? parts(node).length : 0;
  }

  private comparison(node: SyntaxNode): Part {
    if (hasToken(node, 'between')) {
      const [valueNode, lowNode, highNode] = parts(node);
      if (!valueNode || !lowNode || !highNode) this.syntaxError(node.from);
      const value = this.expression(valueNode);
      const low = this.expression(lowNode);
      const high = this.expression(highNode);
      return {
        run: (env) => {
          tick(env);
          const x = value.run(env);
          return and3(feelOrder('>=', x, low.run(env), env), feelOrder('<=', x, high.run(env), env));
        },
        cost: value.cost + low.cost + high.cost + 1,
      };
    }
    if (hasToken(node, 'in')) {
      const [valueNode, ...testNodes] = parts(node);
      if (!valueNode || testNodes.length !== 1) this.syntaxError(node.from);
      const value = this.expression(valueNode);
      const test = this.test(testNodes[0]!);
      return {
        run: (env) => {
          tick(env);
          return test.run(env, value.run(env));
        },
        cost: value.cost + test.cost + 1,
      };
    }
    const [leftNode, opNode, rightNode] = parts(node);
    if (!leftNode || !opNode || !rightNode || opNode.name !== 'CompareOp') this.syntaxError(node.from);
    const op = this.text(opNode);
    const left = this.expression(leftNode);
    const right = this.expression(rightNode);
    const cost = left.cost + right.cost + 1;
    if (op === '=' || op === '!=') {
      const negate = op === '!=';
      return {
        run: (env) => {
          tick(env);
          const same = feelEquals(left.run(env), right.run(env), env);
          return same === null ? null : negate ? !same : same;
        },
        cost,
      };
    }
    return {
      run: (env) => {
        tick(env);
        return feelOrder(op, left.run(env), right.run(env), env);
      },
      cost,
    };
  }

  /** The right side of `in`: one test or a parenthesised list of them, any of which may hold. */
  private test(node: SyntaxNode): { run: Test; cost: number } {
    if (node.name === 'PositiveUnaryTests') {
      const tests = parts(node).map((t) => this.test(t));
      return {
        run: (env, x) => {
          let result: boolean | null = false;
          for (const t of tests) {
            const holds = t.run(env, x);
            if (holds === true) return true;
            if (holds === null) result = null;
          }
          return result;
        },
        cost: tests.reduce((sum, t) => sum + t.cost, 0),
      };
    }
    if (node.name === 'PositiveUnaryTest') return this.test(this.only(node));
    if (node.name === 'SimplePositiveUnaryTest') {
      const inner = parts(node);
      if (inner.length === 1 && inner[0]!.name === 'Interval') {
        const range = this.interval(inner[0]!);
        return { run: (env, x) => inRange(x, range.run(env) as FeelRange, env), cost: range.cost };
      }
      const [opNode, endpointNode] = inner;
      if (!opNode || !endpointNode || opNode.name !== 'CompareOp') this.syntaxError(node.from);
      const op = this.text(opNode);
      const endpoint = this.expression(endpointNode);
      return {
        run: (env, x) => {
          const y = endpoint.run(env);
          if (op === '=' || op === '!=') {
            const same = feelEquals(x, y, env);
            return same === null ? null : op === '=' ? same : !same;
          }
          return feelOrder(op, x, y, env);
        },
        cost: endpoint.cost,
      };
    }
    // Any expression: a list is "one of" (its ranges are range tests), a range a range test,
    // anything else equality.
    const value = this.expression(node);
    return {
      run: (env, x) => {
        const v = value.run(env);
        if (Array.isArray(v)) {
          let result: boolean | null = false;
          for (const element of v) {
            tick(env);
            const holds =
              element instanceof FeelRange ? inRange(x, element, env) : feelEquals(x, element, env);
            if (holds === true) return true;
            if (holds === null) result = null;
          }
          return result;
        }
        if (v instanceof FeelRange) return inRange(x, v, env);
        return feelEquals(x, v, env);
      },
      cost: value.cost,
    };
  }

  /** `[a..b]`, `(a..b)`, `]a..b[` and their mixes. */
  private interval(node: SyntaxNode): Part {
    const open = node.firstChild;
    const close = node.lastChild;
    const [startNode, endNode] = parts(node);
    if (!open || !close || !startNode || !endNode) this.syntaxError(node.from);
    const start = this.expression(startNode);
    const end = this.expression(endNode);
    const startIncluded = open.name === '[';
    const endIncluded = close.name === ']';
    return {
      run: (env) => new FeelRange(start.run(env), end.run(env), startIncluded, endIncluded),
      cost: start.cost + end.cost,
    };
  }

  private logic(node: SyntaxNode): Part {
    const [leftNode, rightNode] = parts(node);
    if (!leftNode || !rightNode) this.syntaxError(node.from);
    const left = this.expression(leftNode);
    const right = this.expression(rightNode);
    const cost = left.cost + right.cost + 1;
    // FEEL three-valued logic; a non-boolean operand counts as null. The right side is not
    // evaluated once the left decides (false and …, true or …).
    if (node.name === 'Conjunction') {
      return {
        run: (env) => {
          tick(env);
          const a = left.run(env);
          if (a === false) return false;
          return and3(a, right.run(env));
        },
        cost,
      };
    }
    return {
      run: (env) => {
        tick(env);
        const a = left.run(env);
        if (a === true) return true;
        const b = right.run(env);
        if (b === true) return true;
        return a === false && b === false ? false : null;
      },
      cost,
    };
  }

  private arithmetic(node: SyntaxNode): Part {
    const first = node.firstChild;
    if (first?.name === 'ArithOp') {
      const operandNodes = parts(node).filter((n) => n.name !== 'ArithOp');
      if (operandNodes.length !== 1) this.syntaxError(node.from);
      const operand = this.expression(operandNodes[0]!);
      const op = this.text(first);
      if (op !== '-' && op !== '+') this.syntaxError(node.from);
      return {
        run: (env) => {
          tick(env);
          const v = operand.run(env);
          if (typeof v !== 'number')
            return v === null
              ? null
              : note(env, `${op}${describeValue(v)} is not a number`, `${op}${describeValue(v)} 不是数字`);
          return op === '-' ? 0 - v : v; // 0 - v: FEEL numbers have no negative zero
        },
        cost: operand.cost + 1,
      };
    }
    const [leftNode, opNode, rightNode] = parts(node);
    if (!leftNode || !opNode || !rightNode || opNode.name !== 'ArithOp') this.syntaxError(node.from);
    const op = this.text(opNode);
    const left = this.expression(leftNode);
    const right = this.expression(rightNode);
    return {
      run: (env) => {
        tick(env);
        const a = left.run(env);
        const b = right.run(env);
        if (a === null || b === null) return null;
        if (op === '+' && typeof a === 'string' && typeof b === 'string') {
          tickString(env, a.length + b.length);
          return a + b;
        }
        if (typeof a !== 'number' || typeof b !== 'number') {
          return note(
            env,
            `${describeValue(a)} ${op} ${describeValue(b)} mixes a ${feelType(a)} and a ${feelType(b)}`,
            `${describeValue(a)} ${op} ${describeValue(b)} 将${feelTypeZh(a)}与${feelTypeZh(b)}混合运算`,
          );
        }
        let result: number;
        if (op === '+') result = a + b;
        else if (op === '-') result = a - b;
        else if (op === '*') result = a * b;
        else if (op === '/') result = b === 0 ? Number.NaN : a / b;
        else result = a ** b;
        if (!Number.isFinite(result))
          return note(env, `${a} ${op} ${b} has no finite value`, `${a} ${op} ${b} 没有有限值`);
        return result === 0 ? 0 : result; // FEEL numbers have no negative zero
      },
      cost: left.cost + right.cost + 1,
    };
  }

  private invocation(node: SyntaxNode): Part {
    const [nameNode, parametersNode] = parts(node);
    if (nameNode?.name !== 'VariableName') {
      this.unsupported(node, 'calling a computed function', 'call a built-in by its name');
    }
    const name = this.text(nameNode).trim().replace(/\s+/g, ' ');
    if (parametersNode?.name === 'NamedParameters') {
      this.unsupported(node, 'named parameters', `pass the arguments in order, e.g. ${name}(…)`);
    }
    const argumentNodes = parametersNode ? parts(parametersNode) : [];
    if (name === 'is defined') return this.isDefined(node, argumentNodes);
    const builtin = Object.hasOwn(FEEL_BUILTINS, name) ? FEEL_BUILTINS[name] : undefined;
    if (!builtin) {
      this.unsupported(
        node,
        `the function ${name}()`,
        `use one of the built-ins ${FEEL_BUILTIN_NAMES.join(', ')}`,
      );
    }
    if (argumentNodes.length < builtin.minArgs || argumentNodes.length > builtin.maxArgs) {
      const expected =
        builtin.minArgs === builtin.maxArgs
          ? `${builtin.minArgs} argument${builtin.minArgs === 1 ? '' : 's'}`
          : `at least ${builtin.minArgs} argument`;
      this.refuse(`"${this.text(node)}" in "${this.source}": ${name}() takes ${expected}; fix the call.`);
    }
    const args = argumentNodes.map((a) => this.expression(a));
    const listCost = argumentNodes.reduce((sum, a) => sum + this.literalLength(a), 0);
    return {
      run: (env) => {
        tick(env);
        return builtin.call(
          args.map((a) => a.run(env)),
          env,
        );
      },
      cost: args.reduce((sum, a) => sum + a.cost, 1) + listCost,
    };
  }

  /** `is defined(x)`: whether a name or path exists (a null value is defined). */
  private isDefined(node: SyntaxNode, argumentNodes: SyntaxNode[]): Part {
    if (argumentNodes.length !== 1) {
      this.refuse(`"${this.text(node)}" in "${this.source}": is defined() takes 1 argument; fix the call.`);
    }
    const argument = this.expression(argumentNodes[0]!);
    return {
      run: (env) => {
        tick(env);
        try {
          argument.run(env);
          return true;
        } catch (error) {
          if ((error as { code?: unknown }).code === 'variable_missing') return false;
          throw error;
        }
      },
      cost: argument.cost + 1,
    };
  }

  private list(node: SyntaxNode): Part {
    // In a test list (`x in [1, [5..9]]`) the parser wraps a range as a unary test: read it as one.
    const items = parts(node).map((n) => {
      const inner = n.name === 'SimplePositiveUnaryTest' ? parts(n) : [];
      return this.expression(inner.length === 1 && inner[0]!.name === 'Interval' ? inner[0]! : n);
    });
    return {
      run: (env) => {
        tick(env, 1 + items.length);
        return items.map((item) => item.run(env));
      },
      cost: items.reduce((sum, item) => sum + item.cost + 1, 1),
    };
  }

  private context(node: SyntaxNode): Part {
    const entries = parts(node).map((entry) => {
      const [keyNode, valueNode] = parts(entry);
      if (entry.name !== 'ContextEntry' || !keyNode || !valueNode) this.syntaxError(entry.from);
      const keyText = this.text(keyNode).trim();
      const key = keyText.startsWith('"') ? unescapeString(keyText) : keyText;
      return { key, value: this.expression(valueNode) };
    });
    return {
      run: (env) => {
        tick(env, 1 + entries.length);
        const result: Record<string, unknown> = {};
        for (const { key, value } of entries) {
          // defineProperty: a key such as "__proto__" stays an ordinary entry.
          Object.defineProperty(result, key, {
            value: value.run(env),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return result;
      },
      cost: entries.reduce((sum, e) => sum + e.value.cost + 1, 1),
    };
  }

  private conditional(node: SyntaxNode): Part {
    const [conditionNode, thenNode, elseNode] = parts(node);
    if (!conditionNode || !thenNode || !elseNode) this.syntaxError(node.from);
    const condition = this.expression(conditionNode);
    const whenTrue = this.expression(thenNode);
    const whenNot = this.expression(elseNode);
    return {
      run: (env) => {
        tick(env);
        // FEEL: anything but true (false, null, a non-boolean) takes the else branch.
        return condition.run(env) === true ? whenTrue.run(env) : whenNot.run(env);
      },
      cost: condition.cost + Math.min(whenTrue.cost, whenNot.cost) + 1,
    };
  }

  /** `for … return`, `some … satisfies`, `every … satisfies` over lists and integer ranges. */
  private loop(node: SyntaxNode): Part {
    const [headNode, inExpressionsNode, bodyNode] = this.loopParts(node);
    const kind = headNode; // 'for' | 'some' | 'every'
    const contexts: { name: string; source: Part; literal: number }[] = [];
    for (const inExpression of parts(inExpressionsNode)) {
      const [nameNode, contextNode] = parts(inExpression);
      if (!nameNode || !contextNode) this.syntaxError(inExpression.from);
      const name = this.text(nameNode).trim();
      contexts.push({
        name,
        source: this.iterationContext(contextNode),
        literal: this.iterationLength(contextNode),
      });
      this.locals.push(name);
    }
    const body = this.expression(bodyNode);
    for (const _ of contexts) this.locals.pop();
    const iterations = contexts.reduce((product, c) => product * Math.max(1, c.literal), 1);
    const cost = contexts.reduce((sum, c) => sum + c.source.cost, 1) + iterations * (body.cost + 1);

    const each = (env: Env, depth: number, visit: () => boolean): boolean | null => {
      if (depth === contexts.length) return visit();
      const { name, source } = contexts[depth]!;
      const collection = source.run(env);
      if (collection === null) return null;
      const outer = env.frame;
      const bind = (value: unknown): boolean | null => {
        tick(env);
        env.frame = { name, value, entries: null, parent: outer };
        return each(env, depth + 1, visit);
      };
      try {
        if (collection instanceof FeelRange) {
          const { start, end } = collection;
          if (!Number.isInteger(start) || !Number.isInteger(end)) {
            return note(
              env,
              `the range ${describeValue(collection)} needs whole numbers at both ends`,
              `范围 ${describeValue(collection)} 的两端须为整数`,
            );
          }
          const step = (end as number) >= (start as number) ? 1 : -1;
          for (let i = start as number; step > 0 ? i <= (end as number) : i >= (end as number); i += step) {
            const go = bind(i);
            if (go !== true) return go;
          }
        } else {
          for (const value of Array.isArray(collection) ? collection : [collection]) {
            const go = bind(value);
            if (go !== true) return go;
          }
        }
        return true;
      } finally {
        env.frame = outer;
      }
    };

    if (kind === 'for') {
      return {
        run: (env) => {
          tick(env);
          const result: unknown[] = [];
          const complete = each(env, 0, () => {
            result.push(body.run(env));
            return true;
          });
          return complete === null ? null : result;
        },
        cost,
      };
    }
    const some = kind === 'some';
    return {
      run: (env) => {
        tick(env);
        let found = false;
        const complete = each(env, 0, () => {
          const holds = body.run(env) === true;
          if (holds === some) {
            found = true;
            return false; // stop: decided
          }
          return true;
        });
        if (found) return some;
        return complete === null ? null : !some;
      },
      cost,
    };
  }

  private loopParts(node: SyntaxNode): [string, SyntaxNode, SyntaxNode] {
    const head = node.firstChild;
    const [inExpressions, body] = parts(node);
    if (!head || !inExpressions || !body || inExpressions.name !== 'InExpressions')
      this.syntaxError(node.from);
    return [head.name, inExpressions, body];
  }

  /** `1..n` (an integer range, never expanded) or any expression giving a list. */
  private iterationContext(node: SyntaxNode): Part {
    const inner = parts(node);
    if (hasToken(node, '..')) {
      const [startNode, endNode] = inner;
      if (!startNode || !endNode) this.syntaxError(node.from);
      const start = this.expression(startNode);
      const end = this.expression(endNode);
      return {
        run: (env) => new FeelRange(start.run(env), end.run(env)),
        cost: start.cost + end.cost,
      };
    }
    if (inner.length !== 1) this.syntaxError(node.from);
    return this.expression(inner[0]!);
  }

  /** How many times a literal iteration context iterates (0 when only known at run time). */
  private iterationLength(node: SyntaxNode): number {
    const inner = parts(node);
    if (hasToken(node, '..')) {
      const start = inner[0] ? this.literalNumber(inner[0]) : null;
      const end = inner[1] ? this.literalNumber(inner[1]) : null;
      return start === null || end === null ? 0 : Math.abs(end - start) + 1;
    }
    return inner[0] ? this.literalLength(inner[0]) : 0;
  }
}

/** Clears the compiled-expression cache (tests that count parses use it). */
export function clearFeelCache(): void {
  cache.clear();
}
