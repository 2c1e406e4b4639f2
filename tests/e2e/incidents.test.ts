import { ApiClient } from '@yijian/examples';
import type { FormField } from '@yijian/process-library';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shotWithoutToasts } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Incidents in the web app (issue 9, acceptance 7): a case stuck on a condition that reads an
 * answer the applicant left empty shows red with its message on the manager's monitor and case
 * page; the applicant sees only that a technical problem is being handled; an admin enters the
 * answer with a reason and retries, and the case moves on.
 */
let server: TestServer;
let browser: Browser;
const capital = 'entity.registeredCapital';

beforeAll(async () => {
  server = await startTestServer('e2e_incidents', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const as = (username: string) => new ApiClient(server.url).login(username);

async function loginAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** A valid answer for every field but the optional registered capital. */
function answersFor(fields: FormField[]): Record<string, unknown> {
  return Object.fromEntries(
    fields
      .filter((f) => f.key !== capital)
      .map((f) => {
        const v = f.validate ?? {};
        if (f.type === 'checkbox') return [f.key, false];
        if (f.type === 'select') return [f.key, f.values?.[0]?.value];
        if (f.type === 'number') return [f.key, Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400))];
        if (v.pattern === '^[0-9]{17}[0-9Xx]$') return [f.key, '11010519491231002X'];
        if (v.pattern === '^1[3-9][0-9]{9}$') return [f.key, '13800138000'];
        return [f.key, '示例内容示例内容'.slice(0, v.maxLength ?? 8)];
      }),
  );
}

/** Completes the open steps with their departments' clerks until none is left. */
async function workOpenSteps(caseId: string) {
  const admin = await as('admin');
  for (let round = 0; round < 20; round++) {
    const open = (await admin.get(`/api/cases/${caseId}`)).body.openTasks as {
      id: string;
      departmentId: string;
    }[];
    if (open.length === 0) return;
    for (const task of open) {
      const clerk = await as(`${task.departmentId}.clerk`);
      expect((await concludeStep(clerk, task.id)).status).toBe(200);
    }
  }
}

describe('Given a case stuck on a condition that reads an empty answer', () => {
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    // A bundle whose signage item applies above 1,000,000 yuan of registered capital (optional)
    const designer = await as('designer');
    const published = await designer.post('/api/bundles', {
      key: 'companySign',
      name: { zh: '开办公司并设置招牌', en: 'Open a company with a shop sign' },
      description: {
        zh: '营业执照办结后，注册资本超过100万元的设置户外招牌。',
        en: 'After the business licence: the shop sign above 1,000,000 yuan of registered capital.',
      },
      leadDepartmentId: 'market',
      items: [{ itemCode: '000104001000' }, { itemCode: '000143017000', when: `${capital} > 100` }],
      prerequisites: [{ before: '000104001000', after: '000143017000' }],
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const applicant = await as('lisi');
    const form = (await applicant.get('/api/bundles/companySign')).body.form.components as FormField[];
    const filed = await applicant.post('/api/cases', { bundleKey: 'companySign', form: answersFor(form) });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    caseId = filed.body.id;
    caseNumber = filed.body.caseNumber;
    await acceptAtWindow(server.url, caseId);
    await workOpenSteps(caseId);
    const stuck = (await (await as('manager')).get(`/api/cases/${caseId}`)).body;
    expect(stuck.incidents, 'the case should be stuck at the signage condition').toHaveLength(1);
  });

  it('should show the manager the incident with its message on the monitor and the case page', async () => {
    const page = await loginAs('manager');
    await page.goto(`${server.url}/monitor`);

    // Then the open-incidents card lists the case with the message, in Chinese
    const row = page.getByTestId(`monitor-incident-row-${caseNumber}`);
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain(`条件“${capital} > 100”`);
    // and the case list shows it red as an incident, not green
    const caseRow = page.getByTestId(`monitor-row-${caseNumber}`);
    await caseRow.getByTestId('incident-tag').waitFor();
    expect(await caseRow.locator('[data-light="green"]').count()).toBe(0);
    await shotWithoutToasts(page, 'incidents-01-monitor-manager');

    // When the manager opens the case from the incident list
    await row.getByRole('link', { name: caseNumber }).click();
    await page.waitForURL(`**/cases/${caseId}`);
    // Then a red alert names the step and carries the message in Chinese; a manager cannot retry
    const alert = page.getByTestId('case-incidents');
    await alert.waitFor();
    const message = alert.getByTestId('incident-message');
    expect(await message.textContent()).toMatch(
      new RegExp(
        `^条件“${capital.replace('.', '\\.')} > 100”（流向 \\S+，在 \\S+ 之后）的结果为 null（FEEL 空值），不是真或假.*；请修正它读取的变量或条件。$`,
      ),
    );
    // and so does the timeline's entry for it
    const raised = page.getByTestId('case-timeline').locator('[data-event-type="incident.raised"]');
    expect(await raised.textContent()).toContain('的结果为 null（FEEL 空值），不是真或假');
    expect(await page.getByTestId('incident-retry').count()).toBe(0);
    await page.getByTestId('incident-tag').first().waitFor();
    await shotWithoutToasts(page, 'incidents-02-case-manager');

    // And in English the alert says where the case is stuck, and the message is the English one
    await page.getByTestId('lang-switch').click();
    await alert.getByText('Incident at').first().waitFor();
    expect(await message.textContent()).toMatch(
      new RegExp(
        `^The condition "${capital.replace('.', '\\.')} > 100" on flow \\S+ \\(after \\S+\\) gave null, a FEEL null, not true or false`,
      ),
    );
    expect(await raised.textContent()).toContain('gave null, a FEEL null, not true or false');
    await shotWithoutToasts(page, 'incidents-02-case-manager-en');

    // And the diagram marks the element where the case is stuck
    await page.goto(`${server.url}/bundles/companySign/diagram?case=${caseId}`);
    await page.getByTestId('bpmn-canvas').locator('.djs-element.yj-incident').first().waitFor();
    await shotWithoutToasts(page, 'incidents-02-diagram-manager');
    await page.context().close();
  });

  it('should tell the applicant only that a technical problem is being handled', async () => {
    const page = await loginAs('lisi');
    await page.goto(`${server.url}/cases/${caseId}`);
    const notice = page.getByTestId('incident-being-handled');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('一个技术问题正在处理');
    expect(await page.locator('body').textContent()).not.toContain(capital);
    await shotWithoutToasts(page, 'incidents-03-case-applicant');
    await page.context().close();
  });

  it('should let the admin enter the answer with a reason and retry, and the case moves on', async () => {
    const page = await loginAs('admin');
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('incident-retry').click();
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('retry-confirm') });
    await dialog.waitFor();
    // antd puts the test id on the InputNumber's own input, or on a wrapper around it.
    const testId = `variable-${capital}`;
    await dialog
      .locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`)
      .first()
      .fill('500');
    await dialog.getByTestId('retry-reason').fill('申请人电话补报注册资本500万元');
    await shotWithoutToasts(page, 'incidents-04-retry-dialog');
    await page.getByTestId('retry-confirm').click();

    // Then the incident is gone and the timeline records the edit and the resolution
    await page.getByTestId('case-incidents').waitFor({ state: 'detached' });
    const timeline = page.getByTestId('case-timeline');
    await timeline.locator('[data-event-type="case.variablesEdited"]').waitFor();
    await timeline.locator('[data-event-type="incident.resolved"]').waitFor();
    expect(await timeline.locator('[data-event-type="case.variablesEdited"]').textContent()).toContain('500');
    await shotWithoutToasts(page, 'incidents-05-case-resolved-admin');
    await page.context().close();

    // And the signage step opened for the urban department
    const after = (await (await as('admin')).get(`/api/cases/${caseId}`)).body;
    expect(after.incidents).toEqual([]);
    expect(after.openTasks.map((t: { departmentId: string }) => t.departmentId)).toContain('urban');
  });
});
