import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateApiClientSource, generatedClientPath } from '../src/http/generateApiClient';

describe('the generated API client', () => {
  it('matches the routes’ schemas (run `npm run api:generate` after changing one)', async () => {
    const committed = await readFile(generatedClientPath, 'utf8');
    const expected = await generateApiClientSource();
    // Compared as text so the failure shows the first differing line.
    expect(
      committed.split('\n'),
      'api-client/src/schema.gen.ts is stale: run `npm run api:generate`',
    ).toEqual(expected.split('\n'));
  });
});
