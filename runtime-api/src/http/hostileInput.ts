import { validationReasons } from './errorCodes';
import { ApiError, invalidField } from './errors';

/** How deep objects and arrays may nest in a request: the deepest form is a handful of levels. */
export const MAX_JSON_DEPTH = 32;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses text PostgreSQL or a log cannot hold faithfully, wherever it sits in a request (body,
 * query, path, object keys included): a NUL character (`text` and `jsonb` reject it, which would be
 * a 500) and a lone UTF-16 surrogate (not text at all). Also refuses nesting deeper than
 * {@link MAX_JSON_DEPTH}, before any schema recurses into it. 400 with the field's path.
 */
export function refuseHostileInput(value: unknown, prefix: string): void {
  // Iterative, so a hostile depth cannot overflow the stack here either.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      checkText(v, path);
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) throw new ApiError('json_too_deep', { max: MAX_JSON_DEPTH });
      for (const [key, child] of Object.entries(v)) {
        // A key is named in the answer with its NUL shown, never echoed raw.
        const childPath = `${path ? `${path}.` : ''}${key.replaceAll('\u0000', '\\0')}`;
        checkText(key, childPath);
        stack.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
}

function checkText(text: string, path: string): void {
  if (text.includes('\u0000')) throw invalidField(path || '(body)', validationReasons.nulCharacter);
  if (LONE_SURROGATE.test(text)) throw invalidField(path || '(body)', validationReasons.loneSurrogate);
}
