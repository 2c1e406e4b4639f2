/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { serviceItems } from '@yijian/process-library';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, screenshotDir, settle } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Switching to English leaves no Chinese in the chrome (issue 15, acceptance 3): as each role, in
 * English, every route of the web app is visited with real ids, its selects and dropdown menus are
 * opened, and the visible text nodes and placeholders/titles/aria-labels are read. User data may
 * stay Chinese only where the data has no English: such text is rendered inside an element marked
 * `data-user-content` (`UserText` in the web app) or `lang="zh-CN"` (text that is Chinese on
 * purpose, like the language switch's 中文), and the walk skips those, and diagram labels (SVG).
 */
let server: TestServer;
let browser: Browser;
const ids = { caseId: '', caseNumber: '' };
const formCode = serviceItems[0]!.code;

beforeAll(async () => {
  server = await startTestServer('e2e_english_walk', { web: true });
  browser = await launchChromium();
  // A restaurant case accepted at the window, so the inbox, the case and the monitor have rows.
  const applicant = await new ApiClient(server.url).login('zhangsan');
  const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
  if (filed.status !== 201) throw new Error(JSON.stringify(filed.body));
  ids.caseId = filed.body.id;
  ids.caseNumber = filed.body.caseNumber;
  await acceptAtWindow(server.url, ids.caseId);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** Han characters and CJK / full-width punctuation. */
const CHINESE = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

interface Finding {
  route: string;
  text: string;
  where: string;
}

/**
 * The Chinese the page shows outside user content: visible text nodes, and the placeholder, title
 * and aria-label of visible elements. Runs in the page.
 */
function chineseInChrome(pattern: string): { text: string; where: string }[] {
  const chinese = new RegExp(pattern);
  const isData = (el: Element | null) =>
    // Labels drawn in a BPMN diagram (SVG text), and the properties panel's header naming the
    // selected element, are the model's element names: data too.
    !!el?.closest(
      '[data-user-content], [lang="zh-CN"], [lang="zh"], script, style, noscript, textarea, svg, .bio-properties-panel-header-label',
    );
  const visible = (el: Element) =>
    (el as HTMLElement).checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true;
  const where = (el: Element) => {
    const marked = el.closest('[data-testid]');
    const named = marked ? `[data-testid=${marked.getAttribute('data-testid')}]` : '';
    return `${named} ${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')}`.trim();
  };
  const found: { text: string; where: string }[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const parent = node.parentElement;
    if (!parent || !chinese.test(text) || isData(parent) || !visible(parent)) continue;
    found.push({ text: text.trim().slice(0, 80), where: where(parent) });
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
    if (isData(el) || !visible(el)) continue;
    for (const attr of ['placeholder', 'title', 'aria-label']) {
      const value = el.getAttribute(attr);
      if (value && chinese.test(value))
        found.push({ text: `${attr}=${value.slice(0, 80)}`, where: where(el) });
    }
  }
  return found;
}

/** Loaded: no request running, no spinner or skeleton left. */
const loaded = (page: Page) => settle(page, '.ant-spin-spinning, .ant-skeleton');

async function readPage(page: Page, route: string, findings: Finding[]) {
  const found = await page.evaluate(chineseInChrome, CHINESE.source);
  for (const f of found) findings.push({ route, ...f });
}

/** Opens each enabled select and dropdown of the page in turn, reading the options it shows. */
async function readMenus(page: Page, route: string, findings: Finding[]) {
  const triggers = page.locator(
    '.ant-select:not(.ant-select-disabled):visible, .ant-dropdown-trigger:visible, .ant-picker:not(.ant-picker-disabled):visible',
  );
  const count = Math.min(await triggers.count(), 12);
  for (let i = 0; i < count; i++) {
    const trigger = triggers.nth(i);
    const userData = await trigger.evaluate((el) => !!el.closest('[data-user-content]')).catch(() => true);
    if (userData) continue;
    await trigger.click({ timeout: 3_000 }).catch(() => {});
    await page
      .locator('.ant-select-dropdown:visible, .ant-dropdown:visible, .ant-picker-dropdown:visible')
      .first()
      .waitFor({ timeout: 2_000 })
      .catch(() => {});
    await readPage(page, `${route} (menu ${i + 1})`, findings);
    await page.keyboard.press('Escape');
    await page.mouse.click(1, 1).catch(() => {});
  }
}

async function walk(page: Page, routes: string[], findings: Finding[], shot: string) {
  for (const route of routes) {
    await page.goto(`${server.url}${route}`);
    await loaded(page);
    if (route !== '/login')
      expect(new URL(page.url()).pathname, `${route} must not redirect to login`).not.toBe('/login');
    await readPage(page, route, findings);
    await readMenus(page, route, findings);
  }
  await screenshot(page, shot);
}

async function signIn(username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('lang-switch').first().click();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** The findings, one a line; also written to .artifacts/e2e/english-walk-<test>.txt to read whole. */
function report(findings: Finding[]): string {
  const text = findings.map((f) => `${f.route} — ${f.where}: ${f.text}`).join('\n');
  const name = (expect.getState().currentTestName ?? 'walk').replace(/\W+/g, '-').slice(-60);
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(path.join(screenshotDir, `english-walk${name}.txt`), text);
  return text;
}

describe('Given the app switched to English', () => {
  it('should list all 20 demo accounts on the login page, and no Chinese but their names', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('lang-switch').first().click();
    await page.getByTestId('demo-accounts').waitFor();
    const rows = page.locator('[data-testid^="demo-login-"]');
    await expect.poll(() => rows.count()).toBe(20);
    // clicking a row fills the form
    await page.getByTestId('demo-login-tax.clerk').click();
    expect(await page.getByTestId('login-username').inputValue()).toBe('tax.clerk');
    const findings: Finding[] = [];
    await walk(page, ['/login', '/guide/restaurant', '/guide/secondHandFlat'], findings, 'english-login');
    expect(report(findings)).toBe('');

    // And the service guide words its conditions as sentences, with no placeholder codes
    await page.goto(`${server.url}/guide/restaurant`);
    await loaded(page);
    const guide = await page.getByTestId('guide-items').innerText();
    expect(guide).toContain('if you answer no to “Already holds a business licence”');
    expect(guide).not.toMatch(/illustrative|not\(|= true|[「」]/);
    await screenshot(page, 'guide-restaurant-en-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'guide-restaurant-en-phone');
    // On a phone the language switch sits in the menu drawer.
    await page.getByTestId('nav-drawer-open').click();
    await page.getByTestId('lang-switch').last().click();
    await loaded(page);
    expect(await page.getByTestId('guide-items').innerText()).toContain('尚未持有营业执照的');
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
    await screenshot(page, 'guide-restaurant-zh-phone');
  });

  it('as an applicant, should show no Chinese in the chrome of any page', async () => {
    const page = await signIn('zhangsan');
    const findings: Finding[] = [];
    await walk(
      page,
      [
        '/apply',
        '/apply/restaurant',
        '/apply/secondHandFlat',
        '/my-cases',
        '/my-licences',
        `/cases/${ids.caseId}`,
        '/notifications',
        '/bundles/restaurant/diagram',
        '/guide/restaurant',
        '/no-such-page',
      ],
      findings,
      'english-applicant',
    );
    expect(report(findings)).toBe('');
  });

  it('as a clerk, should show no Chinese in the chrome, and server refusals in English', async () => {
    const page = await signIn('market.clerk');
    const findings: Finding[] = [];
    await walk(
      page,
      ['/inbox', '/rectifications', `/cases/${ids.caseId}`, '/notifications'],
      findings,
      'english-clerk',
    );
    expect(report(findings)).toBe('');

    // When the clerk opens a case that does not exist, the server's refusal arrives in English
    const answered = page.waitForResponse((res) => res.url().includes('/api/cases/00000000'));
    await page.goto(`${server.url}/cases/00000000-0000-4000-8000-000000000000`);
    const res = await answered;
    expect(res.status()).toBe(404);
    expect(await res.request().headerValue('accept-language')).toBe('en');
    expect((await res.json()).error.message).toMatch(/not found/);
    await loaded(page);
    await readPage(page, '/cases/<missing>', findings);
    expect(report(findings)).toBe('');
  });

  it('as a manager, should show no Chinese in the chrome of the monitor', async () => {
    const page = await signIn('manager');
    const findings: Finding[] = [];
    await walk(
      page,
      [
        '/monitor',
        '/monitor/cases',
        '/monitor/rectifications',
        `/cases/${ids.caseId}`,
        '/bundles/restaurant/diagram',
        '/notifications',
      ],
      findings,
      'english-manager',
    );
    expect(report(findings)).toBe('');
  });

  it('as an admin, should show no Chinese in the chrome of the console', async () => {
    const page = await signIn('admin');
    const findings: Finding[] = [];
    await walk(
      page,
      [
        '/admin/accounts',
        '/admin/console/calendar',
        '/admin/console/policies',
        '/admin/console/keys',
        '/admin/console/audit',
        '/inbox',
        '/rectifications',
        '/monitor',
        '/monitor/cases',
        `/cases/${ids.caseId}`,
      ],
      findings,
      'english-admin',
    );
    expect(report(findings)).toBe('');
  });

  it('as a designer, should show no Chinese in the chrome of the studio', async () => {
    const page = await signIn('designer');
    const findings: Finding[] = [];
    await walk(
      page,
      [
        '/studio/compose',
        '/studio/versions',
        '/studio/versions/restaurant',
        '/studio/catalogue',
        '/studio/model',
        '/studio/model/restaurant',
        '/studio/forms',
        `/studio/forms/${formCode}`,
        '/bundles/restaurant/diagram',
      ],
      findings,
      'english-designer',
    );
    expect(report(findings)).toBe('');
  });
});
