import { ApiClient } from '@yijian/examples';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillApplyForm, submitApplyForm } from '../support/applyForm';
import { launchChromium, loginPage, pageWidth, phoneViewport, screenshot } from '../support/browser';
import { flatForm } from '../support/flatCase';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('apply_form_steps', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Given 张三 applying for the second-hand flat on a 390-px phone', () => {
  it('should take the form step by step, vertical steps, refusing 下一步 on a wrong answer, and file at 确认提交', async () => {
    const bundle = (
      await (await new ApiClient(server.url).login('zhangsan')).get('/api/bundles/secondHandFlat')
    ).body;
    const page = await loginPage(browser, server.url, 'zhangsan', phoneViewport, { mobile: true });
    await page.goto(`${server.url}/apply/secondHandFlat`);
    const steps = page.getByTestId('apply-steps');
    await steps.waitFor();
    // Then the steps stand one under the other, and nothing scrolls sideways
    expect(await page.locator('[data-testid="apply-steps"].ant-steps-vertical').count()).toBe(1);
    const empty = await pageWidth(page);
    expect(empty.scrollWidth).toBeLessThanOrEqual(empty.innerWidth);
    await screenshot(page, 'apply-steps-phone-first');

    // When a required answer of the first step is emptied, 下一步 stays on the step and says why
    const required = page.locator('.ant-form-item-required').first();
    const label = await required.getAttribute('for');
    const input = page.locator(`[id="${label}"]`);
    await input.fill('');
    await page.getByTestId('apply-next').click();
    await page.locator('.ant-form-item-explain-error:visible').first().waitFor();
    expect(await page.locator('[data-testid="apply-steps"] .ant-steps-item-finish').count()).toBe(0);
    await screenshot(page, 'apply-steps-phone-refused');

    // When every step is filled, the 材料 step comes, then 确认提交 files the case
    await fillApplyForm(page, bundle.form, flatForm);
    const filled = await pageWidth(page);
    expect(filled.scrollWidth).toBeLessThanOrEqual(filled.innerWidth);
    await screenshot(page, 'apply-steps-phone-materials');
    await page.getByTestId('apply-next').click();
    await page.getByTestId('apply-confirm').waitFor();
    await screenshot(page, 'apply-steps-phone-confirm');
    await submitApplyForm(page);
    await page.waitForURL((url) => url.pathname.startsWith('/cases/'));
  });
});
