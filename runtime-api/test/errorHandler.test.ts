import type { AddressInfo } from 'node:net';
import { IncidentError, RunError } from '@yijian/engine';
import express from 'express';
import rateLimit from 'express-rate-limit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler, rateLimitedHandler } from '../src/http/errors';

// A bare app with the API's middleware order: body parser, rate limit, routes, error handler.
const app = express();
const logged: unknown[] = [];
const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
app.use((req, _res, next) => {
  req.log = log as never;
  next();
});
app.use(express.json({ limit: '1kb' }));
app.use('/limited', rateLimit({ windowMs: 60_000, limit: 1, handler: rateLimitedHandler }));
app.post('/echo', (req, res) => void res.json(req.body));
app.get('/limited', (_req, res) => void res.json({ ok: true }));
app.get('/engine/conflict', () => {
  throw new RunError('not_waiting', 'No task t1 is waiting in this case.', { task: 't1' });
});
app.get('/engine/fault', () => {
  throw new RunError('no_flow_taken', 'No condition after Gateway_1 holds.');
});
app.get('/engine/incident', () => {
  throw new IncidentError('condition_not_boolean', { zh: '不是真或假', en: 'not boolean' }, 'Flow_1');
});
app.get('/bug', () => {
  throw new TypeError('undefined is not a function');
});
app.use(errorHandler);

let base = '';
let server: ReturnType<typeof app.listen>;
beforeAll(async () => {
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

type ErrorBody = { error: { code: string; message: string; messages: Record<string, string> } };

const get = async (path: string, language = 'en') => {
  const res = await fetch(`${base}${path}`, { headers: { 'accept-language': language } });
  return { status: res.status, body: (await res.json()) as ErrorBody };
};

describe('The error handler', () => {
  it('should answer a rate limit as 429 rate_limited in the catalogue’s shape', async () => {
    expect((await get('/limited')).status).toBe(200);
    const limited = await get('/limited', 'zh-CN');
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({
      code: 'rate_limited',
      message: '请求过于频繁，请稍后再试。',
      messages: { en: 'Too many requests; try again later.' },
    });
  });

  it('should answer a body over the limit as 413 body_too_large', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ text: 'x'.repeat(2000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: 'body_too_large',
      message: 'The body is too large (at most 1 KB).',
    });
  });

  it('should answer an engine refusal with its code and the engine’s facts', async () => {
    const res = await get('/engine/conflict', 'fr, zh;q=0.5');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'engine_not_waiting',
      message: '办件中没有正在等待的任务 t1，它可能已经办结。',
      messages: { en: 'No task t1 is waiting in this case; it may be completed already.' },
    });
  });

  it('should answer engine faults and incidents as a logged 500, never as a refusal', async () => {
    logged.length = 0;
    for (const path of ['/engine/fault', '/engine/incident', '/bug']) {
      const res = await get(path);
      expect(res.status, path).toBe(500);
      expect(res.body.error).toMatchObject({
        code: 'internal',
        message: 'Internal error; it has been logged.',
      });
    }
    expect(logged).toHaveLength(3);
  });

  it('should answer in Chinese when the request names no language it speaks', async () => {
    expect((await get('/engine/conflict', 'fr')).body.error.message).toMatch(/^办件中/);
    expect((await get('/engine/conflict', '*')).body.error.message).toMatch(/^办件中/);
    expect((await get('/engine/conflict', 'en-US,en;q=0.8')).body.error.message).toMatch(/^No task/);
  });
});
