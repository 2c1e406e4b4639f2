import { compileFeel, FeelCompileError } from '@yijian/engine/feel';

/** What a FEEL expression reads, or why it cannot be used. */
export type FeelNames = { names: string[]; error: null } | { names: []; error: string };

/**
 * The answer keys a FEEL expression reads: `shop.area > 300 or shop.investment > 30` →
 * `['shop.area', 'shop.investment']`. Paths are whole dotted names, as the field dictionary keys
 * them; function names (`not`, `count`) and names a `for`/`some`/`every` binds are not answers.
 * It is checked with the engine's compiler — syntax, Yijian's FEEL subset and the budget — so
 * the composer refuses exactly what a deploy would. A problem is returned, not thrown, so
 * validation can report every bad condition at once.
 */
export function feelNames(expression: string): FeelNames {
  try {
    return { names: [...compileFeel(expression).names], error: null };
  } catch (error) {
    if (error instanceof FeelCompileError) return { names: [], error: error.message };
    throw error;
  }
}

/** The FEEL source of a condition without Camunda's leading `=`. */
export function feelSource(expression: string): string {
  return expression.trim().replace(/^=/, '').trim();
}
