import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@yijian/db';
import { type Browser, chromium, type Locator, type Page, type Response } from 'playwright-core';

/** Debian's Chromium; CI installs it with apt when missing. Override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // The sandbox needs user namespaces that CI containers lack; the network flags keep Chromium
    // from calling home on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Screenshots land in the git-ignored .artifacts/e2e folder, for people to look at. */
export const screenshotDir = path.join(repositoryRoot(), '.artifacts', 'e2e');

/** Lets data requests finish and loading overlays (`loading`, a selector) go. */
export async function settle(page: Page, loading = '.ant-spin-spinning'): Promise<void> {
  // Bounded: Chromium's PDF viewer in a preview keeps the network busy for half a minute.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  await page
    .locator(loading)
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
}

/** `style`: a stylesheet applied only while the picture is taken. */
export async function screenshot(
  page: Page,
  name: string,
  dir = screenshotDir,
  style?: string,
): Promise<string> {
  mkdirSync(dir, { recursive: true });
  // Let data requests finish and loading overlays go, so the picture shows what a person sees.
  await settle(page);
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, ...(style ? { style } : {}) });
  return file;
}

/**
 * A screenshot without the toasts (消息) of the last action, so they hide nothing: hidden while
 * the picture is taken, rather than waited out (three seconds each).
 */
export const shotWithoutToasts = (page: Page, name: string): Promise<string> =>
  screenshot(page, name, screenshotDir, '.ant-message { display: none !important; }');

/** A 390×844 phone (iPhone 12–14 size): pass to `loginPage` with `{ mobile: true }`. */
export const phoneViewport = { width: 390, height: 844 };

/**
 * A fresh zh-CN browser context in Shanghai time, logged in as a demo account; `mobile` makes it a
 * touch phone (mobile meta viewport, touch events).
 */
export async function loginPage(
  browser: Browser,
  serverUrl: string,
  username: string,
  viewport = { width: 1440, height: 900 },
  options: { mobile?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport,
    ...(options.mobile ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.goto(`${serverUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Opens an antd Select by its test id and picks the option whose text contains `option`. */
export async function pickOption(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

/** No horizontal scroll: the page's width and the viewport's, measured after data has loaded. */
export async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  await page.waitForLoadState('networkidle');
  // Evaluated in the page (a string, so the test's Node types need no DOM library).
  return page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  ) as Promise<{ scrollWidth: number; innerWidth: number }>;
}

/**
 * Runs a clerk's decision on a queue row (`act` clicks through it) and waits for the row to leave
 * the queue; see {@link actAndWait} for what a failure says.
 */
export const actAndWaitGone = (
  page: Page,
  row: Locator,
  act: () => Promise<void>,
  shotName = 'row-stayed',
): Promise<void> => actAndWait(page, act, () => row.waitFor({ state: 'detached' }), shotName);

/**
 * Runs `act` (clicks that send a change) and waits with `until` for what should follow. When it
 * does not come, the error says why: the page's messages, the writes sent and the API answers
 * ≥ 400 while it waited, the dialogs still open, and a screenshot is kept.
 */
export async function actAndWait(
  page: Page,
  act: () => Promise<void>,
  until: () => Promise<void>,
  shotName: string,
): Promise<void> {
  const failed: string[] = [];
  const sent: string[] = [];
  const onResponse = (response: Response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/')) return;
    if (response.request().method() !== 'GET')
      sent.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
    if (response.status() >= 400) failed.push(`${response.status()} ${url.pathname}`);
  };
  page.on('response', onResponse);
  try {
    await act();
    await until();
  } catch (error) {
    await screenshot(page, shotName).catch(() => '');
    const said = await page
      .locator('.ant-message')
      .innerText()
      .catch(() => '');
    const dialogs = await page
      .locator('.ant-modal-wrap:visible .ant-modal-title')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(
      `${(error as Error).message}\nmessages: ${said}\nwrites: ${sent.join('; ')}\nfailed: ${failed.join('; ')}\nopen dialogs: ${dialogs.join('; ')}`,
    );
  } finally {
    page.off('response', onResponse);
  }
}
