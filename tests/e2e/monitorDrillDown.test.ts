import { ApiClient, restaurantForm } from '@yijian/examples';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot } from '../support/browser';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let browser: Browser;
let today = '2026-03-02T02:00:00.000Z';
const cases = { atWindow: '', late: '', paused: '', done: '' };
const numbers = { ...cases };
const as = (username: string) => new ApiClient(server.url).login(username);

/** Works every open step of a case to the end, as the departments' clerks. */
async function conclude(caseId: string) {
  const admin = await as('admin');
  for (let round = 0; round < 40; round++) {
    const open = (await admin.get(`/api/cases/${caseId}`)).body.openTasks as {
      id: string;
      departmentId: string;
    }[];
    if (open.length === 0) return;
    const clerk = await as(`${open[0]!.departmentId}.clerk`);
    await clerk.post(`/api/tasks/${open[0]!.id}/claim`);
    const done = await concludeStep(clerk, open[0]!.id);
    if (done.status !== 200) throw new Error(JSON.stringify(done.body));
  }
}

beforeAll(async () => {
  server = await startTestServer('e2e_monitor', { web: true, clock: () => today });
  browser = await launchChromium();
  // On Mon 2 March four restaurant cases are filed: one stays at the window, one is accepted and
  // left to run late, one is paused for an inspection, one is worked to the end at once.
  const applicant = await as('zhangsan');
  for (const key of Object.keys(cases) as (keyof typeof cases)[]) {
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    cases[key] = filed.body.id;
    numbers[key] = filed.body.caseNumber;
  }
  for (const id of [cases.late, cases.paused, cases.done]) await acceptAtWindow(server.url, id);
  const market = await as('market.clerk');
  await market.post(`/api/cases/${cases.paused}/clock/pause`, {
    kind: 'specialProcedure',
    procedure: 'inspection',
    reason: '现场勘验',
    expectedWorkingDays: 3,
  });
  await conclude(cases.done);
  // Seven weeks later the manager looks.
  today = '2026-04-20T02:00:00.000Z';
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

async function loginAs(username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('yijian123');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

const rowOf = (page: Page, caseNumber: string) =>
  page.locator('[data-testid="monitor-cases"] tr', { hasText: caseNumber });

describe('A manager drills from the monitor to the cases', () => {
  it('should open the late cases from a count and a chart, export them, and see them on the heat map', async () => {
    const page = await loginAs('manager');
    await page.goto(`${server.url}/monitor`);
    await page.locator('[data-testid="monitor-chart-bundles"][data-rendered="true"]').waitFor();
    await page.locator('[data-testid="monitor-chart-performance"][data-rendered="true"]').waitFor();
    // the window's table gives the intake due date (5 working days after filing, long passed)
    await page.getByTestId(`monitor-window-row-${numbers.atWindow}`).getByText('2026-03-09').waitFor();
    await screenshot(page, '70-monitor-overview');

    // From the red count to the red cases: the late one, its late steps marked
    await page.getByTestId('monitor-count-red').click();
    await page.waitForURL(/\/monitor\/cases\?light=red$/);
    await rowOf(page, numbers.late).waitFor();
    expect(await rowOf(page, numbers.late).locator('[data-late]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="monitor-cases"] tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(page, '71-monitor-cases-red');

    // From a chart: the restaurant's red bar opens the same list, narrowed to the bundle
    await page.goto(`${server.url}/monitor`);
    const chart = page.locator('[data-testid="monitor-chart-bundles"][data-rendered="true"]');
    await chart.waitFor();
    await chart.locator('path[fill="#f5222d"]').first().click();
    await page.waitForURL(/\/monitor\/cases\?bundleKey=restaurant&light=red$/);
    await rowOf(page, numbers.late).waitFor();

    // The whole open list exports to Excel with the rows the screen shows, in its order
    await page.getByTestId('filter-light').locator('.ant-select-clear').click({ force: true });
    await page.waitForURL(/\/monitor\/cases\?bundleKey=restaurant$/);
    await rowOf(page, numbers.atWindow).waitFor();
    const onScreen = await page
      .locator('[data-testid="monitor-cases"] tbody tr.ant-table-row .yj-case-number')
      .allTextContents();
    expect(onScreen.sort()).toEqual([numbers.atWindow, numbers.late, numbers.paused].sort());
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^办件-2026-04-20\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const exported = (book.worksheets[0]!.getSheetValues().filter(Boolean) as string[][])
      .slice(1)
      .map((r) => r[1]);
    expect(exported).toEqual(
      await page
        .locator('[data-testid="monitor-cases"] tbody tr.ant-table-row .yj-case-number')
        .allTextContents(),
    );

    // Concluded cases are a filter away, with the case worked to the end on the first day
    await page.getByText('已办结', { exact: true }).click();
    await rowOf(page, numbers.done).waitFor();
    await page.getByText('在办', { exact: true }).click();

    // And the late case on the bundle's diagram, with the heat of all open work laid over it
    await rowOf(page, numbers.late).getByRole('link', { name: '热力图' }).click();
    await page.waitForURL(/\/diagram\?case=.*&heatmap=1$/);
    await page.locator('.yj-heat-badge[data-element]').first().waitFor();
    const late = await page.locator('.yj-heat-badge[data-element] .yj-heat-lateCount').count();
    expect(late).toBeGreaterThan(0);
    await screenshot(page, '72-monitor-heatmap');

    // In English the list and its filters speak English
    await page.goto(`${server.url}/monitor/cases?light=atWindow`);
    await rowOf(page, numbers.atWindow).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByText('Intake due').first().waitFor();
    await screenshot(page, '73-monitor-cases-en');
    await page.context().close();
  });
});
