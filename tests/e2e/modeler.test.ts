// biome-ignore-all lint/suspicious/noExplicitAny: bpmn-js services in the page are untyped.
import { ApiClient } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { inModeler } from '../support/modelerPage';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer('e2e_modeler', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const business = '000104001000';
const food = '000131024000';
const fire = '000125049000';

/** 开办糕点店: composed in the Studio, then refined in the modeler. */
const pastry = {
  key: 'pastry',
  name: { zh: '开办糕点店', en: 'Open a pastry shop' },
  description: {
    zh: '营业执照办结后办理食品经营许可；大店另办消防检查。',
    en: 'Business licence, then food; fire above 300 m².',
  },
  leadDepartmentId: 'market',
  items: [{ itemCode: business }, { itemCode: food }, { itemCode: fire, when: 'shop.area > 300' }],
  prerequisites: [
    { before: business, after: food },
    { before: business, after: fire },
  ],
};

async function loginAs(username: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function openModeler(page: Page, key: string) {
  await page.goto(`${server.url}/studio/model`);
  await page.getByTestId(`modeler-open-${key}`).click();
  await page.waitForURL(new RegExp(`/studio/model/${key}$`));
  await page.locator('[data-testid="modeler-canvas"] .djs-element').first().waitFor();
  await page.getByTestId('modeler-lint').getByText('校验通过').waitFor();
}

/** Selects an element (what clicking it does) and waits for the properties panel to show it. */
async function clickElement(page: Page, id: string) {
  await inModeler(
    page,
    (get, elementId) => {
      const element = get('elementRegistry').get(elementId);
      get('canvas').scrollToElement(element);
      get('selection').select(element);
    },
    id,
  );
  // The panel's id entry holds the element's id as its value (a property, not an attribute).
  await page.waitForFunction(
    (elementId) =>
      document.querySelector<HTMLInputElement>('[data-testid="modeler-properties"] input[name="id"]')
        ?.value === elementId,
    id,
    { timeout: 10_000 },
  );
}

/** Types into a properties-panel entry: a text field, or the FEEL editor (CodeMirror). */
async function typeInto(page: Page, entryId: string, text: string) {
  const entry = page.locator(`[data-entry-id="${entryId}"]`);
  const editor = entry.locator('.cm-content, input, textarea').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

describe('Given a designer refining a composed bundle in the modeler', () => {
  let designerApi: ApiClient;
  beforeAll(async () => {
    designerApi = await new ApiClient(server.url).login('designer');
    const published = await designerApi.post('/api/bundles', pastry);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
  });

  it('adds a gateway with a FEEL condition and a countersign step, changes a step limit, deploys; filings reach the new step', async () => {
    const page = await loginAs('designer');
    await openModeler(page, pastry.key);
    await screenshot(page, 'modeler-opened');

    // The palette offers only what the engine runs: a user task, no plain/service task, no pools.
    const palette = await page
      .locator('.djs-palette .entry')
      .evaluateAll((entries) => entries.map((e) => e.getAttribute('data-action')));
    expect(palette).toContain('create.user-task');
    expect(palette).toContain('create.exclusive-gateway');
    expect(palette).not.toContain('create.task');
    expect(palette).not.toContain('create.participant-expanded');

    // When the designer puts an exclusive gateway and a countersign step between the business
    // licence and the food licence (what the context pad's append and connect do)
    await inModeler(
      page,
      (get, to) => {
        const registry = get('elementRegistry');
        const modeling = get('modeling');
        const food = registry.get(to);
        const flow = food.incoming[0];
        const from = flow.source;
        modeling.removeConnection(flow);
        // Below everything drawn so far, so nothing overlaps.
        const bottom = Math.max(
          ...registry
            .filter((e: { waypoints?: unknown; y?: number }) => !e.waypoints && Number.isFinite(e.y))
            .map((e: { y: number; height: number }) => e.y + e.height),
        );
        const gateway = modeling.appendShape(
          from,
          { type: 'bpmn:ExclusiveGateway' },
          { x: from.x + 25, y: bottom + 70 },
        );
        modeling.updateProperties(gateway, { id: 'Gateway_size', name: '面积大于300㎡？' });
        const task = modeling.appendShape(
          gateway,
          { type: 'bpmn:UserTask' },
          { x: gateway.x + 220, y: bottom + 70 },
        );
        modeling.updateProperties(task, { id: 'Task_jointSurvey' });
        modeling.connect(task, food);
        const direct = modeling.connect(gateway, food);
        modeling.updateProperties(gateway, { default: direct.businessObject });
      },
      `Item_${food}`,
    );

    // And in the properties panel names the step, makes it a countersign of fire and urban
    await clickElement(page, 'Task_jointSurvey');
    await typeInto(page, 'name', '联合踏勘');
    await page.locator('[data-entry-id="yj-countersign"] select').selectOption('all');
    await typeInto(page, 'yj-assignees', 'fire,urban');
    await page.locator('[data-entry-id="yj-limit-statutory"]').waitFor();
    await typeInto(page, 'yj-limit-statutory', '3');
    await screenshot(page, 'modeler-countersign');

    // And writes the FEEL condition of the flow to it (the FEEL editor checks it as it is typed)
    const flowToTask = await inModeler(
      page,
      (get) =>
        get('elementRegistry').filter(
          (e: { type: string; businessObject: { targetRef?: { id: string } } }) =>
            e.type === 'bpmn:SequenceFlow' && e.businessObject.targetRef?.id === 'Task_jointSurvey',
        )[0].id,
    );
    await clickElement(page, flowToTask);
    await typeInto(page, 'yj-condition', 'shop.area > 300');
    const stored = await inModeler(
      page,
      (get, id) => get('elementRegistry').get(id).businessObject.conditionExpression?.body,
      flowToTask,
    );
    expect(stored).toBe('=shop.area > 300');
    await screenshot(page, 'modeler-condition');

    // And changes a step limit: the food licence's review gets 7 working days
    await clickElement(page, `Item_${food}_review`);
    await typeInto(page, 'yj-limit-statutory', '7');
    const limit = await inModeler(
      page,
      (get, id) =>
        get('elementRegistry')
          .get(id)
          .businessObject.extensionElements.values.map(
            (v: { value: number; kind: string }) => `${v.kind}:${v.value}`,
          ),
      `Item_${food}_review`,
    );
    expect(limit).toContain('statutory:7');

    // Undo and redo are bpmn-js's: undo takes the limit back, redo puts it again
    await page.getByRole('button', { name: '撤销' }).click();
    await page.getByRole('button', { name: '重做' }).click();

    // Then the live check is clean, and deploying makes version 2
    await page.getByTestId('modeler-lint').getByText('校验通过').waitFor();
    await page.getByTestId('modeler-deploy').click();
    await page.getByText('已部署为 v2').waitFor();
    await screenshot(page, 'modeler-deployed');

    // When an applicant files it with a large shop, the countersign opens in fire's and urban's queues
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const detail = await applicant.get(`/api/bundles/${pastry.key}`);
    expect(detail.body.version).toBe(2);
    const answers = Object.fromEntries(
      (
        detail.body.form.components as {
          key: string;
          type: string;
          validate?: Record<string, unknown>;
          values?: { value: unknown }[];
        }[]
      ).map((f) => [f.key, sample(f)]),
    );
    const filed = await applicant.post('/api/cases', { bundleKey: pastry.key, form: answers });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    await acceptAtWindow(server.url, filed.body.id);
    const opened = await driveUntil(filed.body.id, (t) => t.elementId === 'Task_jointSurvey');
    expect(new Set(opened.map((t) => t.departmentId))).toEqual(new Set(['fire', 'urban']));
    const fireClerk = await loginAs('fire.clerk');
    await fireClerk.goto(`${server.url}/inbox`);
    await fireClerk.getByText('联合踏勘').first().waitFor();
    await screenshot(fireClerk, 'modeler-new-step-in-fire-queue');
  });

  it('shows an unsupported element, a gateway without a way out and a FEEL syntax error on the elements, and the server refuses with the same words', async () => {
    const page = await loginAs('designer');
    await openModeler(page, pastry.key);

    // An unsupported element (as an imported or pasted model brings it; the palette offers none)
    await inModeler(page, (get) => {
      const root = get('canvas').getRootElement();
      const robot = get('modeling').createShape({ type: 'bpmn:ServiceTask' }, { x: 700, y: 560 }, root);
      get('modeling').updateProperties(robot, { id: 'Task_robot', name: '自动核验' });
    });
    // A gateway drawn from the palette, with no outgoing flow
    await page.locator('.djs-palette .entry[data-action="create.exclusive-gateway"]').click();
    const canvas = await page.getByTestId('modeler-canvas').boundingBox();
    await page.mouse.click(canvas!.x + 200, canvas!.y + canvas!.height - 80);
    const gatewayId = await inModeler(page, (get) =>
      get('elementRegistry')
        .filter(
          (e: { type: string; outgoing: unknown[] }) =>
            e.type === 'bpmn:ExclusiveGateway' && e.outgoing.length === 0,
        )
        .map((e: { id: string }) => e.id)
        .at(-1),
    );
    expect(gatewayId).toBeTruthy();
    // A condition with a FEEL syntax error
    const flowToTask = await inModeler(
      page,
      (get) =>
        get('elementRegistry').filter(
          (e: { type: string; businessObject: { targetRef?: { id: string } } }) =>
            e.type === 'bpmn:SequenceFlow' && e.businessObject.targetRef?.id === 'Task_jointSurvey',
        )[0].id,
    );
    await clickElement(page, flowToTask);
    await typeInto(page, 'yj-condition', 'shop.area >');

    // Then the live check marks each element with the engine's sentence
    const lint = page.getByTestId('modeler-lint-list');
    await lint.getByText('不支持服务任务（ServiceTask）').waitFor();
    await lint.getByText('没有出口').first().waitFor();
    await lint.getByText('不是有效的 FEEL').waitFor();
    for (const id of ['Task_robot', gatewayId, flowToTask]) {
      await page.locator(`.djs-overlays[data-container-id="${id}"] .bjsl-overlay`).first().waitFor();
    }
    const shown = await problems(page, 'modeler-lint-list');
    await screenshot(page, 'modeler-lint-errors');

    // And deploying is refused by the server with the same words on the same elements
    await page.getByTestId('modeler-deploy').click();
    await page.getByTestId('modeler-refusal').waitFor();
    const refused = await problems(page, 'modeler-refusal-list');
    expect(refused.sort()).toEqual(shown.sort());
    for (const id of ['Task_robot', gatewayId, flowToTask])
      expect(refused.some((p) => p.startsWith(`${id} `))).toBe(true);
    await screenshot(page, 'modeler-refused');

    // The English switch keeps the drawing and says the same in English, live and from the server
    await page.getByRole('button', { name: 'English' }).click();
    const english = page.getByTestId('modeler-lint-list');
    await english
      .getByText(
        'ServiceTask is not supported; use a user task routed to a department (yj:department) instead.',
      )
      .waitFor();
    await english
      .getByText(/^No way out/)
      .first()
      .waitFor();
    await page.getByTestId('modeler-deploy').click();
    await page
      .getByTestId('modeler-refusal-list')
      .getByText(/ServiceTask is not supported/)
      .waitFor();
    expect((await problems(page, 'modeler-refusal-list')).sort()).toEqual(
      (await problems(page, 'modeler-lint-list')).sort(),
    );
    await screenshot(page, 'modeler-refused-en');
  });
});

async function problems(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('.ant-list-item')
    .evaluateAll((items) =>
      items.map((item) =>
        `${item.querySelector('.ant-tag')?.textContent ?? ''} ${item.querySelector('span:not(.ant-tag)')?.textContent ?? ''}`.trim(),
      ),
    );
}

/** Completes open tasks (approving) until one matches; returns the matching open tasks. */
async function driveUntil(
  caseId: string,
  match: (t: { elementId: string; departmentId: string }) => boolean,
) {
  const admin = await new ApiClient(server.url).login('admin');
  for (let round = 0; round < 30; round++) {
    const kase = await admin.get(`/api/cases/${caseId}`);
    const tasks = kase.body.tasks as {
      id: string;
      elementId: string;
      departmentId: string;
      status: string;
    }[];
    const open = tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
    const hits = open.filter(match);
    if (hits.length > 0) return hits;
    for (const task of open) {
      const clerk = await new ApiClient(server.url).login(`${task.departmentId}.clerk`);
      const done = await concludeStep(clerk, task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
  }
  throw new Error('the new step never opened');
}

function sample(field: { type: string; validate?: Record<string, unknown>; values?: { value: unknown }[] }) {
  const v = (field.validate ?? {}) as { min?: number; max?: number; pattern?: string; maxLength?: number };
  switch (field.type) {
    case 'checkbox':
      return true;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    default:
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
  }
}
