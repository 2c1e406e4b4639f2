import { randomBytes } from 'node:crypto';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { removeExpiredUploads, UPLOADS_PER_HOUR } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes, pngBytes, upload } from '../support/materials';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Uploads (issue 14): a file must be what it says beyond its first bytes; each applicant has a
 * rate and a quota; uploads never attached to a case expire.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('upload_limits');
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given an applicant uploading files', () => {
  it('should refuse files that only start like their type, and take real ones', async () => {
    const applicant = await new ApiClient(server.url).login('zhangsan');
    for (const [bytes, type] of [
      [Buffer.from('%PDF-'), 'application/pdf'],
      [Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200)]), 'application/pdf'],
      [
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]),
        'image/png',
      ],
      [Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]), 'image/jpeg'],
      [pngBytes().subarray(0, 40), 'image/png'],
    ] as const) {
      const res = await upload(applicant, bytes, type);
      expect(res.status, `${type} ${bytes.length}`).toBe(400);
      expect(res.body.error.code).toBe('file_content_mismatch');
    }
    expect((await upload(applicant, pdfBytes(), 'application/pdf')).status).toBe(201);
    expect((await upload(applicant, pngBytes(), 'image/png')).status).toBe(201);
  });

  it('should refuse a truncated PDF and a truncated PNG, even with a tail that looks complete', async () => {
    const applicant = await new ApiClient(server.url).login('lisi');
    const pdf = pdfBytes();
    const png = pngBytes();
    // A PDF cut inside its page object, its end patched up with a cross-reference pointer and
    // %%EOF so the structure looks whole: it must still load (pdf-lib) to pass
    const cut = pdf.indexOf('/MediaBox');
    const patched = Buffer.concat([pdf.subarray(0, cut), Buffer.from('\nstartxref\n9\n%%EOF\n', 'latin1')]);
    // A PNG cut inside its image data, with IEND appended after the cut
    const iend = png.subarray(png.length - 12);
    const cutPng = Buffer.concat([png.subarray(0, png.length - 30), iend]);
    for (const [bytes, type, what] of [
      [pdf.subarray(0, Math.floor(pdf.length / 2)), 'application/pdf', 'PDF cut in half'],
      [patched, 'application/pdf', 'PDF cut, tail patched'],
      [png.subarray(0, png.length - 5), 'image/png', 'PNG without its end'],
      [cutPng, 'image/png', 'PNG cut in its data, IEND appended'],
    ] as const) {
      const res = await upload(applicant, bytes, type);
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe('file_content_mismatch');
      expect(res.body.error.messages['zh-CN'], what).toBeTruthy();
    }
    // Nothing of them was stored
    const lisi = await server.knex('users').where({ username: 'lisi' }).first('id');
    expect(await server.knex('uploads').where({ uploaded_by: lisi.id })).toHaveLength(0);
  });

  it('should limit how many files an applicant uploads an hour, and how much lies unattached', async () => {
    const applicant = await new ApiClient(server.url).login('lisi');
    const me = (await applicant.get('/api/me')).body;
    for (let i = 0; i < UPLOADS_PER_HOUR; i++)
      expect((await upload(applicant, pdfBytes(`n${i}`))).status).toBe(201);
    const limited = await upload(applicant, pdfBytes('one too many'));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('upload_rate_limited');

    // Given the hour has passed but a large unattached upload is held
    await server
      .knex('uploads')
      .where({ uploaded_by: me.id })
      .update({ created_at: server.knex.raw("now() - interval '2 hours'") });
    const big = randomBytes(32).toString('hex');
    await server.knex('files').insert({
      sha256: big,
      content: Buffer.from('x'),
      media_type: 'application/pdf',
      size_bytes: 100 * 1024 * 1024,
    });
    await server.knex('uploads').insert({ sha256: big, uploaded_by: me.id, filename: 'huge.pdf' });
    const over = await upload(applicant, pdfBytes('over quota'));
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('upload_quota_exceeded');
  });

  it('should remove uploads never attached to a case after a day, and keep attached ones', async () => {
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const kept = await upload(applicant, pdfBytes('attached'));
    const stray = await upload(applicant, pdfBytes('stray'));
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { premisesProof: kept.body.id },
    });
    expect(filed.status).toBe(201);
    await server
      .knex('uploads')
      .whereIn('id', [kept.body.id, stray.body.id])
      .update({ created_at: server.knex.raw("now() - interval '25 hours'") });

    expect(await removeExpiredUploads(server.knex)).toBeGreaterThanOrEqual(1);
    expect(await server.knex('uploads').where({ id: stray.body.id }).first()).toBeUndefined();
    expect(await server.knex('uploads').where({ id: kept.body.id }).first()).toBeDefined();
    expect(await server.knex('files').where({ sha256: stray.body.sha256 }).first()).toBeUndefined();
  });
});
