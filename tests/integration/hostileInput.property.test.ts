import { ApiClient } from '@yijian/examples';
import { errorCatalogue } from '@yijian/runtime-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Hostile input is the caller's (issue 14, acceptance 3): over every route of the OpenAPI document,
 * as every kind of caller, fast-check sends hostile strings (NUL, lone surrogates, prototype keys,
 * huge and odd text) in paths, queries and bodies, deep nesting, crafted paging cursors and
 * hostile content types. Every answer is a catalogued 4xx (or a read's 2xx) — never a 5xx — and
 * the database is unchanged.
 */
interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
}

let server: TestServer;
let callers: ApiClient[];
let operations: { method: string; template: string; query: string[]; body: string[] }[];

beforeAll(async () => {
  server = await startTestServer('hostile_input');
  callers = await Promise.all(
    ['admin', 'manager', 'market.clerk', 'zhangsan'].map((u) => new ApiClient(server.url).login(u)),
  );
  callers.push(new ApiClient(server.url));
  const doc = (await callers[0]!.get('/api/openapi.json')).body as {
    components: { schemas: Record<string, Schema> };
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string }[];
          requestBody?: { content?: Record<string, { schema?: Schema }> };
        }
      >
    >;
  };
  // A body schema is often a reference to a named component.
  const propertiesOf = (schema: Schema | undefined): string[] => {
    const resolved = schema?.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)!] : schema;
    return Object.keys(resolved?.properties ?? {});
  };
  operations = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.entries(ops)
      // Logging out would end the callers' own sessions; it takes no input anyway.
      .filter(([method]) => !(template === '/api/auth/logout' && method === 'post'))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: propertiesOf(op.requestBody?.content?.['application/json']?.schema),
      })),
  );
});
afterAll(async () => {
  await server?.dispose();
});

async function writeCounts() {
  const counts: Record<string, number> = {};
  for (const table of [
    'users',
    'sessions',
    'cases',
    'tasks',
    'case_events',
    'bundles',
    'process_definitions',
    'uploads',
    'case_materials',
    'e_licences',
    'api_keys',
    'calendar_days',
  ]) {
    counts[table] = Number((await server.knex(table).count({ n: '*' }).first())!.n);
  }
  return counts;
}

/**
 * Percent-encodes any text, a lone surrogate too (as the 3 bytes WTF-8 gives it, which are not
 * UTF-8: what a hostile client can put on the wire; encodeURIComponent would throw).
 */
function enc(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';

/** Text PostgreSQL, JSON or a lookup table may choke on. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '\ud83d',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '../../etc/passwd',
    "' or 1=1 --",
    '%00',
    '2026-02-30T25:61:00Z',
    '0000-00-00',
    '99999-12-31',
    '00000000-0000-0000-0000-00000000000g',
    '-1',
    '1e400',
    '9'.repeat(40),
    '𠀀'.repeat(300),
    '<script>alert(1)</script>',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
);

/** Cursors this API never gave: wrong shapes, impossible instants, non-UUIDs, out-of-range sequences. */
const hostileCursor = fc.oneof(
  hostileString,
  fc.constantFrom(
    b64(['2026-02-30T10:00:00.000Z', UUID]),
    b64(['2026-13-01 00:00:00+00', UUID, 1]),
    b64(['2026-01-01T24:00:00Z', UUID, 1]),
    b64(['2026-01-01T00:00:00Z', '------------------------------------', 1]),
    b64(['2026-01-01T00:00:00Z', UUID, 2 ** 40]),
    b64(['2026-01-01T00:00:00Z', UUID, -1]),
    b64(['2026-01-01T00:00:00Z', UUID, 1.5]),
    b64(['0000-01-01T00:00:00Z', UUID, 1]),
    b64([null, 'x']),
    b64({ __proto__: { polluted: true } }),
    b64('\u0000'),
  ),
);

/** A JSON value nested `depth` levels. */
const nested = (depth: number, kind: 'array' | 'object') =>
  kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const hostileBody = (fields: string[]) =>
  fc.oneof(
    // Every declared field (and a prototype key) given hostile text
    fc
      .tuple(
        fc.array(hostileString, { minLength: fields.length + 1, maxLength: fields.length + 1 }),
        hostileString,
      )
      .map(([values, key]) =>
        JSON.stringify(
          Object.fromEntries([...fields.map((f, i) => [f, values[i]]), [key, values[fields.length]]]),
        ),
      ),
    fc.constantFrom(
      nested(100, 'array'),
      nested(5000, 'object'),
      JSON.stringify({ form: JSON.parse(nested(200, 'object')) }),
      '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}',
      '{"username": "admin\\u0000", "password": "x"}',
      '{"name": "\\ud800"}',
    ),
  );

const hostileContentType = fc.constantFrom(
  'application/json',
  '__proto__',
  'constructor',
  'toString',
  'text/plain',
  'application/json; charset=utf-16',
  'application/json; charset=__proto__',
  'multipart/form-data; boundary=x',
  'application/pdf',
  'image/png',
  'application/xml',
  '',
);

const request = fc.record({
  operation: fc.nat(),
  caller: fc.nat(),
  pathValue: fc.oneof(hostileString, fc.constant(UUID)),
  query: hostileCursor,
  body: fc.string(),
  contentType: hostileContentType,
  seed: fc.nat(),
});

describe('Given hostile input on every route', () => {
  it('should answer a catalogued 4xx (or a read), never a 5xx, and change nothing', async () => {
    const before = await writeCounts();
    const wrong: string[] = [];

    // Every operation at least once per caller with a hostile body and query …
    const sweep = fc.sample(fc.tuple(hostileString, hostileCursor), { numRuns: operations.length, seed: 14 });
    const plan: {
      op: (typeof operations)[number];
      caller: ApiClient;
      path: string;
      body?: string;
      type: string;
    }[] = [];
    operations.forEach((op, i) => {
      const [text, cursor] = sweep[i]!;
      const path = op.template.replace(/\{(\w+)\}/g, () => enc(text));
      const query = ['cursor', ...op.query].map((q) => `${q}=${enc(q === 'cursor' ? cursor : text)}`);
      for (const caller of callers) {
        const body = fc.sample(hostileBody(op.body), { numRuns: 1, seed: i })[0];
        plan.push({ op, caller, path: `${path}?${query.join('&')}`, body, type: 'application/json' });
      }
    });

    // … every operation with each of the texts PostgreSQL refuses in every field, path and query …
    for (const op of operations) {
      for (const text of ['a\u0000b', 'x\ud800y', '\udc00', '__proto__']) {
        const path = op.template.replace(/\{(\w+)\}/g, () => enc(text));
        const query = ['cursor', ...op.query].map((q) => `${q}=${enc(text)}`).join('&');
        const body = JSON.stringify(Object.fromEntries([...op.body, text].map((f) => [f, text])));
        for (const caller of callers)
          plan.push({ op, caller, path: `${path}?${query}`, body, type: 'application/json' });
        // and the real path with hostile fields, so the body reaches the handler
        const real = op.template.replace(/\{(\w+)\}/g, () => UUID);
        for (const caller of callers) plan.push({ op, caller, path: real, body, type: 'application/json' });
      }
    }

    // … then random combinations, content types included.
    for (const r of fc.sample(request, { numRuns: 400, seed: 2026 })) {
      const op = operations[r.operation % operations.length]!;
      const path = op.template.replace(/\{(\w+)\}/g, () => enc(r.pathValue));
      const names = ['cursor', ...op.query];
      const q = `${names[r.seed % names.length]}=${enc(r.query)}`;
      const body = fc.sample(hostileBody(op.body), { numRuns: 1, seed: r.seed })[0];
      plan.push({
        op,
        caller: callers[r.caller % callers.length]!,
        path: `${path}?${q}`,
        body,
        type: r.contentType,
      });
    }

    for (const { op, caller, path, body, type } of plan) {
      const sendsBody = op.method !== 'GET' && op.method !== 'DELETE';
      const res = await caller.request(
        op.method,
        path,
        sendsBody ? body : undefined,
        sendsBody ? { 'content-type': type } : {},
      );
      const error = (res.body as { error?: { code?: string; messages?: Record<string, string> } })?.error;
      const said = `${res.status} ${op.method} ${path.slice(0, 120)} [${type}] ${String(body).slice(0, 80)}: ${JSON.stringify(res.body).slice(0, 160)}`;
      if (res.status >= 500) wrong.push(said);
      else if (
        res.status >= 400 &&
        !(error?.code && error.code in errorCatalogue && error.messages?.['zh-CN'])
      )
        wrong.push(`uncatalogued: ${said}`);
      else if (res.status < 400 && sendsBody && op.template !== '/api/audit/checkpoints')
        wrong.push(`accepted: ${said}`);
    }

    expect(plan.length).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
    expect(await writeCounts()).toEqual(before);
  }, 300_000);
});
