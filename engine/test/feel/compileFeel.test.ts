import { describe, expect, it } from 'vitest';
import { checkFeel, compileFeel, FeelCompileError, FeelFault } from '../../src/feel';

const context = {
  'shop.area': 500,
  'shop.investment': null,
  entity: { hasBusinessLicence: false, ownership: 'forProfit' },
  numbers: [1, 2, 3, 4],
  people: [
    { name: 'ann', age: 20 },
    { name: 'ben', age: 10 },
  ],
  name: 'abc',
  outcome: null,
};

function value(expression: string, variables: Record<string, unknown> = context): unknown {
  return compileFeel(expression).evaluate(variables).value;
}

describe('compileFeel: the subset, with FEEL semantics', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['-shop.area', -500],
    ['"a" + "b"', 'ab'],
    ['10 / 4', 2.5],
    ['1 / 0', null],
    ['2 ** 10', 1024],
    ['shop.area > 300', true],
    ['shop.area between 100 and 500', true],
    ['shop.area in [100..500)', false],
    ['shop.area in (400, 500)', true],
    ['shop.area in < 600', true],
    ['entity.ownership in ["forProfit", "nonProfit"]', true],
    ['entity.hasBusinessLicence = false', true],
    ['not(entity.hasBusinessLicence = true)', true],
    ['if name = "abc" then "yes" else "no"', 'yes'],
    ['[1, 2][2]', 2],
    ['numbers[-1]', 4],
    ['numbers[item > 2]', [3, 4]],
    ['people[age > 18].name', ['ann']],
    ['for n in numbers return n * 2', [2, 4, 6, 8]],
    ['for i in 3..1 return i', [3, 2, 1]],
    ['some n in numbers satisfies n > 3', true],
    ['every n in numbers satisfies n > 3', false],
    ['count(numbers)', 4],
    ['sum(numbers)', 10],
    ['min(numbers)', 1],
    ['max(3, 9, 4)', 9],
    ['string length("一件事")', 3],
    ['contains(name, "b")', true],
    ['starts with(name, "ab")', true],
    ['ends with(name, "c")', true],
    ['upper case(name)', 'ABC'],
    ['lower case("ABC")', 'abc'],
    ['string(12)', '12'],
    ['number("12.5")', 12.5],
    ['number("12a")', null],
    ['abs(-3)', 3],
    ['floor(2.7)', 2],
    ['ceiling(2.1)', 3],
    ['list contains(numbers, 3)', true],
    ['is defined(shop.area)', true],
    ['is defined(shop.nothing)', false],
    ['{a: 1, b: "x"}.b', 'x'],
  ])('should evaluate %s to %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it('should ignore comments', () => {
    expect(value('shop.area > 300 // the fire check threshold')).toBe(true);
    expect(value('/* size */ shop.area > /* m² */ 300')).toBe(true);
  });

  it('should read a flat dotted key and a nested context alike', () => {
    expect(value('shop.area > 300', { 'shop.area': 400 })).toBe(true);
    expect(value('shop.area > 300', { shop: { area: 400 } })).toBe(true);
  });

  it('should compare values of different types as null, never by JavaScript coercion', () => {
    expect(value('"200" > 100', {})).toBeNull();
    expect(value('"1" = 1', {})).toBeNull();
    expect(value('true < 1', {})).toBeNull();
    expect(value('"a" + 1', {})).toBeNull();
    expect(compileFeel('"200" > 100').evaluate({}).notes).toEqual([
      { en: '"200" > 100 compares a string with a number', zh: '"200" > 100 将字符串与数字进行比较' },
    ]);
  });

  it('should follow FEEL for null: null = null is true, null = 1 false, ordering with null null', () => {
    expect(value('null = null', {})).toBe(true);
    expect(value('null = 1', {})).toBe(false);
    expect(value('null != 1', {})).toBe(true);
    expect(value('null < 1', {})).toBeNull();
    expect(value('shop.investment > 300000')).toBeNull();
  });

  it('should apply three-valued and/or', () => {
    expect(value('null and false', {})).toBe(false);
    expect(value('null and true', {})).toBeNull();
    expect(value('null or true', {})).toBe(true);
    expect(value('null or false', {})).toBeNull();
    expect(value('shop.area > 300 or shop.investment > 300000')).toBe(true);
    expect(value('"yes" and true', {})).toBeNull();
  });

  it('should fault variable_missing naming a name or path the context does not have', () => {
    const fault = (() => {
      try {
        compileFeel('shop.rent > 1').evaluate(context);
      } catch (error) {
        return error;
      }
    })();
    expect(fault).toBeInstanceOf(FeelFault);
    expect(fault).toMatchObject({ code: 'variable_missing', variable: 'shop.rent' });
    expect(() => compileFeel('entity.age > 1').evaluate(context)).toThrow(/entity\.age does not exist/);
  });

  it('should NOT read inherited properties: __proto__ and constructor are missing', () => {
    expect(() => value('entity.constructor = null')).toThrow(FeelFault);
    expect(() => value('__proto__ = null')).toThrow(FeelFault);
  });

  it('should compile each source text once and reuse it', () => {
    expect(compileFeel('=shop.area > 301')).toBe(compileFeel('shop.area > 301'));
  });

  it('should list the variables an expression reads, not its loop names or functions', () => {
    expect(compileFeel('for n in numbers return n + shop.area').names).toEqual(['numbers', 'shop.area']);
    expect(compileFeel('not(entity.hasBusinessLicence = true)').names).toEqual(['entity.hasBusinessLicence']);
  });
});

describe('compileFeel: refusals at design time', () => {
  it.each([
    ['shop.area >>> 300', /"shop\.area >>> 300" is not valid FEEL/],
    ['shop.area >', /not valid FEEL/],
    ['(1 + 2', /not valid FEEL/],
    ['', /empty/],
    ['#{amount > 1}', /JUEL/],
    ['date("2026-01-01") > x', /date, time and duration values — not supported/],
    ['now()', /the function now\(\) — not supported/],
    ['x instance of number', /instance of/],
    ['function(a) a', /defining functions/],
    ['count(list: [1])', /named parameters/],
    ['count(1, 2)', /count\(\) takes 1 argument/],
    ['count(for i in 1..100000000 return i)', /needs at least \d+ steps/],
    ['for i in 1..400, j in 1..400 return i', /needs at least \d+ steps/],
  ])('should refuse %s', (expression, message) => {
    expect(() => compileFeel(expression)).toThrow(FeelCompileError);
    expect(checkFeel(expression)).toMatch(message);
  });

  it('should refuse an expression nested too deeply or too long, before it can exhaust the stack', () => {
    expect(checkFeel(`${'('.repeat(2_000)}1${')'.repeat(2_000)}`)).toMatch(/nested \d+ levels deep/);
    expect(checkFeel(`${'not('.repeat(300)}true${')'.repeat(300)}`)).toMatch(/nested \d+ levels deep/);
    expect(checkFeel(Array.from({ length: 3_000 }, (_, i) => `x = ${i}`).join(' or '))).toMatch(
      /characters long/,
    );
  });

  it('should accept what it can run', () => {
    expect(checkFeel('=shop.area > 300 or shop.investment > 300000')).toBeNull();
    expect(checkFeel('count(for i in 1..1000 return i) > 1')).toBeNull();
  });
});

describe('compileFeel: the budget', () => {
  it('should stop a loop whose size comes from the data at the budget, counting its steps', () => {
    const compiled = compileFeel('count(for i in 1..n return i)');
    let fault: unknown;
    try {
      compiled.evaluate({ n: 100_000_000 });
    } catch (error) {
      fault = error;
    }
    expect(fault).toMatchObject({ code: 'expression_budget' });
    expect((fault as FeelFault).steps).toBeLessThanOrEqual(100_000);
  });

  it('should take a caller’s smaller budget', () => {
    const compiled = compileFeel('count(for i in 1..n return i)');
    expect(compiled.evaluate({ n: 10 }, { maxSteps: 100, maxStringLength: 100 }).value).toBe(10);
    expect(() => compiled.evaluate({ n: 1000 }, { maxSteps: 100, maxStringLength: 100 })).toThrow(
      /100 steps/,
    );
  });

  it('should refuse to build a string longer than the cap', () => {
    const compiled = compileFeel('for i in 1..20 return s + s');
    expect(() => compiled.evaluate({ s: 'x'.repeat(60_000) })).toThrow(/string of 120000 characters/);
  });

  it('should count a string’s length against the steps, so many big strings cannot fill the heap', () => {
    const { steps } = compileFeel('s + s').evaluate({ s: 'x'.repeat(10_000) });
    expect(steps).toBeGreaterThanOrEqual(200);
  });
});
