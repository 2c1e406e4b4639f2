import { ApiClient, restaurantForm } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillApplyForm, submitApplyForm } from '../support/applyForm';
import { actAndWaitGone, launchChromium, screenshot } from '../support/browser';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_restaurant', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A fresh browser context per person, logged in through the login page like a user would. */
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

/** A clerk claims and approves the case's step from the department inbox. */
async function approveFromInbox(username: string, caseNumber: string, elementId: string, shot?: string) {
  const page = await loginAs(username);
  await page.goto(`${server.url}/inbox`);
  const row = page.getByTestId(`queue-row-${caseNumber}-${elementId}`);
  await row.waitFor();
  if (shot) await screenshot(page, shot);
  await row.locator('[data-testid^="claim-"]').click();
  await row.locator('[data-testid^="complete-"]:not([disabled])').waitFor();
  await actAndWaitGone(page, row, async () => {
    await row.locator('[data-testid^="complete-"]').click();
    await page.getByTestId('complete-confirm').click();
  });
  await page.context().close();
}

/** 受理: the lead department's window accepts the case's intake step (预审受理) from its inbox. */
async function acceptIntakeInInbox(username: string, caseNumber: string, shot?: string) {
  const page = await loginAs(username);
  await page.goto(`${server.url}/inbox`);
  const row = page.getByTestId(`queue-row-${caseNumber}-intake`);
  await row.waitFor();
  // An intake row is tagged 预审受理 and offers the window's decisions instead of 办结
  await row.locator('[data-testid^="intake-tag-"]').waitFor();
  expect(await row.locator('[data-testid^="complete-"]').count()).toBe(0);
  if (shot) await screenshot(page, shot);
  await actAndWaitGone(page, row, async () => {
    await row.locator('[data-testid^="intake-accept-"]').click();
    await page.getByTestId('intake-accept-confirm').click();
  });
  await page.context().close();
}

/** Completes, through the API, the case's open steps of one department until none is left. */
async function workThroughApi(username: string, caseId: string): Promise<void> {
  const clerk = await new ApiClient(server.url).login(username);
  for (;;) {
    const queue = await clerk.get('/api/queue?limit=100');
    const task = (queue.body.tasks as { id: string; caseId: string; kind: string }[]).find(
      (t) => t.caseId === caseId && t.kind === 'step',
    );
    if (!task) return;
    expect((await concludeStep(clerk, task)).status).toBe(200);
  }
}

describe('Given the restaurant bundle in the web app', () => {
  it('should let an applicant file, clerks approve in their inboxes, and a manager watch, to conclusion', async () => {
    // When the applicant fills the one combined form
    const applicant = await loginAs('zhangsan');
    await applicant.waitForURL(/\/apply/);
    await screenshot(applicant, '01-applicant-bundles');
    await applicant.getByTestId('bundle-open-restaurant').click();
    const form = (await (await new ApiClient(server.url).login('zhangsan')).get('/api/bundles/restaurant'))
      .body.form;
    await applicant.getByTestId('field-applicant.name').waitFor();
    await fillApplyForm(applicant, form, restaurantForm);
    await screenshot(applicant, '02-applicant-form');
    await submitApplyForm(applicant);

    // Then the case number is shown
    const caseNumberEl = applicant.getByTestId('case-number');
    await caseNumberEl.waitFor();
    const caseNumber = (await caseNumberEl.innerText()).trim();
    expect(caseNumber).toMatch(/^YJ\d{14}$/);
    await applicant.waitForURL(/\/cases\//);
    const caseUrl = applicant.url();
    const caseId = decodeURIComponent(caseUrl.split('/cases/')[1]!.split(/[?#]/)[0]!);
    await screenshot(applicant, '03-applicant-case-filed');

    // And the manager sees it among open cases with its deadline
    const manager = await loginAs('manager');
    await manager.goto(`${server.url}/monitor`);
    const monitorRow = manager.getByTestId(`monitor-row-${caseNumber}`);
    await monitorRow.waitFor();
    expect(await monitorRow.innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
    await screenshot(manager, '04-manager-monitor');

    // And the case waits at the lead department's window (市场监管) for pre-review
    await expect.poll(async () => applicant.getByTestId('case-status').innerText()).toMatch(/预审中/);
    await acceptIntakeInInbox('market.clerk', caseNumber, '04b-market-inbox-intake');
    await applicant.reload();
    await expect.poll(async () => applicant.getByTestId('case-status').innerText()).toMatch(/办理中/);
    expect(await applicant.getByTestId('clock-state').getAttribute('data-state')).toBe('running');

    // When market regulation takes the business licence's first step in its inbox, and the rest
    await approveFromInbox('market.clerk', caseNumber, 'Item_000104001000_intake', '05-market-inbox');
    await workThroughApi('market.clerk', caseId);
    // Then the signage permit waits in the urban-management inbox, beside the food licence and the
    // environmental filing in theirs; the fire check (under the threshold) does not run
    await approveFromInbox('urban.clerk', caseNumber, 'Item_000143017000_intake', '06-urban-inbox');
    for (const department of ['urban', 'eco', 'market']) await workThroughApi(`${department}.clerk`, caseId);

    // Then the applicant sees the case concluded, with every step in the timeline
    await applicant.goto(caseUrl);
    await expect.poll(async () => applicant.getByTestId('case-status').innerText()).toMatch(/办结/);
    const timeline = await applicant.getByTestId('case-timeline').innerText();
    for (const who of ['张三', '王芳（市场监管）', '陈静（城管）', '赵磊（生态环境）'])
      expect(timeline).toContain(who);
    for (const step of ['营业执照核发', '食品经营许可', '户外招牌设置', '环境影响登记表备案'])
      expect(timeline).toContain(step);
    expect(timeline).not.toContain('消防安全检查');
    await screenshot(applicant, '07-applicant-case-concluded');

    // And the manager no longer lists it as open, and can view the bundle diagram
    await manager.goto(`${server.url}/monitor`);
    await manager.getByTestId(`monitor-row-${caseNumber}`).waitFor({ state: 'detached' });
    await manager.goto(`${server.url}/bundles/restaurant/diagram`);
    await manager
      .locator('[data-testid="bpmn-canvas"] .djs-element[data-element-id="Item_000125049000"]')
      .waitFor();
    await screenshot(manager, '08-bundle-diagram');
  });
});
