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
});
