import type { z } from 'zod';

/**
 * Whether answers are checked against their route's schema before they leave. On in the test
 * suites (vitest sets `YJ_CHECK_RESPONSES`), so every real answer a test provokes proves the
 * published contract — and the client generated from it — true; off in production, where a
 * check per answer would cost time and could only turn a usable answer into a 500.
 */
export const checkResponses = process.env.YJ_CHECK_RESPONSES === '1';

/** An answer that breaks its route's schema: a bug in the handler or in the schema. */
export class ResponseContractError extends Error {
  constructor(route: string, problems: string[]) {
    super(`The answer of ${route} breaks its response schema:\n- ${problems.slice(0, 20).join('\n- ')}`);
    this.name = 'ResponseContractError';
  }
}

/**
 * Checks what the client will receive (the JSON text parsed back, so dates are strings) against
 * the schema, and that it holds no field the schema does not declare: such a field is invisible
 * in the generated client and in the OpenAPI document, which is how copies drift apart.
 */
export function assertResponseMatches(route: string, schema: z.ZodType, result: unknown): void {
  const wire: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const parsed = schema.safeParse(wire);
  if (!parsed.success) {
    throw new ResponseContractError(
      route,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const undeclared: string[] = [];
  collectUndeclared(wire, parsed.data, '', undeclared);
  if (undeclared.length > 0) {
    throw new ResponseContractError(
      route,
      undeclared.map((path) => `${path}: not declared in the schema`),
    );
  }
}

/** Object keys present in what was sent but stripped by the parse (zod drops unknown keys). */
function collectUndeclared(sent: unknown, kept: unknown, path: string, out: string[]): void {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    for (const [i, item] of sent.entries()) collectUndeclared(item, kept[i], `${path}[${i}]`, out);
    return;
  }
  if (!isObject(sent) || !isObject(kept)) return;
  for (const key of Object.keys(sent)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(kept, key)) out.push(at);
    else collectUndeclared(sent[key], kept[key], at, out);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
