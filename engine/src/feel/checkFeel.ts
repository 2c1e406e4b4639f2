import { parseExpression } from 'feelin';
import { feelSource } from './feelSource';

/**
 * Checks FEEL syntax at deploy time, so a typo in a condition is refused with the element's id
 * instead of failing a running case. Returns a sentence saying what is wrong, or null.
 */
export function checkFeel(text: string): string | null {
  const source = feelSource(text);
  if (source.length === 0) return 'The expression is empty; write FEEL such as =amount > 100.';
  if (/^[$#]\{/.test(source)) {
    return `"${source}" is JUEL, not FEEL; write =${source.slice(2, -1).trim()} instead.`;
  }
  let errorAt: number | null = null;
  try {
    parseExpression(source, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError && errorAt === null) errorAt = node.from;
      },
    });
  } catch (error) {
    return `"${source}" is not valid FEEL (${(error as Error).message}); fix the expression.`;
  }
  return errorAt === null
    ? null
    : `"${source}" is not valid FEEL (problem at character ${errorAt + 1}); fix the expression, e.g. =amount > 100.`;
}
