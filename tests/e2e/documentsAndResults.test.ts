import { execFileSync } from 'node:child_process';
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

  it('should let the clerk preview the applicant’s PDF inline in the task view', async () => {
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
    await screenshot(page, '60-clerk-previews-pdf-material');
    await page.context().close();
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
