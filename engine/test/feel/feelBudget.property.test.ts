import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFeel, DEFAULT_FEEL_BUDGET, FeelCompileError, FeelFault } from '../../src/feel';

/** Range ends: small literals, huge literals (refused at design time) and huge data (`n`). */
const end = fc.constantFrom('1', '3', '10', '1000', '100000', '100000000', 'n', 'm', '-n');

/** Well-formed FEEL of the subset, built as text, with loops nested over big ranges. */
const { expression } = fc.letrec<{ expression: string; loop: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '2.5', 'n', 'm', '"x"', 's', 'list', 'true', 'null', 'i', 'j'),
    tie('loop'),
    fc
      .tuple(tie('expression'), fc.constantFrom('+', '-', '*', '/'), tie('expression'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(tie('expression'), fc.constantFrom('=', '!=', '<', '>='), tie('expression'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(tie('expression'), fc.constantFrom('and', 'or'), tie('expression'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'))
      .map(([c, a, b]) => `(if ${c} then ${a} else ${b})`),
    fc
      .tuple(fc.constantFrom('count', 'sum', 'max', 'string length', 'upper case'), tie('expression'))
      .map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `(${a})[item != ${b}]`),
    fc.tuple(tie('expression'), tie('expression')).map(([a, b]) => `(${a} in [${b}, [1..n]])`),
  ),
  loop: fc
    .tuple(
      fc.constantFrom('for', 'some', 'every'),
      fc.constantFrom('i', 'j'),
      end,
      end,
      fc.boolean(),
      tie('expression'),
    )
    .map(([kind, name, from, to, overList, body]) => {
      const source = overList ? 'list' : `${from}..${to}`;
      return kind === 'for'
        ? `(for ${name} in ${source} return ${body})`
        : `(${kind} ${name} in ${source} satisfies ${body})`;
    }),
}));

const variables = {
  n: 1_000_000_000,
  m: 1_000,
  s: 'x'.repeat(5_000),
  list: Array.from({ length: 200 }, (_, k) => k),
  i: 0,
  j: 1,
};

describe('FEEL budget (property)', () => {
  it('should finish every well-formed expression — a value or a budget fault — within the budget’s step count', () => {
    fc.assert(
      fc.property(expression, (text) => {
        let compiled: ReturnType<typeof compileFeel>;
        try {
          compiled = compileFeel(text);
        } catch (error) {
          // refused at design time: only for a statically known cost over the budget
          expect(error).toBeInstanceOf(FeelCompileError);
          expect((error as Error).message).toMatch(/needs at least \d+ steps/);
          return;
        }
        try {
          const { steps } = compiled.evaluate(variables);
          expect(steps).toBeGreaterThan(0);
          expect(steps).toBeLessThanOrEqual(DEFAULT_FEEL_BUDGET.maxSteps);
        } catch (error) {
          expect(error).toBeInstanceOf(FeelFault);
          expect((error as FeelFault).code).toBe('expression_budget');
          expect((error as FeelFault).steps).toBeLessThanOrEqual(DEFAULT_FEEL_BUDGET.maxSteps);
        }
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('should stop nested loops over big ranges from the data at the budget', () => {
    const compiled = compileFeel('count(for i in 1..n, j in 1..n return i * j) > 0');
    expect(() => compiled.evaluate({ n: 1_000_000 })).toThrow(FeelFault);
  });
});
