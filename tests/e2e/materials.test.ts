import { ApiClient, restaurantForm } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillApplyForm, submitApplyForm } from '../support/applyForm';
import { launchChromium, screenshot } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { pdfBytes, upload } from '../support/materials';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('e2e_materials', { web: true });
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
    viewport: { width: 1360, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function openTask(username: string, caseId: string, elementId: string) {
  const res = await (await as(username)).get('/api/queue?limit=100');
  const task = (res.body.tasks as { id: string; caseId: string; elementId: string }[]).find(
    (t) => t.caseId === caseId && t.elementId === elementId,
  );
  expect(task, `${elementId} in ${username}'s queue`).toBeDefined();
  return task!;
}

describe('Given the restaurant bundle, whose items share materials', () => {
  it('should ask the applicant for each material once, and show a one-time upload serving every item', async () => {
    // When 李四 fills the combined form's steps up to 材料
    const page = await loginAs('lisi');
    await page.goto(`${server.url}/apply/restaurant`);
    const form = (await (await as('lisi')).get('/api/bundles/restaurant')).body.form;
    await fillApplyForm(page, form, restaurantForm);
    await page.getByTestId('apply-materials').waitFor();
    // Then the business licence is not asked for: the first item of the chain issues it
    expect(await page.getByTestId('material-provided-businessLicence').innerText()).toContain(
      '自动关联电子证照',
    );
    expect(await page.getByTestId('material-upload-businessLicence').count()).toBe(0);

    // When they upload the lease once as the premises proof
    await page.getByTestId('material-file-premisesProof').setInputFiles({
      name: '租赁合同.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('e2e-lease'),
    });
    // Then it is shown as serving every item that needs it
    const uploaded = page.getByTestId('material-uploaded-premisesProof');
    await uploaded.waitFor();
    expect(await uploaded.innerText()).toMatch(/满足 [3-9] 个事项/);
    await page.getByTestId('apply-materials').scrollIntoViewIfNeeded();
    await screenshot(page, '20-applicant-materials-once');

    // When they submit, the case page lists per item what satisfies each material
    await submitApplyForm(page);
    await page.waitForURL(/\/cases\//);
    const food = page.getByTestId('case-materials-000131024000');
    await food.waitFor();
    expect(await food.getByTestId('material-source-premisesProof').innerText()).toContain('申请人上传 (C)');

    // When they hand in the food-safety rules later, from the case page (补交)
    const rules = food.getByTestId('material-foodSafetyRules');
    expect(await rules.getByTestId('material-status-foodSafetyRules').innerText()).toBe('未提交');
    await rules.getByTestId('case-material-upload-foodSafetyRules').click();
    await page.getByTestId('case-material-file').setInputFiles({
      name: '食品安全制度.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('e2e-rules'),
    });
    // Then the food licence shows it as theirs, unchecked (C)
    await expect
      .poll(async () =>
        rules
          .getByTestId('material-source-foodSafetyRules')
          .innerText()
          .catch(() => ''),
      )
      .toContain('申请人上传 (C)');
    // And the timeline records both hand-ins
    await expect
      .poll(async () => (await page.getByTestId('case-timeline').innerText()).split('提交了材料').length - 1)
      .toBe(2);
    await food.scrollIntoViewIfNeeded();
    await screenshot(page, '23-applicant-case-materials');
    await page.context().close();
  });

  it("should show the clerk the business licence attached to the food-licence task, and let them verify the applicant's upload", async () => {
    // Given 张三 filed a case with the lease uploaded (via the API), accepted at the window
    const applicant = await as('zhangsan');
    const lease = await upload(applicant, pdfBytes('zhangsan-lease'), 'application/pdf', '租赁合同.pdf');
    const filed = await applicant.post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
      materials: { premisesProof: lease.body.id },
    });
    expect(filed.status).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    // And market regulation concluded the business licence, step by step
    const market = await as('market.clerk');
    for (const step of ['intake', 'review', 'decision', 'issuance']) {
      const business = await openTask('market.clerk', filed.body.id, `Item_000104001000_${step}`);
      expect((await concludeStep(market, business)).status).toBe(200);
    }
    const food = await openTask('market.clerk', filed.body.id, 'Item_000131024000_intake');

    // When the clerk opens the food-licence task's materials in the inbox
    const page = await loginAs('market.clerk');
    await page.goto(`${server.url}/inbox`);
    const row = page.getByTestId(`queue-row-${filed.body.caseNumber}-Item_000131024000_intake`);
    await row.waitFor();
    await page.getByTestId(`materials-${food.id}`).click();
    const panel = page.getByTestId(`task-materials-${food.id}`);
    await panel.waitFor();

    // Then the business licence is there as an e-licence, attached automatically at trust A, no upload
    const licence = panel.getByTestId('material-source-businessLicence');
    await licence.waitFor();
    expect(await licence.innerText()).toContain('电子证照·自动关联 (A)');
    expect(await panel.getByTestId('material-status-businessLicence').innerText()).toBe('已满足');
    expect(await panel.getByTestId('material-businessLicence').innerText()).toContain(
      `${filed.body.caseNumber}-000104001000`,
    );
    // And the applicant's lease waits for the clerk's check (C)
    expect(await panel.getByTestId('material-status-premisesProof').innerText()).toBe('待核验');
    await screenshot(page, '21-clerk-task-materials-elicence');

    // When the clerk verifies the lease against the original
    await panel.getByTestId('verify-premisesProof').click();
    // Then it is verified (B) and reusable
    await expect
      .poll(async () => panel.getByTestId('material-source-premisesProof').innerText())
      .toContain('申请人上传 (B)');
    expect(await panel.getByTestId('material-status-premisesProof').innerText()).toBe('已满足');
    expect(await panel.getByTestId('verify-premisesProof').count()).toBe(0);
    await screenshot(page, '22-clerk-material-verified');

    // And in English the licence reads as auto-attached too
    await page.getByTestId('lang-switch').click();
    await expect
      .poll(async () => panel.getByTestId('material-source-businessLicence').innerText())
      .toContain('E-licence · auto-attached (A)');
    await page.context().close();
  });
});
