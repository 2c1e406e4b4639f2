import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, loginPage, screenshot } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('party_picker', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Given 李四 applying for the second-hand flat on a phone', () => {
  it('should let them say they are the seller, fill the seller from the account and leave the buyer to be typed', async () => {
    const page = await loginPage(browser, server.url, 'lisi', { width: 390, height: 844 });
    await page.goto(`${server.url}/apply/secondHandFlat`);
    const picker = page.getByTestId('party-picker');
    await picker.waitFor();
    expect(await picker.innerText()).toContain('买受人');
    await picker.getByText('出卖人').click();
    await expect.poll(() => page.getByTestId('field-seller.name').inputValue()).toBe('李四');
    expect(await page.getByTestId('field-buyer.name').inputValue()).toBe('');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'apply-party-picker-phone');
  });
});
