import { ApiClient, restaurantForm } from '@yijian/examples';
import type { FormField } from '@yijian/process-library';
import { runDueJobs } from '@yijian/runtime-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAndWaitGone, launchChromium, screenshot, shotWithoutToasts } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { uploadRequestedMaterials } from '../support/materials';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The statutory clock in the web app (DOMAIN rules 5–9, 13): the window's one-time correction
 * notice, the applicant's corrections on the case page, acceptance, a special procedure pausing
 * the clock, a manager's extension, and the monitor's charts. Days are simulated on the server
 * (2026, real holiday calendar) so some background cases are overdue when the manager looks.
 */
let server: TestServer;
let browser: Browser;
let today = '2026-03-02T02:00:00.000Z';
const on = (date: string) => {
  today = `${date}T02:00:00.000Z`;
};

beforeAll(async () => {
  server = await startTestServer('e2e_statutory_clock', { web: true, clock: () => today });
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
    viewport: { width: 1360, height: 860 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** A valid answer for every field of a bundle's combined form (hidden ones the server drops). */
function answersFor(fields: FormField[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map((f) => {
      const v = f.validate ?? {};
      if (f.type === 'checkbox') return [f.key, true];
      if (f.type === 'select') return [f.key, f.values?.[0]?.value];
      if (f.type === 'number') return [f.key, Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400))];
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return [f.key, '11010519491231002X'];
      if (v.pattern === '^1[3-9][0-9]{9}$') return [f.key, '13800138000'];
      return [f.key, '示例内容示例内容'.slice(0, v.maxLength ?? 8)];
    }),
  );
}

async function file(bundleKey: string, username = 'lisi'): Promise<{ id: string; caseNumber: string }> {
  const applicant = await as(username);
  const form =
    bundleKey === 'restaurant'
      ? restaurantForm
      : answersFor((await applicant.get(`/api/bundles/${bundleKey}`)).body.form.components);
  const filed = await applicant.post('/api/cases', { bundleKey, form });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return filed.body;
}

describe('Given a restaurant application that is incomplete, among other open cases', () => {
  it('should go through one correction notice, acceptance, a paused clock and an extension, visibly', async () => {
    // Given cases accepted four weeks ago (now overdue), one accepted last week, one deemed
    // accepted because nobody at the window answered, and one still at the window
    on('2026-03-02');
    for (const key of ['restaurant', 'convenienceStore', 'clinic']) {
      const kase = await file(key);
      await acceptAtWindow(server.url, kase.id);
    }
    on('2026-03-23');
    const deemed = await file('restaurant');
    await acceptAtWindow(server.url, (await file('kindergarten')).id);
    on('2026-03-31');
    const atWindow = await file('secondHandFlat');
    on('2026-04-01');
    await runDueJobs(server.ctx);

    // When 张三 files a restaurant application today
    const kase = await file('restaurant', 'zhangsan');

    // Then the market window sees its intake step, tagged 预审受理, with the window's decisions
    const clerk = await loginAs('market.clerk');
    await clerk.goto(`${server.url}/inbox`);
    const intakeRow = clerk.getByTestId(`queue-row-${kase.caseNumber}-intake`);
    await intakeRow.waitFor();
    expect(await intakeRow.innerText()).toContain('预审受理');
    await intakeRow.locator('[data-testid^="intake-correction-"]').waitFor();
    expect(await intakeRow.locator('[data-testid^="complete-"]').count()).toBe(0);
    await screenshot(clerk, 'clock-01-clerk-inbox-intake');
    // (and in English)
    await clerk.getByTestId('lang-switch').click();
    await intakeRow.getByText('Correction notice').waitFor();
    await screenshot(clerk, 'clock-01-clerk-inbox-intake-en');
    await clerk.getByTestId('lang-switch').click();

    // When the clerk tells both corrections at once (一次性补正告知)
    await intakeRow.locator('[data-testid^="intake-correction-"]').click();
    // The notice opens with every required material still missing, each once
    await expect
      .poll(async () => clerk.getByTestId('intake-correction-subject-0').locator('input').inputValue())
      .not.toBe('');
    const prefilled = await clerk.locator('[data-testid^="intake-correction-subject-"]').count();
    expect(await clerk.getByTestId('intake-correction-reason-0').inputValue()).toBe('未提交，请补交');
    // and the clerk adds what else is wrong
    await clerk.getByTestId('intake-correction-add').click();
    await clerk.getByTestId(`intake-correction-subject-${prefilled}`).locator('input').fill('租赁合同');
    await clerk.getByTestId(`intake-correction-reason-${prefilled}`).fill('未加盖出租方印章');
    await clerk.getByTestId('intake-correction-add').click();
    await clerk
      .getByTestId(`intake-correction-subject-${prefilled + 1}`)
      .locator('input')
      .fill('经营地址');
    await clerk.getByTestId(`intake-correction-reason-${prefilled + 1}`).fill('与租赁合同地址不一致');
    await clerk.getByTestId('intake-correction-note').fill('请一次补齐后提交');
    await screenshot(clerk, 'clock-01b-clerk-correction-modal');
    await actAndWaitGone(
      clerk,
      intakeRow,
      () => clerk.getByTestId('intake-correction-confirm').click(),
      'clock-failed-correction',
    );

    // Then the applicant sees the notice on the case page, with the address to correct
    const applicant = await loginAs('zhangsan');
    await applicant.goto(`${server.url}/cases/${kase.id}`);
    await applicant.locator('[data-testid="case-status"][data-status="correction"]').waitFor();
    const notice = applicant.getByTestId('correction-notice');
    expect(await notice.innerText()).toContain('未加盖出租方印章');
    expect(await notice.innerText()).toContain('与租赁合同地址不一致');
    expect(await notice.innerText()).toContain('请一次补齐后提交');
    const address = applicant.getByTestId('field-shop.address');
    expect(await address.inputValue()).toBe(restaurantForm['shop.address']);
    await screenshot(applicant, 'clock-02-applicant-correction-notice');

    // When the applicant corrects the address and says the lease follows at the window
    await address.fill('北京市朝阳区建国路88号1层');
    await applicant.getByTestId('correction-note').fill('已补盖印章的租赁合同到窗口提交');
    // A note alone does not answer a requested material: each is uploaded on the correction screen
    expect(await uploadRequestedMaterials(applicant)).toBeGreaterThan(0);
    await applicant.getByTestId('correction-submit').click();
    await applicant.locator('[data-testid="case-status"][data-status="preReview"]').waitFor();
    expect(await applicant.getByTestId('case-status').innerText()).toBe('预审中');
    // and reads when the window must have decided (or the law accepts for it)
    await applicant.getByTestId('clock-intake-due').waitFor();

    // And the window accepts the corrected application
    await clerk.reload();
    await intakeRow.waitFor();
    await actAndWaitGone(
      clerk,
      intakeRow,
      async () => {
        await intakeRow.locator('[data-testid^="intake-accept-"]').click();
        await clerk.getByTestId('intake-accept-confirm').click();
      },
      'clock-failed-accept',
    );

    // Then the clock runs from today, the 受理日
    await clerk.goto(`${server.url}/cases/${kase.id}`);
    await clerk.locator('[data-testid="clock-state"][data-state="running"]').waitFor();
    expect(await clerk.getByTestId('clock-start-date').innerText()).toBe('2026-04-01');
    expect(await clerk.getByTestId('case-status').innerText()).toBe('办理中');

    // When the clerk starts an expert review (专家评审) of about 7 working days
    await clerk.getByTestId('clock-pause').click();
    await clerk.getByTestId('pause-procedure').click();
    await clerk.locator('.ant-select-item-option[title="专家评审"]').click();
    await clerk.getByTestId('pause-days').fill('7');
    await clerk.getByTestId('pause-reason').fill('厨房排烟设计需组织专家评审');
    await clerk.getByTestId('pause-confirm').click();

    // Then the clock shows paused, with the pause listed and told in the timeline
    await clerk.locator('[data-testid="clock-state"][data-state="paused"]').waitFor();
    const pause = clerk.getByTestId('clock-pause-expertReview');
    expect(await pause.innerText()).toContain('专家评审');
    expect(await pause.innerText()).toContain('厨房排烟设计需组织专家评审');
    expect(await pause.innerText()).toContain('7 个工作日');
    expect(await clerk.getByTestId('clock-remaining').innerText()).toMatch(/冻结剩余 \d+ 个工作日/);
    const timeline = await clerk.getByTestId('case-timeline').innerText();
    expect(timeline).toContain('暂停计时：专家评审，预计 7 个工作日');
    expect(timeline).toMatch(/发出一次性补正告知（\d+ 项）/);
    expect(timeline).toContain('受理了申请');
    await clerk.getByTestId('clock-resume').waitFor();
    await shotWithoutToasts(clerk, 'clock-03-case-paused');

    // And the step in the market queue is put aside with its days frozen
    await clerk.goto(`${server.url}/inbox`);
    const stepRow = clerk.getByTestId(`queue-row-${kase.caseNumber}-Item_000104001000_intake`);
    await stepRow.locator('[data-testid^="paused-tag-"]').waitFor();

    // When a manager approves a 10-working-day extension
    const manager = await loginAs('manager');
    await manager.goto(`${server.url}/cases/${kase.id}`);
    await manager.getByTestId('clock-extend').click();
    await manager.getByTestId('extend-days').fill('10');
    await manager.getByTestId('extend-reason').fill('涉及多部门联合审查，经批准延期');
    await manager.getByTestId('extend-confirm').click();
    await manager.getByTestId('clock-extension').waitFor();
    expect(await manager.getByTestId('clock-extension').innerText()).toContain('延长 10 个工作日');
    expect(await manager.getByTestId('case-timeline').innerText()).toContain('批准延期 10 个工作日');
    expect(await manager.getByTestId('clock-extend').count()).toBe(0);

    // And the case deemed accepted says so, citing the law
    await manager.goto(`${server.url}/cases/${deemed.id}`);
    await manager.getByTestId('clock-deemed').waitFor();
    expect(await manager.getByTestId('case-timeline').innerText()).toContain('视为受理（逾期未告知补正）');
    await shotWithoutToasts(manager, 'clock-03b-deemed-acceptance');

    // Then the monitor charts lights per bundle and late steps per department, and lists the
    // paused case and the one at the window apart
    await manager.goto(`${server.url}/monitor`);
    await manager.locator('[data-testid="monitor-chart-bundles"] svg').waitFor();
    await manager.locator('[data-testid="monitor-chart-departments"] svg').waitFor();
    await manager.getByTestId(`monitor-paused-row-${kase.caseNumber}`).waitFor();
    await manager.getByTestId(`monitor-window-row-${atWindow.caseNumber}`).waitFor();
    const chartsDrawn = () =>
      Promise.all(
        ['monitor-chart-bundles', 'monitor-chart-departments'].map((id) =>
          manager.locator(`[data-testid="${id}"][data-rendered="true"]`).waitFor(),
        ),
      );
    await chartsDrawn();
    await shotWithoutToasts(manager, 'clock-04-monitor-charts');
    await manager.getByTestId('lang-switch').click();
    await manager.getByText('Open cases by light, per bundle').waitFor();
    await chartsDrawn();
    await screenshot(manager, 'clock-04b-monitor-charts-en');
    await manager.getByTestId('lang-switch').click();

    // And the applicant reads the paused clock and the extension on the case page
    await applicant.reload();
    await applicant.locator('[data-testid="clock-state"][data-state="paused"]').waitFor();
    expect(await applicant.getByTestId('clock-extension').innerText()).toContain('涉及多部门联合审查');
    expect(await applicant.getByTestId('clock-pause').count()).toBe(0);
    await shotWithoutToasts(applicant, 'clock-05-applicant-paused-extended');

    // And 我的办件 lists it as in progress with the clock paused
    await applicant.goto(`${server.url}/my-cases`);
    await applicant.getByText(kase.caseNumber).waitFor();
    await shotWithoutToasts(applicant, 'clock-05b-my-cases');
  });
});

/** Every open step approved by its department's clerk until the case concludes. */
async function driveToConclusion(caseId: string) {
  const applicant = await as('zhangsan');
  for (let round = 0; round < 20; round++) {
    const detail = await applicant.get(`/api/cases/${caseId}`);
    if (detail.body.status === 'concluded') return;
    for (const task of detail.body.openTasks as { id: string; departmentId: string }[]) {
      const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
  }
  throw new Error(`case ${caseId} did not conclude`);
}

describe('Given an accepted case under a special procedure', () => {
  it('should resume the clock, conclude with a hand-over deadline and deliver at the lead window', async () => {
    on('2026-04-02');
    const kase = await file('restaurant', 'zhangsan');
    await acceptAtWindow(server.url, kase.id);
    const paused = await (await as('market.clerk')).post(`/api/cases/${kase.id}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'inspection',
      reason: '现场检验排烟设施',
      expectedWorkingDays: 3,
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);

    // When the inspection result is in and the clerk resumes the clock
    on('2026-04-08');
    const clerk = await loginAs('market.clerk');
    await clerk.goto(`${server.url}/cases/${kase.id}`);
    await clerk.getByTestId('clock-resume').click();
    await clerk.getByTestId('resume-result').fill('检验合格');
    await clerk.getByTestId('resume-confirm').click();

    // Then the clock runs again and the pause is closed, told in the timeline
    await clerk.locator('[data-testid="clock-state"][data-state="running"]').waitFor();
    expect(await clerk.getByTestId('clock-pause-inspection').innerText()).toContain(
      '2026-04-02 – 2026-04-08',
    );
    expect(await clerk.getByTestId('case-timeline').innerText()).toMatch(
      /恢复计时：检验结束（暂停 \d+ 个工作日）/,
    );

    // When every department approves, the case concludes with a 10-working-day hand-over deadline
    on('2026-04-09');
    await driveToConclusion(kase.id);
    await clerk.reload();
    await clerk.locator('[data-testid="case-status"][data-status="concluded"]').waitFor();
    expect(await clerk.getByTestId('clock-issuance').innerText()).toContain('2026-04-23');
    await shotWithoutToasts(clerk, 'clock-06-concluded-issuance');
    await clerk.getByTestId('case-deliver').click();
    await clerk.getByTestId('deliver-method').getByText('邮政寄递').click();
    // By post the tracking number is asked for, and required
    await clerk.getByTestId('deliver-confirm').click();
    await clerk.getByText('请填写邮件单号').waitFor();
    await clerk.getByTestId('deliver-tracking').fill('EMS1234567890CN');
    await clerk.getByTestId('deliver-confirm').click();

    // Then the case is delivered, for the applicant too, in English as well
    await clerk.locator('[data-testid="case-status"][data-status="delivered"]').waitFor();
    await clerk.getByTestId('clock-delivered-at').waitFor();
    const applicant = await loginAs('zhangsan');
    await applicant.goto(`${server.url}/cases/${kase.id}`);
    await applicant.getByTestId('lang-switch').click();
    await applicant.locator('[data-testid="case-status"][data-status="delivered"]').waitFor();
    expect(await applicant.getByTestId('case-status').innerText()).toBe('Delivered');
    const timeline = await applicant.getByTestId('case-timeline').innerText();
    expect(timeline).toContain('handed over the results (By post)');
    expect(timeline).toContain('paused the clock: Inspection, about 3 working days');
    expect(await applicant.getByTestId('case-deliver').count()).toBe(0);
    await shotWithoutToasts(applicant, 'clock-07-applicant-delivered-en');
    await applicant.getByTestId('lang-switch').click();
  });

  it('should refuse at the window with a reason the applicant reads', async () => {
    const kase = await file('restaurant', 'zhangsan');
    const clerk = await loginAs('market.clerk');
    await clerk.goto(`${server.url}/inbox`);
    const row = clerk.getByTestId(`queue-row-${kase.caseNumber}-intake`);
    await row.locator('[data-testid^="intake-reject-"]').click();
    // A refusal without a reason is not sent
    await clerk.getByTestId('intake-reject-confirm').click();
    await clerk.getByText('请填写不予受理理由').waitFor();
    await clerk.getByTestId('intake-reject-reason').fill('申请事项依法不需要取得行政许可');
    await clerk.getByTestId('intake-reject-confirm').click();
    await row.waitFor({ state: 'detached' });

    const applicant = await loginAs('zhangsan');
    await applicant.goto(`${server.url}/cases/${kase.id}`);
    await applicant.locator('[data-testid="case-status"][data-status="rejected"]').waitFor();
    expect(await applicant.getByTestId('case-status').innerText()).toBe('不予受理');
    expect(await applicant.getByTestId('case-rejection').innerText()).toContain(
      '申请事项依法不需要取得行政许可',
    );
    expect(await applicant.getByTestId('clock-state').getAttribute('data-state')).toBe('notStarted');
    expect(await applicant.getByTestId('case-timeline').innerText()).toContain('决定不予受理');
  });
});

describe('Given it is November and next year’s holiday notice is not loaded', () => {
  it('should warn on the monitor, and mark deadlines that reach into that year provisional', async () => {
    // Given Fri 2026-12-18: a case accepted today is due in 2027, counted without its notice
    on('2026-12-18');
    const kase = await file('restaurant', 'zhangsan');
    const accepted = await acceptAtWindow(server.url, kase.id);
    expect(accepted.deadline).toMatchObject({ provisional: true });
    // When a manager opens the monitor
    const manager = await loginAs('manager');
    await manager.goto(`${server.url}/monitor`);
    // Then a banner says the 2027 notice is missing and what happens until it is loaded
    const banner = manager.getByTestId('calendar-warning');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('2027 年节假日安排尚未载入');
    // and the case's deadline says it is provisional
    await manager.getByText('暂定', { exact: true }).first().waitFor();
    await shotWithoutToasts(manager, 'clock-08-monitor-notice-missing');
  });
});
