import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAndWait, launchChromium, screenshot } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_form_designer', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const business = '000104001000';
const food = '000131024000';

async function loginAs(username: string, viewport = { width: 1440, height: 1000 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** The preview's fields, once the server has merged the combined form. */
const preview = (page: Page) => page.getByTestId('form-preview');

describe('Given a designer in the form designer (acceptance 4)', () => {
  it('should change the combined form an applicant sees: a field added, a shared label reworded, asked once', async () => {
    const designer = await loginAs('designer');

    // Given the business licence's form in the form-js editor, previewed in the restaurant
    await designer.goto(`${server.url}/studio/forms/${business}?bundle=restaurant`);
    const editor = designer.getByTestId('form-editor');
    const problems: string[] = [];
    designer.on('pageerror', (e) => problems.push(e.message));
    designer.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    try {
      await editor
        .locator('.fjs-form-field')
        .filter({ hasText: '申请人姓名' })
        .first()
        .waitFor({ timeout: 15_000 });
    } catch (e) {
      await screenshot(designer, 'form-designer-failed');
      throw new Error(`${String(e)}\n${problems.join('\n')}`);
    }
    await preview(designer).locator('.fjs-form-field').filter({ hasText: '申请人姓名' }).first().waitFor();

    // When the designer selects the shared field 申请人姓名 and rewords its label in the properties panel
    await editor.locator('.fjs-form-field').filter({ hasText: '申请人姓名' }).first().click();
    await editor.locator('.bio-properties-panel-group-header', { hasText: 'General' }).click();
    const label = editor
      .locator('[data-entry-id="label"] [contenteditable="true"], [data-entry-id="label"] input')
      .first();
    await label.click({ timeout: 8000 });
    await designer.keyboard.press('Control+A');
    await designer.keyboard.type('经营者姓名');
    await designer.getByTestId('forms-label-en-applicant.name').fill('Operator name');

    // Then the preview of the combined form shows the new label, once
    await preview(designer).locator('.fjs-form-field').filter({ hasText: '经营者姓名' }).first().waitFor();
    expect(await preview(designer).locator('.fjs-form-field-label', { hasText: '经营者姓名' }).count()).toBe(
      1,
    );
    expect(await preview(designer).locator('.fjs-form-field-label', { hasText: '申请人姓名' }).count()).toBe(
      0,
    );
    await designer.getByTestId('forms-save').click();
    await designer.getByText('已保存为第 2 版').waitFor();

    // When the designer adds a question of the food licence's own
    await designer.goto(`${server.url}/studio/forms/${food}?bundle=restaurant`);
    await editor.locator('.fjs-form-field').filter({ hasText: '店铺名称' }).first().waitFor();
    await designer.getByTestId('forms-new-name').fill('seats');
    await designer.getByTestId('forms-new-label').fill('就餐座位数');
    await designer.getByTestId('forms-add-item-field').click();
    await editor.locator('.fjs-form-field').filter({ hasText: '就餐座位数' }).first().waitFor();
    await designer.getByTestId(`forms-label-en-item${food}.seats`).fill('Number of seats');
    await preview(designer).locator('.fjs-form-field').filter({ hasText: '就餐座位数' }).first().waitFor();
    // the relabelled shared field saved on the business licence is in this preview too
    await preview(designer).locator('.fjs-form-field').filter({ hasText: '经营者姓名' }).first().waitFor();
    await screenshot(designer, 'form-designer');
    await designer.getByTestId('forms-save').click();
    await designer.getByText('已保存为第 2 版').waitFor();

    // And republishes the restaurant
    await designer.getByTestId('forms-republish').click();
    await designer.getByText('已按当前事项目录重新发布').waitFor();

    // Then an applicant's combined form asks the new question and the reworded shared one, each once
    for (const [name, viewport] of [
      ['apply-after-form-designer', { width: 1360, height: 900 }],
      ['apply-after-form-designer-phone', { width: 390, height: 844 }],
    ] as const) {
      const applicant = await loginAs('zhangsan', viewport);
      await applicant.goto(`${server.url}/apply/restaurant`);
      // The form goes step by step: later steps' questions are in the page, not yet on screen.
      await applicant.getByTestId(`field-item${food}.seats`).waitFor({ state: 'attached' });
      expect(await applicant.getByTestId('field-applicant.name').count()).toBe(1);
      expect(await applicant.getByText('经营者姓名', { exact: true }).count()).toBe(1);
      expect(await applicant.getByText('申请人姓名', { exact: true }).count()).toBe(0);
      expect(await applicant.getByText('就餐座位数', { exact: true }).count()).toBe(1);
      await screenshot(applicant, name);
      await applicant.context().close();
    }
  }, 180_000);

  it('should edit an item in the catalogue screen: promised above statutory refused, then saved and logged', async () => {
    const designer = await loginAs('designer');
    await designer.goto(`${server.url}/studio/catalogue`);
    await designer.getByTestId(`catalogue-edit-${food}`).click();
    const promised = designer.getByTestId('catalogue-promised').locator('input.ant-input-number-input');
    await promised.fill('25');
    await designer.getByTestId('catalogue-save').click();
    await designer.getByText('承诺时限超过法定时限').first().waitFor();
    await promised.fill('8');
    await designer.getByTestId('catalogue-save').click();
    await designer
      .getByText(/已保存为第 \d+ 版/)
      .first()
      .waitFor();
    await screenshot(designer, 'catalogue-item-drawer');
    await designer.keyboard.press('Escape');
    await designer.getByRole('tab', { name: '变更记录' }).click();
    await designer
      .locator('.ant-table-row', { hasText: `item ${food}` })
      .first()
      .waitFor();
    await screenshot(designer, 'catalogue-changes');
    await designer.getByRole('tab', { name: '材料' }).click();
    await designer.getByTestId('material-name-premisesProof').fill('经营场所使用证明');
    await designer.getByTestId('material-save-premisesProof').click();
    await designer.getByText('已保存材料「经营场所使用证明」').first().waitFor();
    await screenshot(designer, 'catalogue-materials');
  }, 120_000);

  it('should create a material in the 新建材料 dialog and let an item ask for it', async () => {
    const designer = await loginAs('designer');
    await designer.goto(`${server.url}/studio/catalogue`);
    await designer.getByRole('tab', { name: '材料' }).click();

    // Given a new material type, its key refused until it is well formed
    await designer.getByTestId('material-new').click();
    await designer.getByTestId('material-create-key').fill('9bad');
    await designer.getByTestId('material-create-zh').fill('噪声防治方案');
    await designer.getByTestId('material-create-en').fill('Noise control plan');
    await designer.getByTestId('material-create-ok').click();
    await designer.getByText('编码须以字母开头，仅含字母和数字').waitFor();
    await designer.getByTestId('material-create-key').fill('noiseControlPlan');
    await screenshot(designer, 'catalogue-material-new');
    await designer.getByTestId('material-create-ok').click();
    await designer.getByText('已新建材料「噪声防治方案」').first().waitFor();
    await designer.getByTestId('material-name-noiseControlPlan').waitFor();

    // and the same key a second time: the server's refusal is shown in the dialog
    await designer.getByTestId('material-new').click();
    await designer.getByTestId('material-create-key').fill('noiseControlPlan');
    await designer.getByTestId('material-create-zh').fill('重复');
    await designer.getByTestId('material-create-en').fill('Again');
    await designer.getByTestId('material-create-ok').click();
    await designer.getByText('材料编码 noiseControlPlan 已存在').waitFor();
    await designer.getByRole('button', { name: '取 消' }).click();

    // When the food licence asks for it in its item drawer
    await designer.getByRole('tab', { name: '事项' }).click();
    await designer.getByTestId(`catalogue-edit-${food}`).click();
    await designer.getByTestId('catalogue-material-add').click();
    const rows = designer.locator(
      '[data-testid^="catalogue-material-"]:not([data-testid="catalogue-material-add"])',
    );
    const added = rows.last();
    await added.click();
    await designer.keyboard.type('噪声防治');
    await designer.locator('.ant-select-item-option', { hasText: '噪声防治方案' }).click();
    // The choice is in the row before saving (under load the click can land before it is taken).
    await added.getByText('噪声防治方案', { exact: true }).waitFor();
    await actAndWait(
      designer,
      () => designer.getByTestId('catalogue-save').click(),
      () =>
        designer
          .getByText(/已保存为第 \d+ 版/)
          .first()
          .waitFor(),
      'catalogue-material-save-failed',
    );

    // Then the material lists the item among those asking for it
    const stored = (await server
      .knex('catalogue_item_versions')
      .where({ code: food })
      .orderBy('version', 'desc')
      .first()) as {
      item: { materials: { key: string }[] };
    };
    expect(stored.item.materials.map((m) => m.key)).toContain('noiseControlPlan');
    await screenshot(designer, 'catalogue-material-used');

    // On a phone the dialog fits the screen
    const phone = await loginAs('designer', { width: 390, height: 844 });
    await phone.goto(`${server.url}/studio/catalogue`);
    await phone.getByRole('tab', { name: '材料' }).click();
    await phone.getByTestId('material-new').click();
    await phone.getByTestId('material-create-form').waitFor();
    await screenshot(phone, 'catalogue-material-new-phone');
  }, 120_000);
});
