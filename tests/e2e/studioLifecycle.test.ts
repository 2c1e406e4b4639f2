import { ApiClient } from '@yijian/examples';
import type { FormField, FormSchema } from '@yijian/process-library';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const food = '000131024000';
const fire = '000125049000';
const signage = '000143017000';

let server: TestServer;
let browser: Browser;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

const bakery = {
  key: 'bakery',
  name: { zh: '开办烘焙坊', en: 'Open a bakery' },
  description: { zh: '营业执照办结后并联办理。', en: 'After the business licence, in parallel.' },
  leadDepartmentId: 'market',
  items: [
    { itemCode: business },
    { itemCode: food },
    { itemCode: signage },
    { itemCode: fire, when: 'shop.area > 300' },
  ],
  prerequisites: [
    { before: business, after: food },
    { before: business, after: signage },
    { before: business, after: fire },
  ],
};
const bakeryV2 = {
  ...bakery,
  items: [{ itemCode: business }, { itemCode: food }, { itemCode: fire, when: 'shop.area > 200' }],
  prerequisites: bakery.prerequisites.filter((p) => p.after !== signage),
};
const teashop = {
  ...bakery,
  key: 'teashop',
  name: { zh: '开办茶饮店', en: 'Open a tea shop' },
};

function sampleAnswer(field: FormField, area: number): unknown {
  const v = field.validate ?? {};
  switch (field.type) {
    case 'checkbox':
      return false;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      return field.key === 'shop.area' ? area : Math.min(v.max ?? 10, Math.max(v.min ?? 0, 10));
    default:
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
  }
}

async function answers(key: string, area: number): Promise<Record<string, unknown>> {
  const detail = await (await as('designer')).get(`/api/bundles/${key}`);
  return Object.fromEntries(
    (detail.body.form as FormSchema).components.map((f) => [f.key, sampleAnswer(f, area)]),
  );
}

async function file(key: string, area: number): Promise<string> {
  const filed = await (await as('zhangsan')).post('/api/cases', {
    bundleKey: key,
    form: await answers(key, area),
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body.id as string;
}

async function driveToConclusion(caseId: string): Promise<number> {
  let worked = 0;
  for (let round = 0; round < 50; round++) {
    const detail = await (await as('admin')).get(`/api/cases/${caseId}`);
    if (detail.body.status === 'concluded') return worked;
    for (const task of detail.body.openTasks as { id: string; departmentId: string }[]) {
      const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      worked++;
    }
  }
  throw new Error(`case ${caseId} did not conclude`);
}

beforeAll(async () => {
  server = await startTestServer('e2e_studio_lifecycle', { web: true });
  browser = await launchChromium();
  const designer = await as('designer');
  for (const body of [teashop, bakery]) expect((await designer.post('/api/bundles', body)).status).toBe(201);
  await file('bakery', 400);
  expect((await designer.post('/api/bundles', bakeryV2)).body.version).toBe(2);
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function loginAs(username: string, viewport = { width: 1360, height: 860 }): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function giveReason(page: Page, reason: string) {
  await page.getByTestId('reason-input').fill(reason);
  await page.getByTestId('reason-ok').click();
  await page.getByTestId('reason-input').waitFor({ state: 'detached' });
}

describe('Given a designer in the Studio’s versions pages', () => {
  it('should withdraw a bundle from applicants (filing refused 409, a filed case still concludes) and restore it', async () => {
    // Given a tea-shop case filed and accepted before the withdrawal
    const running = await file('teashop', 400);

    // When the designer withdraws the bundle with a reason
    const page = await loginAs('designer');
    await page.goto(`${server.url}/studio/versions`);
    await page.getByTestId('definition-retire-teashop').click();
    await giveReason(page, '试点结束，暂停受理');
    await expect.poll(() => page.getByTestId('definition-state-teashop').innerText()).toBe('已撤下');
    await screenshot(page, 'studio-versions-withdrawn');

    // Then an applicant (on a phone) no longer sees it, and its guide says it is withdrawn
    const phone = await loginAs('zhangsan', { width: 390, height: 844 });
    await phone.goto(`${server.url}/apply`);
    await phone.getByTestId('bundle-open-bakery').waitFor();
    expect(await phone.getByTestId('bundle-open-teashop').count()).toBe(0);
    await screenshot(phone, 'studio-apply-list-without-withdrawn-phone');
    await phone.goto(`${server.url}/guide/teashop`);
    await phone.getByTestId('guide-withdrawn').waitFor();
    expect(await phone.getByTestId('guide-apply').count()).toBe(0);
    await screenshot(phone, 'studio-guide-withdrawn-phone');

    // And a new filing is refused with 409
    const refused = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'teashop',
      form: await answers('teashop', 100),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('bundle_retired');

    // And the case filed before runs every remaining step to conclusion
    expect(await driveToConclusion(running)).toBeGreaterThan(4);

    // When the designer restores it, applicants see it again
    await page.getByTestId('definition-restore-teashop').click();
    await giveReason(page, '恢复受理');
    await expect.poll(() => page.getByTestId('definition-state-teashop').innerText()).toBe('受理中');
    await phone.goto(`${server.url}/apply`);
    await phone.getByTestId('bundle-open-teashop').waitFor();
  });

  it('should show the versions with their running cases and a diff of two versions, and dry-run a migration', async () => {
    const page = await loginAs('designer');
    await page.goto(`${server.url}/studio/versions`);
    await page.getByTestId('definition-open-bakery').click();
    await page.getByTestId('version-row-2').waitFor();
    expect(await page.getByTestId('version-running-1').innerText()).toBe('1');
    expect(await page.getByTestId('version-running-2').innerText()).toBe('0');

    // When they compare version 1 with version 2
    await page.getByTestId('diff-run').click();
    // Then the removed signage item and the changed fire-check condition are listed
    await page.getByTestId(`diff-removed-Item_${signage}`).waitFor();
    expect(await page.getByTestId(`diff-removed-Item_${signage}`).innerText()).toContain('户外招牌设置');
    expect(await page.getByTestId(`diff-changed-Flow_Fork_2_Item_${fire}`).innerText()).toContain(
      'shop.area > 200',
    );

    // And a dry run of the migration says which case would move
    await page.getByTestId('migrate-reason').fill('迁移到第二版');
    await page.getByTestId('migrate-dry-run').click();
    await page.getByTestId('migrate-result').waitFor();
    expect(await page.getByTestId('migrate-result').innerText()).toMatch(/可迁移 1 件/);
    await screenshot(page, 'studio-versions-diff');

    // And a deployed version can be test-run too: version 1 with a large shop takes the fire check
    await page.getByTestId('version-test-run-1').click();
    await page.getByTestId('testrun-outcome').waitFor();
    const area = page.getByTestId('testrun-answer-shop.area');
    const input = (await area.evaluate((e) => e.tagName)) === 'INPUT' ? area : area.locator('input');
    await input.fill('400');
    await page.getByTestId('testrun-run').click();
    await expect.poll(() => page.getByTestId(`testrun-item-${fire}`).innerText()).toMatch(/\t办理/);
    expect(await page.getByTestId(`testrun-item-${signage}`).innerText()).toMatch(/\t办理/);

    // And in English, the page reads in English
    await page.getByTestId('lang-switch').click();
    await page.getByText('Compare versions').waitFor();
    await screenshot(page, 'studio-versions-en');
  });

  it('should test-run a draft with answers that skip the fire check and see it skipped on the diagram', async () => {
    const page = await loginAs('designer');
    await page.goto(`${server.url}/studio/versions/bakery`);
    await page.getByTestId('tab-drafts').click();
    await page.getByTestId('draft-from-composition').click();
    await page.getByTestId('testrun-panel').waitFor();

    // Given the first run, with no answers: the fire check's condition compares a null shop area,
    // and the problem names the gateway and reads in Chinese
    const problems = page.getByTestId('testrun-problems');
    await problems.waitFor();
    const problemText = await problems.innerText();
    expect(problemText).toContain('Fork_');
    expect(problemText).toContain('条件“shop.area');
    expect(problemText).not.toMatch(/\bThe (condition|FEEL)\b/);
    await screenshot(page, 'studio-test-run-problems');

    // When the designer answers a 120 m² shop and runs it
    const area = page.getByTestId('testrun-answer-shop.area');
    await area.waitFor();
    const input = (await area.evaluate((e) => e.tagName)) === 'INPUT' ? area : area.locator('input');
    await input.fill('120');
    await page.getByTestId('testrun-run').click();

    // Then the fire check is skipped, with the condition that skipped it, also on the diagram
    const skipped = page.getByTestId(`testrun-skipped-by-${fire}`);
    await skipped.waitFor();
    // (the current composition is version 2: the fire check from 200 m²)
    expect(await skipped.innerText()).toContain('shop.area > 200');
    expect(await page.getByTestId(`testrun-item-${food}`).innerText()).toContain('办理');
    await page.getByTestId(`testrun-skip-badge-${fire}`).waitFor();
    expect(await page.locator('[data-testid="testrun-diagram"] .yj-path').count()).toBeGreaterThan(10);
    await page.getByTestId('testrun-outcome').waitFor();
    await screenshot(page, 'studio-test-run');

    // And a .bpmn the engine cannot run is refused on import, naming the element
    const exported = await fetch(`${server.url}/api/definitions/bakery/versions/1/bpmn`, {
      headers: { authorization: `Bearer ${(await as('designer')).token}` },
    }).then((r) => r.text());
    const broken = exported
      .replace(/<bpmn:outgoing>Flow_Join_2_End_concluded<\/bpmn:outgoing>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_Join_2_End_concluded"[^>]*\/>/, '');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('draft-import').click();
    await (await chooser).setFiles({
      name: 'broken.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(broken),
    });
    const refusal = page.getByTestId('import-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/broken.bpmn 未导入.*Join_2/s);
    await screenshot(page, 'studio-import-refused');
  });

  it('should reopen a composition draft in the composer, change a condition and a wait, save it back and publish it', async () => {
    // Given a composition draft of the bakery
    const designer = await as('designer');
    const created = await designer.post('/api/definitions/bakery/drafts', {
      kind: 'composition',
      name: '就地编辑草稿',
      composition: bakeryV2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await loginAs('designer');
    await page.goto(`${server.url}/studio/versions/bakery`);
    await page.getByTestId('tab-drafts').click();

    // When 编辑 opens it in the composer
    await page.getByTestId(`draft-row-${created.body.id}`).getByTestId('draft-edit').click();
    await page.waitForURL(/\/studio\/compose\?draft=/);
    await page.getByTestId('compose-draft').getByText('就地编辑草稿').waitFor();
    const key = page.getByTestId('compose-key');
    expect(await key.inputValue()).toBe('bakery');
    expect(await key.isDisabled()).toBe(true);
    const when = page.getByTestId(`compose-when-${fire}`);
    expect(await when.inputValue()).toBe('shop.area > 200');

    // and the fire check now applies from 150 m² and waits for the food licence too
    await when.fill('shop.area > 150');
    await page.getByTestId(`compose-after-${fire}`).click();
    await page.locator('.ant-select-item-option', { hasText: food }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('compose-save-draft').click();
    await page.getByText('已保存草稿「就地编辑草稿」').first().waitFor();

    // Then the same draft holds the change
    const saved = (await designer.get(`/api/definition-drafts/${created.body.id}`)).body;
    expect(saved.composition.items).toContainEqual({ itemCode: fire, when: 'shop.area > 150' });
    expect(saved.composition.prerequisites).toContainEqual({ before: food, after: fire });
    await screenshot(page, 'compose-draft-saved');
    const phone = await loginAs('designer', { width: 390, height: 844 });
    await phone.goto(`${server.url}/studio/compose?draft=${created.body.id}`);
    await phone.getByTestId('compose-draft').waitFor();
    await screenshot(phone, 'compose-draft-phone');

    // And a save after someone else saved it is refused with 409, nothing overwritten
    await designer.request('PUT', `/api/definition-drafts/${created.body.id}`, {
      updatedAt: saved.updatedAt,
      name: '他人改名',
    });
    await when.fill('shop.area > 100');
    await page.getByTestId('compose-save-draft').click();
    await page
      .getByTestId('compose-errors')
      .getByText(/草稿已于 .* 被他人保存/)
      .waitFor();
    expect(
      (await designer.get(`/api/definition-drafts/${created.body.id}`)).body.composition.items,
    ).toContainEqual({ itemCode: fire, when: 'shop.area > 150' });

    // When it is opened again and published from the composer
    await page.reload();
    await page.getByTestId('compose-draft').getByText('他人改名').waitFor();
    expect(await when.inputValue()).toBe('shop.area > 150');
    await page.getByTestId('compose-publish').click();
    await page.getByTestId('compose-published').waitFor();
    const composition = (await designer.get('/api/bundles/bakery/composition')).body;
    expect(composition.items).toContainEqual({ itemCode: fire, when: 'shop.area > 150' });
    await screenshot(page, 'compose-draft-published');
  });
});
