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
    // The choices say who the applicant is, not the form sections they fill
    const said = await picker.innerText();
    expect(said).toContain('我是买受人');
    expect(said).not.toContain('买受人信息');
    await picker.getByText('我是出卖人').click();
    await expect.poll(() => page.getByTestId('field-seller.name').inputValue()).toBe('李四');
    expect(await page.getByTestId('field-buyer.name').inputValue()).toBe('');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'apply-party-picker-phone');
  });

  it('should say "I am the buyer" / "I am the seller" in English on a desktop', async () => {
    const page = await loginPage(browser, server.url, 'lisi');
    await page.evaluate(() => localStorage.setItem('yj.lang', 'en'));
    await page.goto(`${server.url}/apply/secondHandFlat`);
    const picker = page.getByTestId('party-picker');
    await picker.waitFor();
    const said = await picker.innerText();
    expect(said).toContain('I am the buyer');
    expect(said).toContain('I am the seller');
    await picker.getByText('I am the buyer').click();
    await expect.poll(() => page.getByTestId('field-buyer.name').inputValue()).toBe('李四');
    await screenshot(page, 'apply-party-picker-desktop-en');
  });
});
