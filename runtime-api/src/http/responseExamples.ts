import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';

/**
 * One example answer per route, shown in the OpenAPI document (`/api/docs`) and checked against
 * the route's response schema by `runtime-api/test/responseExamples.test.ts`.
 *
 * The examples are real answers captured from a test run, one JSON file per route in
 * `runtime-api/openapi-examples/`. To refresh one, delete its file (or all of them) and run the
 * tests that call the route with `YJ_CAPTURE_EXAMPLES=1`, e.g.
 * `YJ_CAPTURE_EXAMPLES=1 npx vitest run tests/integration/restaurantCase.test.ts`: the first
 * answer of each route without a file is written (long lists cut to two entries, secrets
 * masked). The test names the routes that lack one.
 */

export const examplesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../openapi-examples',
);

const capture = process.env.YJ_CAPTURE_EXAMPLES === '1';

/** The route as the OpenAPI document names it: `get /api/cases/{id}`. */
export function routeKey(method: string, expressPath: string): string {
  return `${method.toLowerCase()} ${expressPath.replace(/:(\w+)/g, '{$1}')}`;
}

/** The example's file name: the route key with everything but letters and digits as `_`. */
export const exampleFileName = (key: string) =>
  `${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '')}.json`;

let stored: Set<string> | null = null;
function storedFiles(): Set<string> {
  stored ??= new Set(existsSync(examplesDir) ? readdirSync(examplesDir) : []);
  return stored;
}

/** The stored example of a route, or undefined. */
export function storedExample(key: string): unknown {
  const name = exampleFileName(key);
  if (!storedFiles().has(name)) return undefined;
  return JSON.parse(readFileSync(path.join(examplesDir, name), 'utf8')).example;
}

/** The response schema of every route defined in this process, by route key (for the example test). */
export const responseSchemas = new Map<string, z.ZodType | 'text/xml' | { file: readonly string[] }>();

const SECRET_KEYS = /^(token|password|passwordHash|secret|apiKey|signingSecret|initialPassword)$/i;

/** A captured answer made fit to publish: lists cut to two entries, secrets masked. */
function trimmed(value: unknown, keyName = ''): unknown {
  if (Array.isArray(value)) return value.slice(0, 2).map((v) => trimmed(v));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v, k)]));
  if (typeof value === 'string' && SECRET_KEYS.test(keyName)) return 'redacted-in-example';
  // A department system's API key, shown once when it is made.
  if (typeof value === 'string' && value.startsWith('yjk_')) return 'yjk_redacted-in-example';
  return value;
}

/**
 * With `YJ_CAPTURE_EXAMPLES=1`, writes the first answer of a route that has no example yet.
 * Several test files may race: the file is created exclusively, the first one wins.
 */
export function captureExample(key: string, answer: unknown): void {
  if (!capture) return;
  const name = exampleFileName(key);
  if (storedFiles().has(name)) return;
  storedFiles().add(name);
  mkdirSync(examplesDir, { recursive: true });
  const wire = answer === undefined ? null : JSON.parse(JSON.stringify(answer));
  try {
    writeFileSync(
      path.join(examplesDir, name),
      `${JSON.stringify({ route: key, example: typeof wire === 'string' ? wire : trimmed(wire) }, null, 2)}\n`,
      { flag: 'wx' },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
