import { ApiClient } from '@yijian/examples';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillApplyForm, submitApplyForm } from '../support/applyForm';
import { launchChromium, loginPage, pageWidth, phoneViewport, screenshot } from '../support/browser';
import { flatForm, workToDelivery } from '../support/flatCase';
import { uploadRequestedMaterials } from '../support/materials';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('applicant_phone', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('Given 张三 on a 390-px phone with a second-hand-flat application', () => {
  it('should fit every applicant page, keep logout reachable, take the correction with the uploads on the correction screen, and take a bad rating the department answers', async () => {
    // Given 张三 fills the flat form on the phone; it autosaves as a server draft
    const applicantApi = await new ApiClient(server.url).login('zhangsan');
    const bundle = (await applicantApi.get('/api/bundles/secondHandFlat')).body;
    const page = await loginPage(browser, server.url, 'zhangsan', phoneViewport, { mobile: true });
    await page.goto(`${server.url}/apply/secondHandFlat`);
    await page.getByTestId('field-buyer.name').waitFor();
    await fillApplyForm(page, bundle.form, flatForm);
    const form = await pageWidth(page);
    expect(form.scrollWidth, 'apply form').toBeLessThanOrEqual(form.innerWidth);
    await page.getByTestId('draft-saved').waitFor();
    await expect
      .poll(
        async () =>
          (await applicantApi.get('/api/drafts/secondHandFlat')).body.form?.['property.waterAccount'],
      )
      .toBe(flatForm['property.waterAccount']);
    // When the page is reloaded, the draft comes back, and 我的办件 offers it
    await page.reload();
    await expect
      .poll(() => page.getByTestId('field-property.address').inputValue())
      .toBe(flatForm['property.address']);
    await screenshot(page, 'applicant-phone-apply-draft');
    await page.goto(`${server.url}/my-cases`);
    await page.getByTestId('draft-resume-secondHandFlat').click();
    await expect.poll(() => page.getByTestId('field-seller.name').inputValue()).toBe(flatForm['seller.name']);
    // Then it is filed from the draft, and the draft is gone
    await submitApplyForm(page);
    await page.waitForURL((url) => url.pathname.startsWith('/cases/'));
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
    const filed = await applicantApi.get(`/api/cases/${caseId}`);
    expect((await applicantApi.get('/api/drafts')).body).toEqual([]);

    // Given the window asks for the sale contract (一次性补正告知)
    const window = await new ApiClient(server.url).login('realEstate.clerk');
    const intake = filed.body.tasks.find((t: { kind: string }) => t.kind === 'intake');
    const noticed = await window.post(`/api/tasks/${intake.id}/intake`, {
      decision: 'correction',
      items: [{ subject: '存量房买卖合同', reason: '未签字' }],
      note: '请上传签字后的合同',
    });
    expect(noticed.status, JSON.stringify(noticed.body)).toBe(200);
    // Then each applicant page fits the phone
    for (const [path, name] of [
      ['/apply', 'apply'],
      ['/my-cases', 'my-cases'],
      [`/cases/${caseId}`, 'case'],
      ['/my-licences', 'wallet'],
      ['/guide/secondHandFlat', 'guide'],
      ['/notifications', 'notifications'],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      // Measured after the screenshot's waits, with the page's data in.
      await screenshot(page, `applicant-phone-${name}`);
      const size = await pageWidth(page);
      expect(size.scrollWidth, path).toBeLessThanOrEqual(size.innerWidth);
    }
    // And the case card labels its values with the full-width colon, as Chinese is written
    await page.goto(`${server.url}/my-cases`);
    const card = await page.getByTestId(`case-card-${filed.body.caseNumber}`).innerText();
    expect(card).toMatch(/申请时间：\d{4}-\d{2}-\d{2}/);
    expect(card).toContain('时限：');
    expect(card).not.toMatch(/[\u4e00-\u9fff]: /);

    // And the menu and logout are one tap away in the drawer
    await page.getByTestId('nav-drawer-open').click();
    await page.getByTestId('logout').waitFor();
    await page.waitForTimeout(400); // the drawer's slide-in
    await screenshot(page, 'applicant-phone-drawer');
    await page.keyboard.press('Escape');

    // When the applicant opens the case: the correction screen holds the contract's upload slot
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('correction-material-saleContract').waitFor();
    // (antd's own label colons, as on the statutory clock, are full-width in Chinese too)
    const colon = await page
      .locator('.ant-descriptions:not(.ant-descriptions-bordered) .ant-descriptions-item-label')
      .first()
      .evaluate((el) => getComputedStyle(el, '::after').content);
    expect(colon).toBe('"："');
    // and a note alone is not enough
    await page.getByTestId('correction-note').fill('已补签');
    await page.getByTestId('correction-submit').click();
    await page.getByTestId('correction-missing').waitFor();
    await screenshot(page, 'applicant-phone-correction');
    expect((await applicantApi.get(`/api/cases/${caseId}`)).body.status).toBe('correction');

    // When the contract is uploaded in its slot and the correction submitted
    expect(await uploadRequestedMaterials(page)).toBe(1);
    await page.getByTestId('correction-submit').click();
    // Then the case goes back to the window
    await page.locator('[data-testid="case-status"][data-status="preReview"]').waitFor();
    await screenshot(page, 'applicant-phone-corrected');
    const size = await pageWidth(page);
    expect(size.scrollWidth).toBeLessThanOrEqual(size.innerWidth);

    // When the departments finish and the results are handed over
    await workToDelivery(server.url, caseId);
    // Then the applicant rates the service badly (非常不满意) with a reason, on the phone
    await page.reload();
    const rating = page.getByTestId('case-rating');
    await rating.waitFor();
    await rating.locator('.ant-rate-star').first().click();
    await page.getByTestId('rating-reason-repeatedMaterials').click();
    await page.getByTestId('rating-comment').fill('合同交了两次');
    await screenshot(page, 'applicant-phone-rating');
    await page.getByTestId('rating-submit').click();
    await page.getByTestId('rating-rectification-open').waitFor();
    expect(await page.getByTestId('rating-level').innerText()).toContain('非常不满意');

    // And the registry's clerk finds the rectification in their list and answers it
    const clerk = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    await clerk.goto(`${server.url}/login`);
    await clerk.getByTestId('login-username').fill('realEstate.clerk');
    await clerk.getByTestId('login-password').fill('yijian123');
    await clerk.getByTestId('login-submit').click();
    await clerk.waitForURL((url) => !url.pathname.startsWith('/login'));
    await clerk.goto(`${server.url}/rectifications`);
    const caseNumber = filed.body.caseNumber as string;
    const row = clerk.getByTestId(`rectification-${caseNumber}`);
    await row.waitFor();
    expect(await row.innerText()).toContain('材料重复提交');
    await screenshot(clerk, 'applicant-clerk-rectification');
    await clerk.getByTestId(`rectification-reply-${caseNumber}`).fill('已改为合同一次提交、各部门共享');
    await clerk.getByTestId(`rectification-resolve-${caseNumber}`).click();
    await clerk.locator(`[data-testid="rectification-${caseNumber}"][data-status="resolved"]`).waitFor();

    // Then the applicant reads the reply
    await page.reload();
    await page.getByTestId('rating-rectification-resolved').waitFor();
    expect(await page.getByTestId('case-rating').innerText()).toContain('已改为合同一次提交');
    await screenshot(page, 'applicant-phone-rating-reply');
    const rated = await pageWidth(page);
    expect(rated.scrollWidth).toBeLessThanOrEqual(rated.innerWidth);
  });
});
