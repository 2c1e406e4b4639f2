import { ApiClient, restaurantForm } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAndWaitGone, launchChromium, loginPage, pickOption, screenshot } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * 待办 with power (issue 15), in Chromium: the 市场监管 clerk searches, filters (kept in the URL
 * through a reload), claims several steps at once and reads each row's outcome, then opens a
 * task and acts on it from the task view, which holds the answers, the materials, the history,
 * the deadline and the light together. Desktop and 390 px phone screenshots.
 */
let server: TestServer;
let browser: Browser;
const cases: { id: string; caseNumber: string; entity: string }[] = [];

beforeAll(async () => {
  server = await startTestServer('e2e_inbox', { web: true });
  for (const [who, entity] of [
    ['zhangsan', '北京甲乙餐饮有限公司'],
    ['lisi', '上海丙丁小吃店'],
    ['zhangsan', '广州戊己茶餐厅'],
  ] as const) {
    const filed = await (await new ApiClient(server.url).login(who)).post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'entity.name': entity },
    });
    expect(filed.status).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    cases.push({ id: filed.body.id, caseNumber: filed.body.caseNumber, entity });
  }
  // The third case came back after a correction notice (已补正)
  await server
    .knex('cases')
    .where({ id: cases[2]!.id })
    .update({ correction_notice: JSON.stringify({ items: [], on: '2026-01-05' }) });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const loginAs = (username: string, viewport?: { width: number; height: number }) =>
  loginPage(browser, server.url, username, viewport);
/** Waits as long as a loaded machine needs (expect.poll gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });
const rowsOf = (page: Page) => page.locator('tr[data-testid^="queue-row-"]');
const select = pickOption;

describe('the clerk’s inbox', () => {
  it('should search, filter, keep both in the URL through a reload, and mark a corrected case', async () => {
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox`);
    await poll(() => rowsOf(page).count()).toBe(3);
    // 已补正 on the row of the corrected case
    await poll(() => page.locator('[data-testid^="corrected-"]').count()).toBe(1);

    // When the clerk searches part of an entity's name
    await page.getByTestId('inbox-search').locator('input').fill('丙丁');
    await page.getByTestId('inbox-search').locator('input').press('Enter');
    await poll(() => rowsOf(page).count()).toBe(1);
    await poll(() => page.url()).toContain('q=');
    await poll(() => rowsOf(page).first().textContent()).toContain(cases[1]!.caseNumber);

    // And filters the light (every fresh step is green), then reloads
    await select(page, 'inbox-filter-light', '绿灯');
    await poll(() => page.url()).toContain('light=green');
    await page.reload();
    await poll(() => rowsOf(page).count()).toBe(1);
    expect(await page.getByTestId('inbox-search').locator('input').inputValue()).toBe('丙丁');
    expect(await page.getByTestId('inbox-filter-light').textContent()).toContain('绿灯');
    await screenshot(page, 'inbox-01-search-filter');

    // A red filter finds nothing; clearing brings everything back
    await select(page, 'inbox-filter-light', '红牌');
    await poll(() => rowsOf(page).count()).toBe(0);
    await page.getByTestId('inbox-clear-filters').click();
    await poll(() => rowsOf(page).count()).toBe(3);
    await page.context().close();
  });

  it('should claim several at once and show each row’s outcome, then list them under 我认领的', async () => {
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox`);
    await poll(() => rowsOf(page).count()).toBe(3);
    const tasks = (await (await new ApiClient(server.url).login('market.clerk')).get('/api/queue')).body
      .tasks as { id: string; caseNumber: string }[];
    const [first, second] = tasks;

    // Given two rows picked, and a colleague (the admin) taking one of them meanwhile
    await page.getByTestId(`select-${first!.id}`).check();
    await page.getByTestId(`select-${second!.id}`).check();
    const admin = await new ApiClient(server.url).login('admin');
    expect((await admin.post(`/api/tasks/${second!.id}/claim`)).status).toBe(200);

    // When 批量认领
    await page.getByTestId('inbox-bulk-claim').click();

    // Then each row says what happened
    await page.getByTestId('bulk-claim-results').waitFor();
    expect(await page.getByTestId(`bulk-result-${first!.id}`).getAttribute('data-outcome')).toBe('claimed');
    expect(await page.getByTestId(`bulk-result-${second!.id}`).getAttribute('data-outcome')).toBe(
      'claimedByOther',
    );
    await screenshot(page, 'inbox-02-bulk-claim');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();

    // And 我认领的 lists the one that is mine
    await page.getByTestId('inbox-tab-mine').click();
    await poll(() => page.url()).toContain('tab=mine');
    await poll(() => rowsOf(page).count()).toBe(1);
    await poll(() => rowsOf(page).first().textContent()).toContain(first!.caseNumber);
    await page.context().close();
  });

  it('should open a task with answers, materials, history, deadline and light, and act from it', async () => {
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox?status=open`);
    await poll(() => rowsOf(page).count()).toBe(1);
    const [task] = (
      await (await new ApiClient(server.url).login('market.clerk')).get('/api/queue?status=open')
    ).body.tasks as { id: string; caseNumber: string; caseId: string }[];
    const entity = cases.find((c) => c.id === task!.caseId)!.entity;

    // When the clerk opens it
    await page.getByTestId(`view-${task!.id}`).click();
    const view = page.getByTestId('task-view');
    await view.waitFor();
    await poll(() => page.url()).toContain(`task=${task!.id}`);

    // Then everything is there together
    await poll(() => view.textContent()).toContain(entity);
    await view.getByTestId('task-view-deadline').waitFor();
    await view.locator('[data-light]').first().waitFor();
    await view.getByTestId('case-timeline').locator('[data-event-type="case.filed"]').waitFor();
    await screenshot(page, 'inbox-03-task-view');

    // And the clerk acts from it: 认领, offered by the server, then the view shows it claimed
    await view.getByTestId(`claim-${task!.id}`).click();
    await poll(() => view.getByTestId('task-view-status').textContent()).toContain('已认领');
    await page.context().close();
  });

  it('should fit the inbox and the task view on a 390 px phone', async () => {
    const page = await loginAs('market.clerk', { width: 390, height: 844 });
    await page.goto(`${server.url}/inbox`);
    await poll(() => rowsOf(page).count()).toBe(3);
    await screenshot(page, 'inbox-04-phone');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const [task] = (await (await new ApiClient(server.url).login('market.clerk')).get('/api/queue')).body
      .tasks as { id: string }[];
    await page.goto(`${server.url}/inbox?task=${task!.id}`);
    await page.getByTestId('task-view').waitFor();
    await screenshot(page, 'inbox-05-phone-task-view');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('should speak English in the tabs, the filters and the bulk claim when switched', async () => {
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox`);
    await poll(() => rowsOf(page).count()).toBe(3);
    await page.getByTestId('lang-switch').click();
    await poll(() => page.getByTestId('inbox-tab-mine').textContent()).toBe('Claimed by me');
    const han = /\p{Script=Han}/u;
    const placeholders = await page
      .getByTestId('inbox-filters')
      .locator('input[placeholder]')
      .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('placeholder') ?? ''));
    for (const text of [
      ...placeholders,
      (await page.getByTestId('inbox-filters').textContent()) ?? '',
      (await page.locator('.ant-tabs-nav').textContent()) ?? '',
      (await page.getByTestId('inbox-bulk-claim').textContent()) ?? '',
    ])
      expect(text).not.toMatch(han);
    await screenshot(page, 'inbox-06-english');
    await page.context().close();
  });

  // Last: its case adds rows the tests above do not count.
  it('should take 受理 through a busy database: the 503 is sent again with its key, and a decision that did commit is taken once', async () => {
    const filed = await (await new ApiClient(server.url).login('lisi')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: { ...restaurantForm, 'entity.name': '深圳庚辛面馆' },
    });
    expect(filed.status).toBe(201);
    const page = await loginAs('market.clerk');
    // The decision commits, but its answer is lost to a busy database: the browser reads 503.
    const keys: string[] = [];
    await page.route('**/api/tasks/*/intake', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (keys.length > 1) return route.continue();
      await route.fetch();
      return route.fulfill({
        status: 503,
        headers: { 'Retry-After': '1' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'database_busy', message: '系统繁忙，请稍后重试。' } }),
      });
    });
    await page.goto(`${server.url}/inbox`);
    const row = page.getByTestId(`queue-row-${filed.body.caseNumber}-intake`);
    await row.waitFor();
    await actAndWaitGone(page, row, async () => {
      await row.locator('[data-testid^="intake-accept-"]').click();
      await page.getByTestId('intake-accept-confirm').click();
    });
    // Then the page sent it again after Retry-After with the same key, and the clerk saw success
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    await page.locator('.ant-message-success').waitFor();
    // And the case was accepted once
    const kase = await (await new ApiClient(server.url).login('market.clerk')).get(
      `/api/cases/${filed.body.id}`,
    );
    expect(kase.body.status).toBe('inProgress');
    expect((kase.body.timeline as { type: string }[]).filter((e) => e.type === 'case.accepted')).toHaveLength(
      1,
    );
    await page.context().close();
  });
});
