import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { canonicalJson, hashCaseEvent } from '@yijian/db';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { isInstant, isSeq, isUuid } from '../src/http/cursorFields';
import { refuseHostileInput } from '../src/http/hostileInput';
import { contentProblem } from '../src/materials/fileContent';

describe('The audit hash', () => {
  const event = {
    caseId: '00000000-0000-4000-8000-000000000001',
    seq: 3,
    type: 'task.completed',
    at: '2026-03-02T09:00:00+08:00',
    actorId: null,
    elementId: 'Task_1',
    activationKey: null,
    payload: { outcome: 'approved', detail: { b: 2, a: [1, { z: true, y: null }] } },
  };

  it('should NOT depend on key order, so a row read back from jsonb recomputes', () => {
    const readBack = {
      ...event,
      at: new Date('2026-03-02T01:00:00.000Z'),
      payload: { detail: { a: [1, { y: null, z: true }], b: 2 }, outcome: 'approved' },
    };
    expect(hashCaseEvent('0'.repeat(64), readBack)).toBe(hashCaseEvent('0'.repeat(64), event));
    expect(canonicalJson({ b: 1, a: { d: 1, c: undefined } })).toBe('{"a":{"d":1},"b":1}');
  });

  it('should change with any field or the previous hash', () => {
    const base = hashCaseEvent('0'.repeat(64), event);
    expect(hashCaseEvent('1'.repeat(64), event)).not.toBe(base);
    expect(hashCaseEvent('0'.repeat(64), { ...event, payload: { outcome: 'denied' } })).not.toBe(base);
    expect(hashCaseEvent('0'.repeat(64), { ...event, seq: 4 })).not.toBe(base);
  });
});

describe('Hostile input', () => {
  it('should refuse NUL and lone surrogates anywhere, keys included, and deep nesting', () => {
    for (const value of [
      { a: 'x\u0000' },
      { 'k\u0000': 1 },
      { a: ['\ud800'] },
      { a: 'x\udc00y' },
      JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`),
    ])
      expect(() => refuseHostileInput(value, '')).toThrow();
    expect(() => refuseHostileInput({ a: '😀 一件', b: [1, { c: '\ud83d\ude00' }] }, '')).not.toThrow();
  });

  it('should read cursor parts as PostgreSQL does', () => {
    expect(isInstant('2026-02-28T10:00:00.123Z')).toBe(true);
    expect(isInstant('2026-11-26 15:08:10.123456+00')).toBe(true);
    expect(isInstant('2026-02-30T10:00:00Z')).toBe(false);
    expect(isInstant('2026-01-01T24:00:00Z')).toBe(false);
    expect(isInstant('0000-01-01T00:00:00Z')).toBe(false);
    expect(isUuid('------------------------------------')).toBe(false);
    expect(isUuid('00000000-0000-4000-8000-000000000000')).toBe(true);
    expect(isSeq(2 ** 31)).toBe(false);
    expect(isSeq(-1)).toBe(false);
    expect(isSeq(7)).toBe(true);
  });
});

describe('Upload content', () => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
  const png = (idat: Buffer, ihdr = header) =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', idat),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  const goodPng = png(deflateSync(Buffer.from([0, 1, 2, 0, 3, 4])));

  it('should take a real PNG and refuse one whose image data does not decode', async () => {
    expect(await contentProblem('image/png', goodPng)).toBeNull();
    expect(await contentProblem('image/png', png(randomBytes(20)))).not.toBeNull();
    // A bomb: far more data than 2×2 pixels
    expect(await contentProblem('image/png', png(deflateSync(Buffer.alloc(10_000_000))))).not.toBeNull();
  });

  it('should refuse a truncated PNG, and one whose header claims an absurd size', async () => {
    for (const cut of [10, 30, goodPng.length - 20, goodPng.length - 1])
      expect(await contentProblem('image/png', goodPng.subarray(0, cut)), `cut at ${cut}`).not.toBeNull();
    const huge = Buffer.from(header);
    huge.writeUInt32BE(100_000, 0);
    expect(await contentProblem('image/png', png(deflateSync(Buffer.from([0, 1, 2, 0, 3, 4])), huge))).toBe(
      'image too large',
    );
    // A PNG declared as a JPEG
    expect(await contentProblem('image/jpeg', goodPng)).not.toBeNull();
  });

  it('should refuse a PDF that is only its magic bytes, or its skeleton without a page', async () => {
    expect(await contentProblem('application/pdf', Buffer.from('%PDF-'))).not.toBeNull();
    const skeleton = Buffer.from(
      '%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 1\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n',
    );
    expect(await contentProblem('application/pdf', skeleton)).not.toBeNull();
  });

  it('should load a real PDF and refuse it truncated', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).drawText('Yijian');
    const pdf = Buffer.from(await doc.save());
    expect(await contentProblem('application/pdf', pdf)).toBeNull();
    for (const cut of [20, Math.floor(pdf.length / 2), pdf.length - 10])
      expect(await contentProblem('application/pdf', pdf.subarray(0, cut)), `cut at ${cut}`).not.toBeNull();
  });
});
