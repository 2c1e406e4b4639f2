import { ApiClient } from '@yijian/examples';
import { errorCatalogue } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Bad input is the caller's: every route of the OpenAPI document, called by every role and
 * anonymously with ids that do not parse or do not exist and with bodies of the wrong shape,
 * answers a 4xx in the catalogue's shape (a code, both languages) — never a 5xx — and changes
 * nothing.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('malformed_input');
});
afterAll(async () => {
  await server?.dispose();
});

/** Row counts of the tables a command writes. */
async function writeCounts() {
  const counts: Record<string, number> = {};
  for (const table of [
    'cases',
    'tasks',
    'case_events',
    'bundles',
    'process_definitions',
    'uploads',
    'api_keys',
  ]) {
    counts[table] = Number((await server.knex(table).count({ n: '*' }).first())!.n);
  }
  return counts;
}

/** Path parameters: one that does not parse, one that parses but names nothing (or something real). */
const pathValues: Record<string, [string, string]> = {
  id: ['not-a-uuid', '00000000-0000-4000-8000-000000000000'],
  key: ['No Such Key', 'restaurant'],
  code: ['x', '000104001000'],
  region: ['XX', 'CN'],
  year: ['abc', '2026'],
  materialKey: ['%25%25', 'premisesProof'],
};
const badBodies = [
  '[]',
  'null',
  '"text"',
  '{bad',
  '{"form": 5, "decision": 7, "workingDays": "x", "name": {}, "days": 3}',
];
const badQueries = ['?limit=-1&cursor=zzz&status=weird&departmentId=%00', '?limit=abc&limit=2&from=x&to=y'];

describe('Given every route of the API', () => {
  it('should answer malformed input with a catalogued 4xx, never a 5xx, and change nothing', async () => {
    const doc = (await new ApiClient(server.url).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const callers = await Promise.all(
      ['admin', 'designer', 'manager', 'market.clerk', 'zhangsan'].map((u) =>
        new ApiClient(server.url).login(u),
      ),
    );
    callers.push(new ApiClient(server.url));
    const before = await writeCounts();
    const wrong: string[] = [];
    let calls = 0;

    for (const [template, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        for (const variant of [0, 1]) {
          const path = template.replace(
            /\{(\w+)\}/g,
            (_, name: string) => pathValues[name]?.[variant] ?? 'x',
          );
          const reads = method === 'get' || method === 'delete';
          for (const caller of callers) {
            const tries = reads
              ? badQueries.map((q) => ({ path: path + q, body: undefined }))
              : badBodies.map((body) => ({ path, body }));
            for (const { path: url, body } of tries) {
              calls++;
              const headers: Record<string, string> =
                body === undefined ? {} : { 'content-type': 'application/json' };
              const res = await caller.request(method.toUpperCase(), url, body, headers);
              const error = (res.body as { error?: { code?: string; messages?: Record<string, string> } })
                ?.error;
              const said = `${res.status} ${method.toUpperCase()} ${url} ${body ?? ''}: ${JSON.stringify(res.body).slice(0, 160)}`;
              if (res.status >= 500) wrong.push(said);
              else if (
                res.status >= 400 &&
                !(error?.code && error.code in errorCatalogue && error.messages?.['zh-CN'])
              )
                wrong.push(said);
              else if (res.status < 400 && !reads) wrong.push(`accepted: ${said}`);
            }
          }
        }
      }
    }

    expect(calls).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
    expect(await writeCounts()).toEqual(before);
  }, 300_000);
});
