import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

/** 账户管理 in the web app: the admin sees accounts, creates one, and revokes a user's sessions. */
let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer('e2e_accounts', { web: true });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function loginAs(username: string, password = 'yijian123'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

describe('Given an admin in the web app', () => {
  it('should list accounts, create one, and revoke a logged-in user’s sessions', async () => {
    const clerk = await loginAs('market.clerk');
    const admin = await loginAs('admin');
    await admin.goto(`${server.url}/admin/accounts`);
    await admin.getByText('market.clerk').first().waitFor();

    // When the admin creates an account, it can log in
    await admin.getByLabel('用户名').last().fill('zhao.liu');
    await admin.getByLabel('姓名').last().fill('赵六');
    await admin.getByLabel('初始密码（至少 12 位）').fill('a long first password');
    await admin.getByRole('button', { name: '新建账户' }).click();
    await admin.getByText('已新建账户 zhao.liu').waitFor();
    const created = await loginAs('zhao.liu', 'a long first password');
    expect(new URL(created.url()).pathname).toBe('/apply');

    // When the admin revokes the clerk's sessions, the clerk's next request is refused
    await admin.getByTestId('revoke-market.clerk').click();
    await admin.getByText(/已结束 \d+ 个会话/).waitFor();
    await screenshot(admin, 'admin-accounts');
    const me = await clerk.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
  }, 120_000);

  it('should change an account’s role and department, disable and enable it, reset its password, and manage departments', async () => {
    const admin = await loginAs('admin');
    await admin.setViewportSize({ width: 1400, height: 1000 });
    await admin.goto(`${server.url}/admin/accounts`);
    await admin.getByTestId('account-edit-zhao.liu').waitFor();

    // Role and department: the applicant 赵六 becomes a market clerk
    await admin.getByTestId('account-edit-zhao.liu').click();
    // Each dropdown closes before the next opens (under load its closing animation covers the next).
    const dropdownsClosed = () =>
      expect.poll(() => admin.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await admin.getByTestId('account-edit-role').click();
    await admin.locator('.ant-select-item-option', { hasText: '经办人' }).first().click();
    await dropdownsClosed();
    await admin.getByTestId('account-edit-department').click();
    await admin.locator('.ant-select-item-option', { hasText: '市场监督管理局' }).first().click();
    await dropdownsClosed();
    await screenshot(admin, 'admin-accounts-edit');
    await admin.getByTestId('account-save').click();
    await admin.getByText('已保存账户 zhao.liu').waitFor();
    const api = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhao.liu', password: 'a long first password' }),
    }).then((r) => r.json() as Promise<{ user: unknown }>);
    expect(api.user).toMatchObject({ role: 'clerk', departmentId: 'market' });

    // Disable: the account is tagged and cannot log in; enable again
    await admin.getByTestId('account-disable-zhao.liu').click();
    await admin.locator('[data-testid="account-disable-confirm"]:visible').click();
    await admin.getByTestId('account-disabled-zhao.liu').waitFor();
    await screenshot(admin, 'admin-accounts-disabled');
    const refused = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhao.liu', password: 'a long first password' }),
    });
    expect(refused.status).toBe(403);
    await admin.getByTestId('account-enable-zhao.liu').click();
    await admin.getByTestId('account-disabled-zhao.liu').waitFor({ state: 'detached' });

    // Reset the password: the new one works
    await admin.getByTestId('account-reset-zhao.liu').click();
    await admin.getByTestId('account-new-password').fill('a brand new password');
    await admin.getByTestId('account-reset-confirm').click();
    await admin.getByText(/密码已重置/).waitFor();
    await loginAs('zhao.liu', 'a brand new password');

    // Departments: create, rename with a region, delete
    await admin.getByTestId('department-new-id').fill('stats');
    await admin.getByTestId('department-new-zh').fill('统计局');
    await admin.getByTestId('department-new-en').fill('Statistics Bureau');
    await admin.getByTestId('department-create').click();
    await admin.getByTestId('department-stats').waitFor();
    await admin.getByTestId('department-edit-stats').click();
    await admin.getByTestId('department-edit-zh').fill('北京市统计局');
    await admin.getByTestId('department-edit-region').fill('CN-BJ');
    await admin.getByTestId('department-save').click();
    await admin.getByTestId('department-stats').getByText('CN-BJ').waitFor();
    await admin.getByTestId('department-stats').scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-departments');
    // A department with accounts is refused, with the reason
    await admin.getByTestId('department-delete-market').click();
    await admin.locator('[data-testid="department-delete-confirm"]:visible').click();
    await admin.getByText(/仍有账户，不能删除/).waitFor();
    // The refused confirmation closes before the next one opens (two at once: the click is ambiguous).
    await admin.keyboard.press('Escape');
    await expect
      .poll(() => admin.locator('[data-testid="department-delete-confirm"]:visible').count())
      .toBe(0);
    await admin.getByTestId('department-delete-stats').click();
    await admin.locator('[data-testid="department-delete-confirm"]:visible').click();
    await admin.getByTestId('department-stats').waitFor({ state: 'detached' });
  }, 180_000);
});
