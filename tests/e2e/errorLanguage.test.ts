import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The server words its refusals in the language the user chose in the web app (Accept-Language
 * from the app's language, not the browser's): a wrong password is told in Chinese, then, after
 * switching, in English.
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_error_language', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Given a user who types a wrong password', () => {
  it('should tell the server’s refusal in the language chosen in the app, whatever the browser’s', async () => {
    // Given a browser set to English, and the app in its default language (Chinese)
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    /** A screenshot once the toast has finished sliding in, so the picture shows what it says. */
    const shotWithToast = async (name: string) => {
      type Animated = { getAnimations(options: object): { playState: string }[] };
      const notice = page.locator('.ant-message-notice').first();
      await expect
        .poll(() =>
          notice.evaluate((n: unknown) =>
            (n as Animated).getAnimations({ subtree: true }).every((a) => a.playState !== 'running'),
          ),
        )
        .toBe(true);
      await screenshot(page, name);
    };
    const tryWrongPassword = async () => {
      await page.getByTestId('login-username').fill('zhangsan');
      await page.getByTestId('login-password').fill('wrong-password');
      const answered = page.waitForResponse((res) => res.url().endsWith('/api/auth/login'));
      await page.getByTestId('login-submit').click();
      return answered;
    };

    // When the login is refused
    const zh = await tryWrongPassword();
    // Then the request asked for Chinese, and the toast says the server's Chinese message
    expect(zh.status()).toBe(401);
    expect(await zh.request().headerValue('accept-language')).toBe('zh-CN');
    await page.locator('.ant-message-notice').getByText('用户名或密码错误。').waitFor();
    await shotWithToast('error-language-zh');
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });

    // When the user switches the app to English and tries again
    await page.getByTestId('lang-switch').click();
    const en = await tryWrongPassword();
    // Then the refusal is in English
    expect(await en.request().headerValue('accept-language')).toBe('en');
    expect((await en.json()).error).toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong username or password.',
    });
    await page.locator('.ant-message-notice').getByText('Wrong username or password.').waitFor();
    await shotWithToast('error-language-en');
    await context.close();
  });
});
