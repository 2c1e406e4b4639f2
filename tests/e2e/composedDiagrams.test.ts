import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_composed', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Given the bundles the composer generated', () => {
  it('should render each one in the bpmn-js viewer', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('manager');
    await page.getByTestId('login-password').fill('yijian123');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/monitor/);
    for (const key of ['convenienceStore', 'secondHandFlat', 'kindergarten', 'clinic']) {
      await page.goto(`${server.url}/bundles/${key}/diagram`);
      const shapes = page.locator('[data-testid="bpmn-canvas"] .djs-shape');
      await shapes.first().waitFor();
      expect(await shapes.count(), key).toBeGreaterThan(5);
      await screenshot(page, `composed-${key}`);
    }
    await context.close();
  });
});
