import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, screenshotDir } from '../support/browser';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_compose_guide', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const business = '000104001000';
const food = '000131024000';
const signage = '000143017000';
const fire = '000125049000';

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1360, height: 860 },
  });
  return context.newPage();
}

/** A fresh browser context per person, logged in through the login page like a user would. */
async function loginAs(username: string): Promise<Page> {
  const page = await newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Picks an option of an antd Select by typing into its search and pressing Enter. */
async function choose(page: Page, testId: string, search: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
}

describe('Given a designer in the Studio', () => {
  it('should compose a bundle from catalogue items, preview its BPMN and publish it with one request', async () => {
    // Given the designer lands on the compose page
    const page = await loginAs('designer');
    await page.waitForURL(/\/studio\/compose/);

    // When they name the bundle and pick its lead department
    await page.getByTestId('compose-key').fill('bakery');
    await page.getByTestId('compose-name-zh').fill('开办烘焙坊');
    await page.getByTestId('compose-name-en').fill('Open a bakery');
    await page
      .getByTestId('compose-description-zh')
      .fill('营业执照办结后，食品经营许可、户外招牌并联办理；面积超过300平方米的办理消防安全检查。');
    await page
      .getByTestId('compose-description-en')
      .fill('After the business licence: food licence and signage in parallel; the fire check above 300 m².');
    await choose(page, 'compose-lead', '市场监督');

    // And pick four items, each after the business licence, the fire check only above 300 m²
    for (const code of [business, food, signage, fire]) await choose(page, 'compose-add-item', code);
    for (const code of [food, signage, fire]) await choose(page, `compose-after-${code}`, business);

    // When the condition is not valid FEEL (feelin parses `>>>` silently), the page says so as it is typed
    await page.getByTestId(`compose-when-${fire}`).fill('shop.area >>> 300');
    const live = page.getByTestId(`compose-when-error-${fire}`);
    await live.waitFor();
    const sentence = await live.innerText();
    expect(sentence).toContain('"shop.area >>> 300" is not valid FEEL');

    // And the preview refuses it too, saying where and which condition (in the app's language)
    await page.getByTestId('compose-preview').click();
    const errors = page.getByTestId('compose-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toContain('items.3.when');
    expect(await errors.innerText()).toContain('shop.area >>> 300');
    await screenshot(page, 'compose-refused');

    // When it is fixed and previewed
    await page.getByTestId(`compose-when-${fire}`).fill('shop.area > 300');
    await page.getByTestId('compose-preview').click();
    const shapes = page.locator('[data-testid="compose-bpmn"] .djs-shape');
    await shapes.first().waitFor();
    expect(await shapes.count()).toBeGreaterThan(10);
    expect(await page.getByTestId('compose-preview-summary').innerText()).toMatch(/4 个事项，3 个部门/);
    await screenshot(page, 'compose-preview');

    // And published
    await page.getByTestId('compose-publish').click();
    const published = page.getByTestId('compose-published');
    await published.waitFor();
    expect(await published.innerText()).toContain('第 1 版');
    await screenshot(page, 'compose-published');

    // Then the bundle is deployed once, and its guide opens from the success message
    const versions = await server
      .knex('process_definitions')
      .where({ key: 'bakery' })
      .count({ n: '*' })
      .first();
    expect(Number(versions?.n)).toBe(1);
    await page.getByTestId('compose-open-guide').click();
    await page.getByTestId('guide-page').waitFor();
    await page.context().close();
  });

  it('should start from a shipped bundle as a copy under a new key, and preview it', async () => {
    // Given the designer picks the clinic as a starting point
    const page = await loginAs('designer');
    await page.waitForURL(/\/studio\/compose/);
    await choose(page, 'compose-template', '开办诊所');

    // Then its items, order and conditions fill the page, to be saved under a new key
    await expect.poll(() => page.getByTestId('compose-key').inputValue()).toBe('clinic-copy');
    expect(await page.getByTestId('compose-when-990140003000').inputValue()).toBe('clinic.hasXray = true');

    // When it is previewed, the inclusive gateway's skip flow is drawn above the first item
    await page.getByTestId('compose-preview').click();
    await page.locator('[data-testid="compose-bpmn"] .djs-shape').first().waitFor();
    const skip = await page
      .locator('[data-testid="compose-bpmn"] [data-element-id="Flow_Fork_2_Join_2"]')
      .boundingBox();
    const first = await page
      .locator('[data-testid="compose-bpmn"] .djs-shape[data-element-id="Item_990130001000"]')
      .boundingBox();
    expect(skip!.y).toBeLessThan(first!.y);
    await screenshot(page, 'compose-from-clinic');
    await page.context().close();
  });
});

describe('Given an applicant reading a service guide (办事指南)', () => {
  it('should open the guide from the bundle list, with items, limits, materials listed once and fees', async () => {
    // When the applicant opens the bakery's guide from the bundle list
    const page = await loginAs('zhangsan');
    await page.waitForURL(/\/apply/);
    await page.getByTestId('bundle-guide-bakery').click();
    await page.getByTestId('guide-page').waitFor();

    // Then the guide names the lead department, the joint limit, each item and each material once
    expect(await page.getByTestId('guide-title').innerText()).toContain('开办烘焙坊');
    expect(await page.getByTestId('guide-lead-department').innerText()).toBe('市场监督管理局');
    expect(await page.getByTestId('guide-joint-limit').innerText()).toContain('45 个工作日');
    for (const code of [business, food, signage, fire])
      await page.getByTestId(`guide-item-${code}`).waitFor();
    expect(await page.getByTestId(`guide-item-${fire}`).innerText()).toContain(
      '「经营面积（平方米）」超过300的',
    );
    const idCard = page.getByTestId('guide-material-idCard');
    expect(await idCard.count()).toBe(1);
    expect(await idCard.innerText()).toContain('居民身份证');
    expect(await page.getByTestId('guide-material-businessLicence').innerText()).toContain('自动提供');
    expect(await page.getByTestId('guide-fees').innerText()).toContain('不收费');
    await screenshot(page, 'guide-bakery');

    // And "start application" leads to the combined form
    await page.getByTestId('guide-apply').click();
    await page.waitForURL(/\/apply\/bakery/);
    await page.context().close();
  });

  it('should show a guide to anyone, without logging in, in English too', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/guide/secondHandFlat`);
    await page.getByTestId('guide-page').waitFor();
    expect(await page.getByTestId('guide-fees').innerText()).toContain('80');
    await screenshot(page, 'guide-secondHandFlat-anonymous');
    await page.getByTestId('lang-switch').click();
    await page.getByText('Service guide: Sell a second-hand flat').waitFor();
    await screenshot(page, 'guide-secondHandFlat-en');
    await page.context().close();
  });
});

describe('Given the five shipped bundles', () => {
  it('should render each diagram in bpmn-js, the clinic’s skip flow above its first item', async () => {
    const page = await loginAs('manager');
    for (const key of ['restaurant', 'convenienceStore', 'secondHandFlat', 'kindergarten', 'clinic']) {
      await page.goto(`${server.url}/bundles/${key}/diagram`);
      const shapes = page.locator('[data-testid="bpmn-canvas"] .djs-shape');
      await shapes.first().waitFor();
      expect(await shapes.count(), key).toBeGreaterThan(5);
      await screenshot(page, `diagram-${key}`);
    }

    // The clinic: the inclusive gateway's default (skip) flow passes above the first conditional item
    const skip = await page.locator('[data-element-id="Flow_Fork_2_Join_2"]').boundingBox();
    const first = await page.locator('.djs-shape[data-element-id="Item_990130001000"]').boundingBox();
    expect(skip && first).toBeTruthy();
    // (its lane runs above the item's top edge; drawn through it, it would start below the gateway)
    expect(skip!.y).toBeLessThan(first!.y);
    await page
      .getByTestId('bpmn-canvas')
      .screenshot({ path: path.join(screenshotDir, 'diagram-clinic-canvas.png') });
    await page.context().close();
  });
});
