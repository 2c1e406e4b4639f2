/**
 * How much work one FEEL evaluation may do. A step is one node evaluated, one loop iteration,
 * one list element created or compared, one range element visited, or 100 characters of a string
 * produced. 100 000 steps take a few milliseconds; the string cap keeps the heap small however
 * the steps are spent.
 */
export interface FeelBudget {
  /** Steps one evaluation may take; one more is `expression_budget`. */
  readonly maxSteps: number;
  /** Longest string an evaluation may produce, in UTF-16 code units. */
  readonly maxStringLength: number;
}

/** The budget used on the server and in the browser unless a caller passes another. */
export const DEFAULT_FEEL_BUDGET: FeelBudget = { maxSteps: 100_000, maxStringLength: 100_000 };

/** Characters of a produced string that cost one step (so big strings cost in proportion). */
export const CHARACTERS_PER_STEP = 100;
