import { parseExpression } from 'feelin';

/** What a FEEL expression reads, or why it cannot be read. */
export type FeelNames = { names: string[]; error: null } | { names: []; error: string };

/**
 * The answer keys a FEEL expression reads: `shop.area > 300 or shop.investment > 30` →
 * `['shop.area', 'shop.investment']`. Paths are whole dotted names, as the field dictionary keys
 * them; function names (`not`, `count`) are not answers. A syntax error is returned, not thrown,
 * so validation can report every bad condition at once.
 */
export function feelNames(expression: string): FeelNames {
  const source = feelSource(expression);
  if (source.length === 0)
    return { names: [], error: 'The condition is empty; write FEEL such as shop.area > 300.' };
  const names = new Set<string>();
  let errorAt: number | null = null;
  try {
    parseExpression(source, {}, undefined).iterate({
      enter(node) {
        if (node.type.isError) {
          errorAt ??= node.from;
          return false;
        }
        if (node.name === 'PathExpression') {
          names.add(source.slice(node.from, node.to).replace(/\s+/g, ''));
          return false;
        }
        if (node.name === 'VariableName') {
          const parent = node.node.parent;
          const isFunctionName = parent?.name === 'FunctionInvocation' && parent.from === node.from;
          if (!isFunctionName) names.add(source.slice(node.from, node.to).trim());
          return false;
        }
        return undefined;
      },
    });
  } catch (error) {
    return { names: [], error: `"${source}" is not valid FEEL (${(error as Error).message}).` };
  }
  if (errorAt !== null) {
    return {
      names: [],
      error: `"${source}" is not valid FEEL (problem at character ${errorAt + 1}); write e.g. shop.area > 300.`,
    };
  }
  return { names: [...names], error: null };
}

/** The FEEL source of a condition without Camunda's leading `=`. */
export function feelSource(expression: string): string {
  return expression.trim().replace(/^=/, '').trim();
}
