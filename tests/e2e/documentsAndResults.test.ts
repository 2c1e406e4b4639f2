import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { drainDueJobs, renderDocumentPdf } from '@yijian/runtime-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, screenshotDir } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { upload } from '../support/materials';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('e2e_documents', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function loginAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function openTask(username: string, caseId: string, elementId: string) {
  const res = await (await as(username)).get('/api/queue?limit=100');
  const task = (res.body.tasks as { id: string; caseId: string; elementId: string }[]).find(
    (t) => t.caseId === caseId && t.elementId === elementId,
  );
  expect(task, `${elementId} in ${username}'s queue`).toBeDefined();
  return task!;
}

describe('Given a restaurant case filed with a real PDF lease and accepted at the window', () => {
  let caseId: string;
  let caseNumber: string;
  let leaseSha256: string;

  beforeAll(async () => {
    // A genuine PDF (so the browser's viewer shows it): a letter our own renderer makes.
    const lease = await renderDocumentPdf({
      kind: 'rejectionDecision',
      caseNumber: '租赁合同（样张）',
      bundleName: { zh: '房屋租赁', en: 'Lease' },
      applicantName: '张三',
      entityName: '北京张记餐饮有限公司',
      issuingDepartment: { zh: '出租方：北京某某物业有限公司', en: 'Landlord' },
      issuedOn: '2026-11-02',
      reason: '（样张）本合同约定租赁北京市东城区某街 1 号首层 120 平方米用于餐饮经营，租期三年。',
      remedies: '（样张）',
    });
    const applicant = await as('zhangsan');
    const uploaded = await upload(applicant, Buffer.from(lease), 'application/pdf', '租赁合同.pdf');
    leaseSha256 = createHash('sha256').update(lease).digest('hex');
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { premisesProof: uploaded.body.id },
    });
    expect(filed.status).toBe(201);
    caseId = filed.body.id;
    caseNumber = filed.body.caseNumber;
    await acceptAtWindow(server.url, caseId);
    // The acceptance notice is made by the job worker.
    await drainDueJobs(server.ctx);
  }, 60_000);

  it('should let the clerk preview the applicant’s PDF inline in the task view and 核验 it from the preview', async () => {
    const food = await openTask('market.clerk', caseId, 'Item_000104001000_intake');
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox`);
    await page.getByTestId(`queue-row-${caseNumber}-Item_000104001000_intake`).waitFor();
    await page.getByTestId(`materials-${food.id}`).click();
    const panel = page.getByTestId(`task-materials-${food.id}`);
    await panel.waitFor();
    await panel.getByTestId('preview-premisesProof').click();
    const frame = page.getByTestId('file-preview-pdf');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    // Give the browser's PDF viewer a moment to paint before the picture.
    await page.waitForTimeout(1500);
    // The preview offers 核验 of exactly the file on screen
    const verify = page.getByTestId('preview-verify-premisesProof');
    await verify.waitFor();
    await screenshot(page, '60-clerk-previews-pdf-material');
    await verify.click();
    await frame.waitFor({ state: 'detached' });
    // Then the material is verified (trust B, by the clerk), bound to the hash of the bytes viewed
    await panel.getByText('已核验').first().waitFor();
    await screenshot(page, '60b-clerk-verified-from-preview');
    const timeline = (await (await as('admin')).get(`/api/cases/${caseId}`)).body.timeline as {
      type: string;
      detail: Record<string, unknown>;
    }[];
    const verified = timeline.find((e) => e.type === 'material.verified');
    expect(verified?.detail).toMatchObject({ materialKey: 'premisesProof', sha256: leaseSha256 });
    await page.context().close();
  });

  it('should let a manager 催办 and 督办 an open step, and the clerk’s bell shows both', async () => {
    const step = await openTask('market.clerk', caseId, 'Item_000104001000_intake');
    const manager = await loginAs('manager');
    await manager.goto(`${server.url}/cases/${caseId}`);
    // 催办 with a message
    await manager.getByTestId(`urge-${step.id}`).click();
    await manager.getByTestId('urge-message').fill('请于今日内完成受理审查');
    await screenshot(manager, '65-manager-urge-dialog');
    await manager.locator('#urge-send').click();
    await manager.getByTestId('urge-message').waitFor({ state: 'hidden' });
    // 督办 with a message
    await manager.getByTestId(`supervise-${step.id}`).click();
    await manager.getByTestId('urge-message').fill('已超出承诺时限，请说明原因');
    await manager.locator('#urge-send').click();
    await manager.getByTestId('urge-message').waitFor({ state: 'hidden' });
    await manager.context().close();

    // Then the market clerk's bell counts them and the centre lists both, with the messages
    const clerk = await loginAs('market.clerk');
    await clerk.goto(`${server.url}/inbox`);
    const badge = clerk.getByTestId('notification-badge');
    await expect
      .poll(async () => Number((await badge.locator('.ant-badge-count').getAttribute('title')) ?? 0))
      .toBeGreaterThanOrEqual(2);
    await screenshot(clerk, '66-clerk-bell-after-urge');
    await clerk.getByTestId('notification-bell').click();
    await clerk.waitForURL(/\/notifications$/);
    const urged = clerk.getByTestId('notification-urge').first();
    const supervised = clerk.getByTestId('notification-supervise').first();
    await urged.waitFor();
    await supervised.waitFor();
    expect(await urged.innerText()).toContain('请于今日内完成受理审查');
    expect(await supervised.innerText()).toContain('已超出承诺时限，请说明原因');
    await screenshot(clerk, '67-clerk-notifications-urge-supervise');
    await clerk.context().close();
  });

  it('should tell the applicant with notifications and let them download the acceptance notice', async () => {
    const page = await loginAs('zhangsan');
    // The badge counts the unread notifications (filed, accepted)
    const badge = page.getByTestId('notification-badge');
    await expect.poll(async () => (await badge.innerText()).trim()).toMatch(/^[2-9]$/);
    await page.getByTestId('notification-bell').click();
    await page.waitForURL(/\/notifications$/);
    await page.getByTestId('notification-accepted').waitFor();
    expect(await page.getByTestId('notification-accepted').innerText()).toContain('已受理');
    await screenshot(page, '61-applicant-notifications');

    // Opening it marks it read and leads to the case, whose documents list the notice
    await page.getByTestId('notification-accepted').click();
    await page.waitForURL(/\/cases\//);
    const notice = page.getByTestId('document-acceptanceNotice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('受理通知书');
    await notice.scrollIntoViewIfNeeded();
    await screenshot(page, '62-applicant-case-documents');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('document-download-acceptanceNotice').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`受理通知书-${caseNumber}.pdf`);
    const saved = path.join(screenshotDir, '63-acceptance-notice.pdf');
    mkdirSync(screenshotDir, { recursive: true });
    await download.saveAs(saved);
    // One page of it rendered to PNG, to be looked at
    if (existsSync('/usr/bin/pdftoppm')) {
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        saved,
        saved.replace(/\.pdf$/, ''),
      ]);
      expect(existsSync(saved.replace(/\.pdf$/, '.png'))).toBe(true);
    } else {
      writeFileSync(`${saved}.note.txt`, 'pdftoppm is not installed (apt-get install poppler-utils)');
    }
    await page.context().close();
  });

  it('should put the issued business licence in the applicant’s wallet with the holder entity', async () => {
    const market = await as('market.clerk');
    for (const step of ['intake', 'review', 'decision', 'issuance']) {
      const task = await openTask('market.clerk', caseId, `Item_000104001000_${step}`);
      expect((await concludeStep(market, task)).status).toBe(200);
    }
    await drainDueJobs(server.ctx);
    const page = await loginAs('zhangsan');
    await page.goto(`${server.url}/my-licences`);
    const card = page.getByTestId(`licence-${caseNumber}-000104001000`);
    await card.waitFor();
    expect(await card.innerText()).toContain(restaurantForm['entity.name']);
    await screenshot(page, '64-applicant-licence-wallet');
    await page.context().close();
  });
});
