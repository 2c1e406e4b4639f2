import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { notice2027 } from '../support/notice2027';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_admin_console', { web: true });
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
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

const select = async (page: Page, testId: string, option: string) => {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
};

describe('An admin keeps the calendar, the warning policies, the system keys and the audit chain', () => {
  it('should preview and load next year’s holiday notice on the calendar', async () => {
    const page = await loginAs('admin');
    await page.getByRole('link', { name: '管理控制台' }).click();
    await page.waitForURL(/\/admin\/console/);
    await page.locator('[data-calendar-day]').first().waitFor();
    await screenshot(page, '80-console-calendar');

    await select(page, 'calendar-year', '2027');
    await page.getByText('该年放假通知尚未载入').waitFor();
    await page.getByTestId('notice-source').fill(notice2027.source);
    await page
      .getByTestId('notice-days')
      .fill(JSON.stringify(notice2027.days, null, 0).replaceAll('},{', '},\n{'));
    await page.getByTestId('notice-preview').click();
    const result = page.getByTestId('notice-preview-result');
    await result.getByText(`新增 ${notice2027.days.length} 天`).waitFor();
    await screenshot(page, '81-console-notice-preview');
    await page.getByTestId('notice-apply').click();
    await page
      .getByText(/已载入 \d+ 天/)
      .first()
      .waitFor();
    await page.locator('[data-calendar-day="2027-01-04"]').waitFor();
    expect(await page.locator('[data-calendar-day][data-kind="makeUpWork"]').count()).toBe(5);
    // a day of the list opens its month on the calendar, marked
    await page.locator('[data-calendar-day="2027-10-01"]').click();
    await page.locator('[data-cell-day="2027-10-01"]').waitFor();
    await screenshot(page, '81b-console-calendar-2027');
    await page.context().close();
  });

  it('should change a bundle’s warning policy, issue and revoke a system key, and verify the audit chain', async () => {
    const page = await loginAs('admin');
    await page.goto(`${server.url}/admin/console/policies`);
    await page.getByTestId('policy-edit-restaurant').click();
    const yellow = page.locator('#yellowWithinWorkingDays');
    await yellow.fill('3');
    await page.getByTestId('policy-save').click();
    await page.getByText('预警规则已保存').waitFor();
    await page
      .locator('tr', { has: page.getByTestId('policy-edit-restaurant') })
      .getByText('已调整')
      .waitFor();
    await screenshot(page, '82-console-policies');

    await page.getByRole('tab', { name: '系统接入密钥' }).click();
    await select(page, 'key-department', '消防');
    await page.getByTestId('key-name').fill('消防审批系统');
    await page.getByTestId('key-issue').click();
    const key = await page.getByTestId('issued-key').textContent();
    expect(key).toMatch(/^yjk_/);
    await screenshot(page, '83-console-keys');
    await page.locator('[data-testid^="key-revoke-"]').first().click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByText('已吊销').first().waitFor();

    await page.getByRole('tab', { name: '审计核验' }).click();
    await page.getByTestId('audit-verify').click();
    await page.getByTestId('audit-ok').waitFor();
    await screenshot(page, '84-console-audit');
    await page.context().close();
  });
});
