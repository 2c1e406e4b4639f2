// biome-ignore-all lint/suspicious/noExplicitAny: bpmn-js services in the page are untyped.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { inModeler } from '../support/modelerPage';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer('e2e_modeler_keyboard', { web: true });
  browser = await launchChromium();
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 1000 },
  });
  page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill('designer');
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** What the page's modeler holds: every element id, and the ids of the selected ones. */
function diagram() {
  return inModeler(page, (get) => {
    const root = get('canvas').getRootElement();
    return {
      ids: get('elementRegistry')
        .filter((e: any) => e !== root && !e.labelTarget)
        .map((e: any) => e.id as string) as string[],
      selected: get('selection')
        .get()
        .map((e: any) => e.id as string) as string[],
      userTasks: get('elementRegistry').filter((e: any) => e.type === 'bpmn:UserTask').length as number,
    };
  });
}

/** Clicks an element on the canvas with the mouse, as a designer selects it (the canvas gets the keys). */
async function clickShape(id: string) {
  await page.locator(`[data-testid="modeler-canvas"] [data-element-id="${id}"]`).first().click();
  await expect.poll(async () => (await diagram()).selected).toEqual([id]);
}

describe('Given a designer using the keyboard in the modeler (bpmn-js shortcuts kept)', () => {
  it('should delete, undo, redo, copy and paste, and select all from the keyboard', async () => {
    // Given the restaurant's process in the modeler
    await page.goto(`${server.url}/studio/model/restaurant`);
    await page.locator('[data-testid="modeler-canvas"] .djs-element').first().waitFor();
    const task = await inModeler(page, (get) => {
      const first = get('elementRegistry').filter((e: any) => e.type === 'bpmn:UserTask')[0];
      get('canvas').scrollToElement(first);
      return first.id as string;
    });
    const before = await diagram();
    expect(before.ids).toContain(task);

    // When a step is selected and Delete is pressed, then it is gone (with its flows)
    await clickShape(task);
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await diagram()).ids).not.toContain(task);
    // Ctrl+Z brings it back, Ctrl+Y and Ctrl+Shift+Z remove it again
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => (await diagram()).ids.sort()).toEqual([...before.ids].sort());
    await page.keyboard.press('Control+Y');
    await expect.poll(async () => (await diagram()).ids).not.toContain(task);
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => (await diagram()).ids).toContain(task);
    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(async () => (await diagram()).ids).not.toContain(task);
    await page.keyboard.press('Control+Z');
    await expect.poll(async () => (await diagram()).ids.sort()).toEqual([...before.ids].sort());

    // Ctrl+C, Ctrl+V: a copy follows the mouse and is placed with a click
    await clickShape(task);
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    const canvas = page.getByTestId('modeler-canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 60);
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + box.height - 50);
    await page.mouse.click(box.x + box.width / 2 + 10, box.y + box.height - 50);
    await expect.poll(async () => (await diagram()).userTasks).toBe(before.userTasks + 1);
    await screenshot(page, 'modeler-keyboard-pasted');

    // Ctrl+A selects every element of the diagram
    await page.keyboard.press('Escape');
    await clickShape(task);
    await page.keyboard.press('Control+A');
    const all = await diagram();
    expect(all.selected.length).toBeGreaterThan(1);
    // (every element, its label too when it has one)
    expect(all.selected).toEqual(expect.arrayContaining(all.ids));

    // and typing in the properties panel does not reach the canvas: Delete edits the text there
    await page.keyboard.press('Escape');
    await clickShape(task);
    const name = page
      .locator(
        '[data-testid="modeler-properties"] [data-entry-id="name"] textarea, [data-testid="modeler-properties"] [data-entry-id="name"] input',
      )
      .first();
    await name.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    expect((await diagram()).ids).toContain(task);
  }, 180_000);
});
