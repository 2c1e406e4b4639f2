import { createHash } from 'node:crypto';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { appendCaseEvent, deliverOutbox, drainDueJobs, runDueJobs, smtpChannel } from '@yijian/runtime-api';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
/** Real time moved on by `offset` ms: the outbox backoff is passed without sleeping. */
let offset = 0;
const as = (username: string) => new ApiClient(server.url).login(username);

/** The bytes of a download with the client's session. */
async function download(client: ApiClient, path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

/** The text of every page of a PDF, as a reader's copy-and-paste would give it. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
  }
  return text;
}

let caseId: string;
let applicant: ApiClient;

beforeAll(async () => {
  server = await startTestServer('documents_notifications', {
    clock: () => new Date(Date.now() + offset).toISOString(),
  });
  applicant = await as('zhangsan');
  const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
  expect(filed.status).toBe(201);
  caseId = filed.body.id;
  await acceptAtWindow(server.url, caseId);
  await drainDueJobs(server.ctx);
}, 60_000);
afterAll(async () => {
  await server?.dispose();
});

describe('Given an accepted restaurant case', () => {
  it('should list the 受理通知书 on the case and let the applicant download it as a Chinese PDF', async () => {
    const results = await applicant.get(`/api/cases/${caseId}/results`);
    expect(results.status).toBe(200);
    const notice = results.body.documents.find((d: { kind: string }) => d.kind === 'acceptanceNotice');
    expect(notice.title.zh).toBe('受理通知书');
    const file = await download(applicant, notice.url);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    // A personal document: the browser may show it, no cache may keep it.
    expect(file.cacheControl).toBe('private, no-store');
    // Stored once by content hash: the listed SHA-256 is the bytes'.
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(notice.sha256);
    const text = await pdfText(file.bytes);
    expect(text).toContain('受理通知书');
    // Issued by the lead department (the window), dated, addressed to the applicant's company.
    expect(text).toContain(notice.issuedBy.zh);
    const [y, m, d] = notice.issuedOn.split('-').map(Number);
    expect(text).toContain(`${y}年${m}月${d}日`);
    expect(text).toContain(restaurantForm['entity.name']);
  });

  it('should NOT let another applicant, an unrelated clerk or a manager read the documents (404), nor anyone logged out (401)', async () => {
    const results = await applicant.get(`/api/cases/${caseId}/results`);
    const url = results.body.documents[0].url;
    for (const username of ['lisi', 'education.clerk', 'manager']) {
      const other = await as(username);
      expect((await download(other, url)).status, username).toBe(404);
      expect((await other.get(`/api/cases/${caseId}/results`)).status, username).toBe(404);
    }
    expect((await fetch(`${server.url}${url}`)).status).toBe(401);
    // The lead department's window clerk may.
    const lead = await as('market.clerk');
    expect((await download(lead, url)).status).toBe(200);
  });

  it('should issue a 不予行政许可决定书 with the reasons, legal basis and remedies when the fire item is refused', async () => {
    // Given the decision event the department-decision half emits (hand-appended here)
    await server.knex.transaction(async (trx) => {
      await trx('cases').where({ id: caseId }).forUpdate().first('id');
      await appendCaseEvent(trx, caseId, {
        type: 'item.decided',
        at: new Date(Date.now() + offset).toISOString(),
        actorId: null,
        payload: {
          itemCode: '000125049000',
          decision: 'refused',
          reasons: '疏散通道宽度不足1.1米，安全出口数量不符合要求。',
          legalBasis: '《中华人民共和国消防法》第十五条',
          remedies: '',
        },
      });
    });
    await drainDueJobs(server.ctx);
    const results = await applicant.get(`/api/cases/${caseId}/results`);
    const decision = results.body.documents.find((d: { kind: string }) => d.kind === 'licenceDecision');
    expect(decision.title.zh).toBe('不予行政许可决定书');
    expect(decision.itemCode).toBe('000125049000');
    expect(decision.issuedBy.zh).toContain('消防');
    const text = await pdfText((await download(applicant, decision.url)).bytes);
    expect(text).toContain('不予行政许可决定书');
    expect(text).toContain('疏散通道宽度不足1.1米');
    expect(text).toContain('《中华人民共和国消防法》第十五条');
    expect(text).toContain('行政复议');
    expect(text).toContain('行政诉讼');
    // The audit chain records the issuance with the file's hash.
    const issued = await server.knex('case_events').where({ case_id: caseId, type: 'document.issued' });
    expect(issued.map((e) => e.payload.sha256)).toContain(decision.sha256);
  });

  it('should tell the applicant of filing, acceptance and the decision, with an unread count', async () => {
    const list = await applicant.get('/api/notifications');
    expect(list.status).toBe(200);
    const kinds = list.body.notifications.map((n: { kind: string }) => n.kind);
    expect(kinds).toEqual(expect.arrayContaining(['filed', 'accepted', 'decision']));
    expect(list.body.unread).toBe(list.body.notifications.length);
    const read = await applicant.post(`/api/notifications/${list.body.notifications[0].id}/read`);
    expect(read.body.unread).toBe(list.body.unread - 1);
    // Someone else's notification is not found.
    const other = await as('lisi');
    expect((await other.post(`/api/notifications/${list.body.notifications[1].id}/read`)).status).toBe(404);
  });

  it('should let a manager 催办 an open step with a message that reaches the clerks, audited; an applicant may NOT (403)', async () => {
    const kase = await (await as('admin')).get(`/api/cases/${caseId}`);
    const open = kase.body.tasks.find(
      (t: { status: string }) => t.status === 'open' || t.status === 'claimed',
    );
    const clerk = await as(`${open.departmentId}.clerk`);
    const before = (await clerk.get('/api/notifications/unread-count')).body.unread;
    expect(
      (await applicant.post(`/api/tasks/${open.id}/urge`, { level: 'urge', message: '请尽快' })).status,
    ).toBe(403);
    const manager = await as('manager');
    const urged = await manager.post(`/api/tasks/${open.id}/urge`, {
      level: 'supervise',
      message: '今日内办结',
    });
    expect(urged.status).toBe(200);
    expect((await clerk.get('/api/notifications/unread-count')).body.unread).toBe(before + 1);
    const latest = (await clerk.get('/api/notifications?limit=1')).body.notifications[0];
    expect(latest.kind).toBe('supervise');
    expect(latest.body.zh).toContain('今日内办结');
    const audit = await server
      .knex('case_events')
      .where({ case_id: caseId, type: 'task.supervised' })
      .first();
    expect(audit.payload).toMatchObject({ manual: true, message: '今日内办结' });
    expect((await manager.post(`/api/tasks/${open.id}/urge`, { level: 'urge', message: '' })).status).toBe(
      400,
    );
  });
});

describe('Given a job of the case that fails its last attempt', () => {
  it('should tell the managers of the incident, once', async () => {
    const manager = await as('manager');
    const before = (await manager.get('/api/notifications/unread-count')).body.unread;
    await server.knex('jobs').insert({
      key: `case:${caseId}:broken`,
      kind: 'case.unknown',
      case_id: caseId,
      run_at: server.knex.raw("now() - interval '1 minute'"),
      payload: '{}',
    });
    await runDueJobs(server.ctx, { maxAttempts: 1 });
    const after = await manager.get('/api/notifications?limit=5');
    expect(after.body.unread).toBe(before + 1);
    expect(after.body.notifications[0]).toMatchObject({ kind: 'incident', caseId });
    expect(after.body.notifications[0].body.zh).toContain('job_failed');
  });
});

describe('Given an applicant who left an e-mail address and an SMTP server that fails once', () => {
  it('should deliver the notification e-mail exactly once, after one retry with backoff', async () => {
    const received: string[] = [];
    let failures = 1;
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => {
          data += chunk.toString('utf8');
        });
        stream.on('end', () => {
          if (failures > 0) {
            failures -= 1;
            const error = Object.assign(new Error('try again later'), { responseCode: 451 });
            return callback(error);
          }
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const lisi = await as('lisi');
      expect(
        (
          await lisi.request('PUT', '/api/me/notification-contacts', {
            email: 'lisi@example.test',
            mobile: '13900139000',
          })
        ).status,
      ).toBe(200);
      const filed = await lisi.post('/api/cases', {
        bundleKey: 'restaurant',
        form: { ...restaurantForm, 'applicant.name': '李四' },
      });
      expect(filed.status).toBe(201);
      const channels = {
        email: smtpChannel({ host: '127.0.0.1', port, from: 'Yijian <noreply@yijian.test>' }),
        sms: { send: async () => ({ providerMessageId: null }) },
      };
      // First sweep: the SMTP server refuses (451); the message waits for its backoff.
      await deliverOutbox(server.ctx, { channels });
      expect(received).toHaveLength(0);
      const pending = await server
        .knex('outbox')
        .where({ channel: 'email', recipient: 'lisi@example.test' })
        .first();
      expect(pending).toMatchObject({ attempts: 1, sent_at: null });
      expect(pending.last_error).toContain('451');
      // Another sweep before the backoff sends nothing.
      await deliverOutbox(server.ctx, { channels });
      expect(received).toHaveLength(0);
      // After the backoff it goes, once; later sweeps send nothing again.
      offset += 15_000;
      await deliverOutbox(server.ctx, { channels });
      await deliverOutbox(server.ctx, { channels });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('lisi@example.test');
      const sent = await server.knex('outbox').where({ id: pending.id }).first();
      expect(sent.sent_at).not.toBeNull();
      expect(sent.attempts).toBe(2);
      // The SMS went to the outbox table through the default channel.
      const sms = await server.knex('outbox').where({ channel: 'sms', recipient: '13900139000' }).first();
      expect(sms.sent_at).not.toBeNull();
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
