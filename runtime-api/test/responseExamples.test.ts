import { describe, expect, it } from 'vitest';
import { apiDocument } from '../src/app';
import { assertResponseMatches } from '../src/http/responseCheck';
import { exampleFileName, responseSchemas } from '../src/http/responseExamples';

/** Every route of the OpenAPI document, with its success answer's media types. */
function routes() {
  const document = apiDocument();
  const found: { key: string; content: Record<string, { example?: unknown }> }[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, { responses?: object }>)) {
      const responses = (operation.responses ?? {}) as Record<string, { content?: Record<string, object> }>;
      const success = Object.entries(responses).find(([status]) => status.startsWith('2'));
      // A redirect (302, single sign-on) has no body to show.
      if (!success) continue;
      found.push({ key: `${method} ${path}`, content: (success[1].content ?? {}) as never });
    }
  }
  return found;
}

describe('example answers in the OpenAPI document', () => {
  it('should have an example for every route (capture: see runtime-api/src/http/responseExamples.ts)', () => {
    const missing = routes()
      .filter((r) => Object.values(r.content).every((media) => media.example === undefined))
      .map((r) => `${r.key} → openapi-examples/${exampleFileName(r.key)}`);
    expect(missing, 'routes without an example answer').toEqual([]);
  });

  it('should hold examples that match their route’s response schema, with no undeclared field', () => {
    const broken: string[] = [];
    for (const route of routes()) {
      const schema = responseSchemas.get(route.key);
      const example = Object.values(route.content)[0]?.example;
      if (example === undefined || schema === undefined) continue;
      if (schema === 'text/xml') {
        if (typeof example !== 'string') broken.push(`${route.key}: the example is not text`);
        continue;
      }
      // A file download's example is its bytes' description, not JSON.
      if ('file' in schema) continue;
      try {
        assertResponseMatches(route.key, schema, example);
      } catch (err) {
        broken.push((err as Error).message);
      }
    }
    expect(broken).toEqual([]);
  });
});
