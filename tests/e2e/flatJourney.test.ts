import path from 'node:path';
import { repositoryRoot } from '@yijian/db';
import { ApiClient } from '@yijian/examples';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillApplyForm, submitApplyForm } from '../support/applyForm';
import {
  launchChromium,
  loginPage,
  pageWidth,
  phoneViewport,
  pickOption,
  screenshot,
} from '../support/browser';
import { flatForm, workToDelivery } from '../support/flatCase';
import { acceptAtWindow } from '../support/lifecycle';
import { uploadRequestedMaterials } from '../support/materials';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * Acceptance 1 of issue 15: one second-hand-flat case seen by each role in turn — the applicant on
 * a phone, the window and department clerks, the manager on the monitor.
 */
let server: TestServer;
let browser: Browser;

const screens = path.join(repositoryRoot(), '.artifacts', 'screens');
const shot = (page: Page, name: string) => screenshot(page, `flat-${name}`, screens);
/** Waits as long as a loaded machine needs (expect.poll gives up after one second). */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 200 });

beforeAll(async () => {
  server = await startTestServer('flat_journey', { web: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/**
 * Screenshot of a phone page, then the page must be no wider than the phone. Case pages run to
 * metres on a phone: `focus` also saves the card the step is about, readable at full size.
 */
async function phoneShot(page: Page, name: string, focus?: string) {
  await shot(page, name);
  if (focus) await page.getByTestId(focus).screenshot({ path: path.join(screens, `flat-${name}-card.png`) });
  const size = await pageWidth(page);
  expect(size.scrollWidth, `${name}: no horizontal scroll`).toBeLessThanOrEqual(size.innerWidth);
}

const firstHalf = Object.fromEntries(
  Object.entries(flatForm).filter(([key]) => key.startsWith('seller.') || key.startsWith('buyer.')),
);

describe('A second-hand flat, from the applicant’s phone to the manager’s heat map', () => {
  it('should resume a reloaded draft, answer a correction on the correction screen, rate badly, reach the department, and show on the monitor', async () => {
    const applicantApi = await new ApiClient(server.url).login('zhangsan');
    const bundle = (await applicantApi.get('/api/bundles/secondHandFlat')).body;

    // Given 张三 on a phone fills the sellers' and buyers' part of the form
    const phone = await loginPage(browser, server.url, 'zhangsan', phoneViewport, { mobile: true });
    await phone.goto(`${server.url}/apply/secondHandFlat`);
    await phone.getByTestId('field-buyer.name').waitFor();
    await phoneShot(phone, '01-phone-apply-empty');
    await fillApplyForm(phone, bundle.form, firstHalf, { stopWhenAnswered: true });
    await phone.getByTestId('draft-saved').waitFor();
    await poll(
      async () => (await applicantApi.get('/api/drafts/secondHandFlat')).body.form?.['buyer.phone'],
    ).toBe(flatForm['buyer.phone']);
    await phoneShot(phone, '02-phone-apply-half');

    // When the page is reloaded, the half-filled draft comes back
    await phone.reload();
    await poll(() => phone.getByTestId('field-seller.name').inputValue()).toBe(flatForm['seller.name']);
    // and 我的办件 offers it to resume
    await phone.goto(`${server.url}/my-cases`);
    await phone.getByTestId('draft-resume-secondHandFlat').waitFor();
    await phoneShot(phone, '03-phone-my-cases-draft');
    await phone.getByTestId('draft-resume-secondHandFlat').click();
    await poll(() => phone.getByTestId('field-buyer.idNumber').inputValue()).toBe(flatForm['buyer.idNumber']);

    // Then the rest is filled and the application filed from the draft
    const rest = Object.fromEntries(Object.entries(flatForm).filter(([key]) => !(key in firstHalf)));
    await fillApplyForm(phone, bundle.form, rest);
    await phoneShot(phone, '04-phone-apply-full');
    await submitApplyForm(phone);
    await phone.waitForURL((url) => url.pathname.startsWith('/cases/'));
    const caseId = decodeURIComponent(new URL(phone.url()).pathname.split('/').at(-1)!);
    const filed = (await applicantApi.get(`/api/cases/${caseId}`)).body;
    const caseNumber = filed.caseNumber as string;
    expect(filed.form['property.address']).toBe(flatForm['property.address']);
    expect((await applicantApi.get('/api/drafts')).body).toEqual([]);
    await phoneShot(phone, '05-phone-filed');

    // Given the registry's window asks for the signed sale contract (一次性补正告知)
    const window = await new ApiClient(server.url).login('realEstate.clerk');
    const intake = filed.tasks.find((t: { kind: string }) => t.kind === 'intake');
    const noticed = await window.post(`/api/tasks/${intake.id}/intake`, {
      decision: 'correction',
      items: [{ subject: '存量房买卖合同', reason: '未签字' }],
      note: '请上传签字后的合同',
    });
    expect(noticed.status, JSON.stringify(noticed.body)).toBe(200);

    // When 张三 opens the case on the phone, the correction screen holds the contract's slot
    await phone.goto(`${server.url}/cases/${caseId}`);
    await phone.getByTestId('correction-material-saleContract').waitFor();
    await phoneShot(phone, '06-phone-correction', 'correction-material-saleContract');
    // and submitting the correction with the upload sends the case back to the window
    expect(await uploadRequestedMaterials(phone)).toBe(1);
    await phone.getByTestId('correction-note').fill('已补签合同');
    await phone.getByTestId('correction-submit').click();
    await phone.locator('[data-testid="case-status"][data-status="preReview"]').waitFor();
    await phoneShot(phone, '07-phone-corrected');

    // Given the window accepts it and the departments are at work
    await acceptAtWindow(server.url, caseId);

    // When the manager clicks the flat's green bar on the monitor's bundle chart
    const manager = await loginPage(browser, server.url, 'manager');
    await manager.goto(`${server.url}/monitor`);
    const chart = manager.locator('[data-testid="monitor-chart-bundles"][data-rendered="true"]');
    await chart.waitFor();
    await shot(manager, '08-manager-monitor');
    await chart.locator('path[fill="#52c41a"]').first().click();
    // Then the case list opens narrowed to the flat bundle's green cases, with this case in it
    await manager.waitForURL(/\/monitor\/cases\?bundleKey=secondHandFlat&light=green$/);
    const row = manager.locator('[data-testid="monitor-cases"] tr', { hasText: caseNumber });
    await row.waitFor();
    await shot(manager, '09-manager-cases');
    // and the case opens from its number
    await row.getByRole('link', { name: caseNumber }).click();
    await manager.waitForURL((url) => url.pathname === `/cases/${encodeURIComponent(caseId)}`);
    await manager.getByTestId('case-status').waitFor();
    await shot(manager, '10-manager-case');
    // and on the bundle's heat map its open steps are counted
    await manager.goBack();
    await row.getByRole('link', { name: '热力图' }).click();
    await manager.waitForURL(/\/diagram\?case=.*&heatmap=1$/);
    await manager.locator('.yj-heat-badge[data-element]').first().waitFor();
    await shot(manager, '11-manager-heatmap');

    // When the departments conclude and the results are handed over
    await workToDelivery(server.url, caseId);

    // Then 张三 rates it 非常不满意 on the phone, with a reason
    await phone.reload();
    const rating = phone.getByTestId('case-rating');
    await rating.waitFor();
    await rating.locator('.ant-rate-star').first().click();
    await phone.getByTestId('rating-reason-repeatedMaterials').click();
    await phone.getByTestId('rating-comment').fill('合同交了两次');
    await phoneShot(phone, '12-phone-rating', 'case-rating');
    await phone.getByTestId('rating-submit').click();
    await phone.getByTestId('rating-rectification-open').waitFor();
    await phoneShot(phone, '13-phone-rated', 'case-rating');

    // And the registry's clerk sees the rectification task for the case
    const clerk = await loginPage(browser, server.url, 'realEstate.clerk');
    await clerk.goto(`${server.url}/rectifications`);
    const task = clerk.getByTestId(`rectification-${caseNumber}`);
    await task.waitFor();
    expect(await task.innerText()).toContain('材料重复提交');
    await shot(clerk, '14-clerk-rectification');

    // And the manager finds it on 差评整改 from the monitor's menu, filtered to the registry's open ones
    await manager.goto(`${server.url}/monitor`);
    await manager.getByRole('menuitem', { name: '差评整改' }).click();
    await manager.waitForURL(/\/monitor\/rectifications$/);
    // (typed: the department list is longer than the dropdown renders)
    await manager.getByTestId('rectifications-filter-department').click();
    await manager.keyboard.type('不动产');
    await manager
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '不动产登记中心' })
      .click();
    await pickOption(manager, 'rectifications-filter-status', '整改中');
    await manager.waitForURL(/\/monitor\/rectifications\?departmentId=realEstate&status=open$/);
    const managed = manager.getByTestId(`rectification-row-${caseNumber}`);
    await managed.waitFor();
    expect(await managed.getAttribute('data-status')).toBe('open');
    expect(await managed.innerText()).toContain('材料重复提交');
    await shot(manager, '15-manager-rectifications');
    // and once the clerk has answered, it shows among the closed ones with the reply
    await clerk.getByTestId(`rectification-reply-${caseNumber}`).fill('合同改为一次提交、各部门共享');
    await clerk.getByTestId(`rectification-resolve-${caseNumber}`).click();
    await clerk.locator(`[data-testid="rectification-${caseNumber}"][data-status="resolved"]`).waitFor();
    await pickOption(manager, 'rectifications-filter-status', '已整改');
    await manager
      .locator(`[data-testid="rectification-row-${caseNumber}"][data-status="resolved"]`)
      .waitFor();
    expect(await manager.getByTestId(`rectification-row-${caseNumber}`).innerText()).toContain('一次提交');
    await shot(manager, '16-manager-rectifications-closed');
    // and clicks through to the case
    await manager
      .getByTestId(`rectification-row-${caseNumber}`)
      .getByRole('link', { name: caseNumber })
      .click();
    await manager.waitForURL((url) => url.pathname === `/cases/${encodeURIComponent(caseId)}`);

    // Given more rectifications than one page holds (55 copies of this case, each rated badly)
    await server.knex.raw(
      `with copies as (
         select (jsonb_populate_record(null::cases, to_jsonb(c) || jsonb_build_object(
           'id', gen_random_uuid(), 'case_number', c.case_number || '-' || g))).*
         from cases c, generate_series(1, 55) g where c.id = ?
       ), filed as (insert into cases select * from copies returning id)
       , rated as (
         insert into case_ratings (case_id, applicant_id, score, reasons, comment, rated_at)
         select f.id, r.applicant_id, r.score, r.reasons, r.comment, r.rated_at
         from filed f, case_ratings r where r.case_id = ?
       )
       insert into rectifications (case_id, department_id, status, opened_at, due_date)
       select f.id, 'realEstate', 'open', now(), current_date + 14 from filed f`,
      [caseId, caseId],
    );
    // When the manager opens the list: the first page, and 加载更多 for the rest
    await manager.goto(`${server.url}/monitor/rectifications`);
    const rows = manager.locator('[data-testid^="rectification-row-"]');
    const loadMore = manager.getByTestId('rectifications-load-more');
    await loadMore.waitFor();
    expect(await rows.count()).toBe(50);
    expect(await manager.getByTestId('rectifications-count').innerText()).toBe('已显示 50 条');
    await shot(manager, '17-manager-rectifications-first-page');
    await loadMore.click();
    // Then every one is listed once, and the button goes with the last page
    await poll(() => rows.count()).toBe(56);
    await loadMore.waitFor({ state: 'detached' });
    expect(await manager.getByTestId('rectifications-count').innerText()).toBe('共 56 条');
    const numbers = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(new Set(numbers).size).toBe(56);
    await shot(manager, '18-manager-rectifications-all-pages');
    // And on a phone each row is one stacked cell, with nothing to scroll sideways
    await manager.setViewportSize(phoneViewport);
    const list = manager.getByTestId('monitor-rectifications');
    await list.locator('.ant-table-thead').waitFor({ state: 'detached' });
    await phoneShot(manager, '19-manager-rectifications-phone');
    const overflowing = await list
      .locator('.ant-card-body, .ant-table-content, .ant-table-body')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.className));
    expect(overflowing).toEqual([]);
  });
});
