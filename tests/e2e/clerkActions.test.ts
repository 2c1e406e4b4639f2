import path from 'node:path';
import { hash } from '@node-rs/argon2';
import { ApiClient, restaurantForm } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir, shotWithoutToasts } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Clerk actions and item decisions in the inbox: a fire-brigade clerk returns (退回) a step to the
 * item's intake, transfers (转办) the reopened step to a colleague, and refuses (不予许可) a fire
 * check with reasons and legal basis; the applicant sees the outcome per item and withdraws
 * (撤回申请) another case.
 */
let server: TestServer;
let browser: Browser;
const FIRE = '000125049000';
const BUSINESS = '000104001000';
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;

beforeAll(async () => {
  server = await startTestServer('e2e_clerk_actions', { web: true });
  await server.knex('users').insert({
    username: 'fire.clerk2',
    display_name: '马丽（消防）',
    password_hash: await hash('yijian123'),
    role: 'clerk',
    department_id: 'fire',
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const as = (username: string) => new ApiClient(server.url).login(username);

async function loginAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 860 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/**
 * A 400 m² restaurant filed, accepted, its business licence done (granted): the fire check is
 * open. With `decided: false` only filed and accepted (no item decided: it can be withdrawn).
 */
async function fireCase({ decided = true } = {}): Promise<{ id: string; caseNumber: string }> {
  const applicant = await as('zhangsan');
  const filed = await applicant.post('/api/cases', {
    bundleKey: 'restaurant',
    form: { ...restaurantForm, 'shop.area': 400, 'fire.safetyManager': '王安全' },
  });
  expect(filed.status).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  if (!decided) return { id: filed.body.id, caseNumber: filed.body.caseNumber };
  const market = await as('market.clerk');
  await workUntil(market, filed.body.id, BUSINESS, null);
  return { id: filed.body.id, caseNumber: filed.body.caseNumber };
}

async function openStep(caseId: string, itemCode: string): Promise<Json> {
  const kase = await (await as('admin')).get(`/api/cases/${caseId}`);
  return (kase.body.tasks as Json[]).find(
    (t) => t.itemCode === itemCode && (t.status === 'open' || t.status === 'claimed'),
  );
}

async function workUntil(clerk: ApiClient, caseId: string, itemCode: string, until: string | null) {
  for (;;) {
    const task = await openStep(caseId, itemCode);
    if (!task || task.elementId.endsWith(`_${until}`)) return task;
    expect((await concludeStep(clerk, task)).status).toBe(200);
  }
}

describe('Given the fire brigade’s inbox', () => {
  it('should return a step to the item’s intake, transfer it to a colleague, and refuse a fire check', async () => {
    const kase = await fireCase();
    const fireApi = await as('fire.clerk');
    const review = await workUntil(fireApi, kase.id, FIRE, 'review');
    const page = await loginAs('fire.clerk');
    await page.goto(`${server.url}/inbox`);

    // When the clerk returns the review to the intake with a reason (退回)
    const row = page.getByTestId(`queue-row-${kase.caseNumber}-${review.elementId}`);
    await row.getByTestId(`step-more-${review.id}`).click();
    await page.getByRole('menuitem', { name: '退回' }).click();
    await page.getByTestId('step-return-to').click();
    await page.locator('.ant-select-item-option', { hasText: '受理' }).first().click();
    await page.getByTestId('step-reason').fill('受理材料缺少消防设计平面图');
    await shotWithoutToasts(page, 'clerk-actions-01-return-dialog');
    // (its case number labelled with the full-width colon)
    expect(await page.locator('.ant-modal-body:visible').innerText()).toContain(
      `办件编号：${kase.caseNumber}`,
    );
    await page.getByTestId('step-action-confirm').click();
    // Then the intake of the fire item is back in the queue
    const intakeId = review.elementId.replace(/_review$/, '_intake');
    const intakeRow = page.getByTestId(`queue-row-${kase.caseNumber}-${intakeId}`);
    await intakeRow.waitFor();
    await expect.poll(async () => (await openStep(kase.id, FIRE)).elementId).toBe(intakeId);
    await shotWithoutToasts(page, 'clerk-actions-02-returned');

    // When the clerk transfers the reopened intake to a colleague (转办)
    const reopened = await openStep(kase.id, FIRE);
    await intakeRow.getByTestId(`step-more-${reopened.id}`).click();
    await page.getByRole('menuitem', { name: '转办' }).click();
    await page.getByTestId('step-colleague').click();
    await page.locator('.ant-select-item-option', { hasText: '马丽' }).click();
    await page.getByTestId('step-reason').fill('本人外出检查');
    await page.getByTestId('step-action-confirm').click();
    // Then the colleague holds it
    await intakeRow.getByText('马丽（消防）').waitFor();
    expect((await openStep(kase.id, FIRE)).assignee.displayName).toBe('马丽（消防）');
    await shotWithoutToasts(page, 'clerk-actions-03-transferred');

    // When the colleague works it to the decision and the first clerk refuses the fire check
    await workUntil(await as('fire.clerk2'), kase.id, FIRE, 'decision');
    const decision = await openStep(kase.id, FIRE);
    await page.reload();
    await page.getByTestId(`refuse-${decision.id}`).click();
    await page.getByTestId('step-reasons').fill('疏散通道宽度不足，未设置应急照明');
    await page.getByTestId('step-legal-basis').fill('《中华人民共和国消防法》第十五条');
    await shotWithoutToasts(page, 'clerk-actions-04-refuse-dialog');
    await page.getByTestId('step-action-confirm').click();
    await expect.poll(async () => openStep(kase.id, FIRE)).toBeUndefined();

    // Then everyone sees the outcome of the fire item on the case page, with the remedies
    const applicant = await loginAs('zhangsan');
    await applicant.goto(`${server.url}/cases/${kase.id}`);
    const outcome = applicant.getByTestId(`decision-${FIRE}`);
    await outcome.waitFor();
    expect(await outcome.textContent()).toContain('不予许可');
    expect(await outcome.textContent()).toContain('行政复议');
    await shotWithoutToasts(applicant, 'clerk-actions-05-case-page');
    await applicant
      .getByTestId('case-decisions')
      .screenshot({ path: path.join(screenshotDir, 'clerk-actions-05b-outcome-per-item.png') });
  });
});

describe('Given a clerk’s 已办 (done) tab', () => {
  it('should list the steps the clerk completed and recall (撤回) one whose next step is untouched', async () => {
    const kase = await fireCase();
    const intake = await openStep(kase.id, FIRE);
    // The fire clerk completes the fire item's intake; the review opens, untouched
    expect((await concludeStep(await as('fire.clerk'), intake)).status).toBe(200);
    const page = await loginAs('fire.clerk');
    await page.goto(`${server.url}/inbox`);
    await page.getByTestId('inbox-tab-done').click();
    const row = page.getByTestId(`done-row-${kase.caseNumber}-${intake.elementId}`);
    await row.waitFor();
    await shotWithoutToasts(page, 'clerk-actions-10-done-tab');
    // When the clerk recalls it with a reason
    await row.getByTestId(`recall-${intake.id}`).click();
    await page.getByTestId('recall-reason').fill('审查意见漏填，撤回补充');
    await shotWithoutToasts(page, 'clerk-actions-11-recall-dialog');
    expect(await page.locator('.ant-modal-body:visible').innerText()).toContain(
      `办件编号：${kase.caseNumber}`,
    );
    await page.getByTestId('recall-confirm').click();
    // Then the intake is back with the clerk, and the done list no longer offers the recall
    await expect.poll(async () => (await openStep(kase.id, FIRE)).elementId).toBe(intake.elementId);
    const back = await openStep(kase.id, FIRE);
    expect(back.status).toBe('claimed');
    expect(back.assignee.displayName).toBeTruthy();
    await row.getByTestId(`recall-${intake.id}`).waitFor({ state: 'detached' });
    await page.getByTestId('inbox-tab-todo').click();
    await page.getByTestId(`queue-row-${kase.caseNumber}-${intake.elementId}`).waitFor();
    await shotWithoutToasts(page, 'clerk-actions-12-recalled-in-queue');
  });
});

describe('Given a department reviewing its item', () => {
  it('should ask the applicant for a material (补正) and resume when the applicant answers', async () => {
    const kase = await fireCase();
    const step = await openStep(kase.id, FIRE);
    const page = await loginAs('fire.clerk');
    await page.goto(`${server.url}/inbox`);
    const row = page.getByTestId(`queue-row-${kase.caseNumber}-${step.elementId}`);
    await row.getByTestId(`step-more-${step.id}`).click();
    await page.getByRole('menuitem', { name: '补正' }).click();
    await page.getByTestId('step-correction-subject').fill('消防设计平面图');
    await page.getByTestId('step-reason').fill('未标注疏散通道');
    await page.getByTestId('step-action-confirm').click();
    // Then the step shows why it waits
    await row.getByTestId(`paused-reason-${step.id}`).waitFor();
    await shotWithoutToasts(page, 'clerk-actions-08-correction-paused');
    // And the applicant sees the notice and answers it
    const applicant = await loginAs('zhangsan');
    await applicant.goto(`${server.url}/cases/${kase.id}`);
    const notice = applicant.getByTestId('review-corrections');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('消防设计平面图');
    await notice.screenshot({ path: path.join(screenshotDir, 'clerk-actions-09-correction-notice.png') });
    await applicant.getByTestId('review-corrections-answer').click();
    await notice.waitFor({ state: 'detached' });
    expect((await openStep(kase.id, FIRE)).pausedReason).toBeNull();
  });
});

describe('Given an applicant with a case in progress', () => {
  it('should withdraw it with a reason (撤回申请)', async () => {
    // (before any item is decided: the business licence is not granted yet)
    const kase = await fireCase({ decided: false });
    const page = await loginAs('zhangsan');
    await page.goto(`${server.url}/cases/${kase.id}`);
    await page.getByTestId('withdraw-open').click();
    await page.getByTestId('withdraw-reason').fill('店址变更，重新申请');
    await shotWithoutToasts(page, 'clerk-actions-06-withdraw-dialog');
    await page.getByTestId('withdraw-confirm').click();
    await expect
      .poll(async () => page.getByTestId('case-status').getAttribute('data-status'))
      .toBe('withdrawn');
    expect(await page.getByTestId('case-timeline').textContent()).toContain('店址变更，重新申请');
    await shotWithoutToasts(page, 'clerk-actions-07-withdrawn');
  });
});
