import { compileFeel } from './compileFeel';
import { FeelCompileError } from './FeelFault';
import type { FeelBudget } from './feelBudget';

/**
 * Checks a FEEL expression at design time with the compiler the engine runs: syntax, Yijian's
 * subset and the statically known cost against the budget. Returns a sentence saying what is
 * wrong and how to write it, or null. Deploy, the composer and the browser all call this.
 */
export function checkFeel(text: string, budget?: FeelBudget): string | null {
  try {
    compileFeel(text, budget);
    return null;
  } catch (error) {
    if (error instanceof FeelCompileError) return error.message;
    throw error;
  }
}
