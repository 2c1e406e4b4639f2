import { type CaseSnapshot, shanghaiDate, statutoryHolidays } from '@yijian/engine';
import { ApiClient, restaurantForm } from '@yijian/examples';
import type { FormField, FormSchema } from '@yijian/process-library';
import { addPackagedCalendarYears, runDueJobs } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { notice2027 } from '../support/notice2027';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The statutory clock at the edges of the holiday calendar (issue 13), through the API on
 * simulated days: next year's notice missing, loaded late, incomplete; a region's own holiday;
 * packaged years added on upgrade.
 */
let server: TestServer;
let today = '2026-11-20T02:00:00.000Z';
const on = (date: string) => {
  today = `${date}T02:00:00.000Z`;
};
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  // Friday 2026-11-20, 10:00 in Beijing: 2026 is loaded, 2027 is not.
  server = await startTestServer('calendar_edges', { clock: () => today });
});
afterAll(async () => {
  await server?.dispose();
});

async function fileRestaurant(): Promise<string> {
  const filed = await (await as('zhangsan')).post('/api/cases', {
    bundleKey: 'restaurant',
    form: restaurantForm,
  });
  expect(filed.status).toBe(201);
  return filed.body.id;
}

/** A valid answer for every field of a composed bundle's form (as composedBundles.test.ts does). */
function answersFor(form: FormSchema) {
  const sample = (field: FormField): unknown => {
    const v = field.validate ?? {};
    if (field.type === 'checkbox') return true;
    if (field.type === 'select') return field.values?.[0]?.value;
    if (field.type === 'number') return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
    if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
    return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
  };
  return Object.fromEntries(form.components.map((f) => [f.key, sample(f)]));
}

async function fileConvenienceStore(): Promise<string> {
  const applicant = await as('zhangsan');
  const form = (await applicant.get('/api/bundles/convenienceStore')).body.form as FormSchema;
  const filed = await applicant.post('/api/cases', { bundleKey: 'convenienceStore', form: answersFor(form) });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return filed.body.id;
}

/** Completes every open task with its department's clerk until the case is decided. */
async function decide(caseId: string): Promise<void> {
  for (let round = 0; round < 30; round++) {
    const detail = await (await as('admin')).get(`/api/cases/${caseId}`);
    if (detail.body.status === 'concluded') return;
    for (const task of detail.body.openTasks as { id: string; departmentId: string }[]) {
      const done = await concludeStep(await as(`${task.departmentId}.clerk`), task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
    }
  }
  throw new Error(`case ${caseId} was not decided`);
}

const jobDay = (row: { run_at: Date }) => shanghaiDate(row.run_at);

describe('Given it is November and next year’s holiday notice is not loaded', () => {
  it('should warn an admin: health detail, calendar status, a notification', async () => {
    const status = await (await as('manager')).get('/api/calendar/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      year: 2026,
      nextYear: 2027,
      yearLoaded: true,
      nextYearLoaded: false,
      warning: { code: 'calendar_notice_missing', year: 2027 },
    });
    expect(status.body.warning.message.zh).toMatch(/2027 年节假日安排尚未载入/);
    const health = (await fetch(`${server.url}/api/health/ready`).then((r) => r.json())) as {
      checks: { calendar: unknown };
    };
    expect(health.checks.calendar).toMatchObject({ status: 'warn', nextYear: 2027, nextYearLoaded: false });
    const notifications = await (await as('admin')).get('/api/admin/notifications');
    expect(notifications.body).toEqual([
      expect.objectContaining({ kind: 'calendar.missing', detail: expect.objectContaining({ year: 2027 }) }),
    ]);
    // and the yearly check is scheduled for next 1 November; running it records nothing twice
    const check = await server.knex('jobs').where({ kind: 'calendar.check' }).pluck('key');
    expect(check).toEqual(['calendar:check:2027-11-01']);
    on('2027-11-01');
    expect(await runDueJobs(server.ctx)).toBeGreaterThanOrEqual(1);
    expect(await server.knex('jobs').where({ kind: 'calendar.check' }).pluck('key')).toEqual([
      'calendar:check:2028-11-01',
    ]);
    // (2027 itself is still missing then: that warning stands, once)
    expect((await (await as('admin')).get('/api/admin/notifications')).body).toHaveLength(1);
    // Not before 1 November: on 31 October nothing warns yet
    on('2026-10-31');
    expect((await (await as('manager')).get('/api/calendar/status')).body.warning).toBeNull();
    on('2026-11-20');
  });
});

describe('Given cases filed late in December, with 2027 not loaded', () => {
  it('should move the deemed-acceptance job, item clocks and their 催办, the issuance deadline and the snapshot’s clock when 2027 is loaded', async () => {
    // Given on Mon 2026-12-28: a restaurant case waiting at the window …
    on('2026-12-28');
    const waiting = await fileRestaurant();
    const timer = () => server.knex('jobs').where({ case_id: waiting, kind: 'case.timer' }).first('run_at');
    // … whose correction-notice deadline is Tue 2027-01-05, provisional (1 January off by law)
    const intakeBefore = await server.knex('tasks').where({ case_id: waiting, kind: 'intake' }).first();
    expect(intakeBefore).toMatchObject({ due_date: '2027-01-05', due_provisional: true });
    expect((await timer()).run_at.toISOString()).toBe('2027-01-05T16:00:00.000Z');

    // … a convenience-store case accepted at once, its items' clocks running into January
    const running = await fileConvenienceStore();
    await acceptAtWindow(server.url, running);
    const itemsBefore = await server
      .knex('case_items')
      .where({ case_id: running, status: 'running' })
      .orderBy('scope_key')
      .select('scope_key', 'due_date', 'due_provisional');
    expect(itemsBefore.length).toBeGreaterThan(0);
    const crossing = itemsBefore.filter((i) => i.due_date >= '2027-01-04');
    expect(crossing.length).toBeGreaterThan(0);
    for (const item of crossing) expect(item.due_provisional).toBe(true);

    // … and a restaurant case decided today, to be issued within 10 working days: Tue 2027-01-12
    const decided = await fileRestaurant();
    await acceptAtWindow(server.url, decided);
    await decide(decided);
    const issuanceBefore = await (await as('zhangsan')).get(`/api/cases/${decided}`);
    expect(issuanceBefore.body.lifecycle.issuance).toMatchObject({
      dueDate: '2027-01-12',
      provisional: true,
    });

    // When the admin loads the 2027 notice on Tue 2026-12-29 (元旦 1/1–1/4)
    on('2026-12-29');
    const loaded = await (await as('admin')).request('PUT', '/api/admin/calendar/CN/2027', notice2027);
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(loaded.body.recomputedDeadlines).toBeGreaterThanOrEqual(3);

    // Then deemed acceptance waits one working day more: the job and the intake step moved
    expect((await timer()).run_at.toISOString()).toBe('2027-01-06T16:00:00.000Z');
    expect(await server.knex('tasks').where({ case_id: waiting, kind: 'intake' }).first()).toMatchObject({
      due_date: '2027-01-06',
      due_provisional: false,
    });

    // and every item clock that crossed 4 January moved one working day, with its 催办 after it
    const itemsAfter = await server
      .knex('case_items')
      .where({ case_id: running, status: 'running' })
      .orderBy('scope_key')
      .select('scope_key', 'due_date', 'due_provisional');
    for (const [i, item] of itemsAfter.entries()) {
      const before = itemsBefore[i]!;
      expect(item.due_provisional).toBe(false);
      if (before.due_date >= '2027-01-04') expect(item.due_date > before.due_date).toBe(true);
      const urge = await server
        .knex('jobs')
        .where({ key: `case:${running}:item:${item.scope_key}:urge` })
        .first('run_at');
      expect(jobDay(urge) > item.due_date, `催办 of ${item.scope_key} after ${item.due_date}`).toBe(true);
      expect(['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04']).not.toContain(jobDay(urge));
    }

    // and the snapshot's clock agrees with the case row and the clock column
    const row = await server
      .knex('cases')
      .where({ id: running })
      .first('snapshot', 'clock', 'due_date', 'due_provisional');
    const snapshotClock = (
      row.snapshot as CaseSnapshot & {
        machine: { context: { clock: { context: { dueDate: string; provisional: boolean } } } };
      }
    ).machine.context.clock;
    expect(snapshotClock.context.dueDate).toBe(row.due_date);
    expect(snapshotClock.context.provisional).toBe(row.due_provisional);
    expect(row.clock).toEqual(snapshotClock);
    const caseUrge = await server
      .knex('jobs')
      .where({ key: `case:${running}:deadline:urge` })
      .first('run_at');
    expect(jobDay(caseUrge) > row.due_date).toBe(true);

    // and the issuance deadline (Art. 44) moved to Wed 2027-01-13, no longer provisional
    const issuanceAfter = await (await as('zhangsan')).get(`/api/cases/${decided}`);
    expect(issuanceAfter.body.lifecycle.issuance).toMatchObject({
      dueDate: '2027-01-13',
      provisional: false,
    });

    // and the timeline records the recount; the missing-notice warning is resolved
    const timeline = (await (await as('admin')).get(`/api/cases/${running}`)).body.timeline as {
      type: string;
    }[];
    expect(timeline.some((e) => e.type === 'clock.recounted')).toBe(true);
    expect((await (await as('admin')).get('/api/admin/notifications')).body).toEqual([]);
  });
});

describe('Given an incomplete national notice', () => {
  it('should refuse it naming the missing festival, and leave the year provisional', async () => {
    const admin = await as('admin');
    const onlyNewYear = await admin.request('PUT', '/api/admin/calendar/CN/2028', {
      source: '不完整',
      days: [{ date: '2028-01-01', kind: 'rest', name: '元旦' }],
    });
    expect(onlyNewYear.status).toBe(422);
    expect(onlyNewYear.body.error.code).toBe('calendar_notice_incomplete');
    const messages = (onlyNewYear.body.error.details as { messages: { 'zh-CN': string; en: string } }[])
      .map((d) => `${d.messages['zh-CN']} ${d.messages.en}`)
      .join('\n');
    expect(messages).toMatch(/春节/);
    expect(messages).toMatch(/Spring Festival/);
    expect(messages).toMatch(/国庆节/);
    expect(messages).not.toMatch(/元旦/);
    // And a notice with every festival but a make-up day far from any holiday is implausible
    // (中秋 2028 falls on 3 October, a National Day holiday too: one row per date)
    const festivals = [...new Map(statutoryHolidays(2028).map((d) => [d.date, d.festival]))].map(
      ([date, name]) => ({ date, kind: 'rest', name }),
    );
    const stray = await admin.request('PUT', '/api/admin/calendar/CN/2028', {
      source: '调休不合理',
      days: [...festivals, { date: '2028-08-12', kind: 'makeUpWork', name: '调休' }],
    });
    expect(stray.status).toBe(422);
    expect(stray.body.error).toMatchObject({ code: 'calendar_notice_incomplete' });
    expect(stray.body.error.messages.en).toMatch(/2028-08-12/);
    expect(stray.body.error.messages['zh-CN']).toMatch(/2028-08-12.*调休上班日/);
    // The year stays provisional: not covered, no days
    const year = await admin.get('/api/calendar/CN/2028');
    expect(year.body).toMatchObject({ covered: false, days: [] });
    // The same festivals without the stray day are accepted
    const complete = await admin.request('PUT', '/api/admin/calendar/CN/2028', {
      source: '完整',
      days: festivals,
    });
    expect(complete.status, JSON.stringify(complete.body)).toBe(200);
  });
});

describe('Given a department in a region with its own holiday', () => {
  it('should move the deadlines of that region’s cases only', async () => {
    on('2026-12-07');
    const admin = await as('admin');
    // Given a restaurant case filed while the market window counts nationally …
    const national = await fileRestaurant();
    // … and one filed after the market department was placed in region CN-ZJ
    const set = await admin.request('PUT', '/api/admin/departments/market/region', { region: 'CN-ZJ' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ id: 'market', region: 'CN-ZJ' });
    const regional = await fileRestaurant();
    const intakeDue = async (id: string) =>
      (await server.knex('tasks').where({ case_id: id, kind: 'intake' }).first('due_date')).due_date;
    // Both are due on the 5th working day after Mon 12-07: Mon 2026-12-14
    expect(await intakeDue(national)).toBe('2026-12-14');
    expect(await intakeDue(regional)).toBe('2026-12-14');

    // When the region declares Thu 2026-12-10 a local holiday
    const local = await admin.request('PUT', '/api/admin/calendar/CN-ZJ/2026', {
      source: '地方假日（测试）',
      days: [{ date: '2026-12-10', kind: 'rest', name: '地方假日' }],
    });
    expect(local.status, JSON.stringify(local.body)).toBe(200);

    // Then only the regional case's window deadline and deemed acceptance move, to Tue 12-15
    expect(await intakeDue(regional)).toBe('2026-12-15');
    expect(await intakeDue(national)).toBe('2026-12-14');
    const timerOf = async (id: string) =>
      (
        await server.knex('jobs').where({ case_id: id, kind: 'case.timer' }).first('run_at')
      ).run_at.toISOString();
    expect(await timerOf(regional)).toBe('2026-12-15T16:00:00.000Z');
    expect(await timerOf(national)).toBe('2026-12-14T16:00:00.000Z');

    // and a case accepted in the region counts its clock past the local holiday
    await acceptAtWindow(server.url, regional);
    await acceptAtWindow(server.url, national);
    const [r, n] = await Promise.all(
      [regional, national].map(async (id) => (await admin.get(`/api/cases/${id}`)).body.deadline.dueDate),
    );
    expect(r > n).toBe(true);
    await admin.request('PUT', '/api/admin/departments/market/region', { region: null });
  });
});

describe('Given a case whose period has already run out', () => {
  it('should keep it red through a late special procedure, resume as overdue as it was, and refuse an extension (Art. 42, 45)', async () => {
    // Given a restaurant case accepted on Mon 2026-03-02 (promised 20 working days: due Mon 03-30)
    on('2026-03-02');
    const kase = await fileRestaurant();
    const accepted = await acceptAtWindow(server.url, kase);
    expect(accepted.clock.dueDate).toBe('2026-03-30');
    // When an inspection starts on Thu 04-02, three working days after the period ran out
    on('2026-04-02');
    const market = await as('market.clerk');
    const paused = await market.post(`/api/cases/${kase}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'inspection',
      reason: '现场核查',
      expectedWorkingDays: 3,
    });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body.clock).toMatchObject({ state: 'paused', remainingWorkingDays: -3 });
    // and the result comes back on Fri 04-10
    on('2026-04-10');
    const resumed = await market.post(`/api/cases/${kase}/clock/resume`, { result: '核查完成' });
    expect(resumed.status).toBe(200);
    // Then the case is not revived: still red, three working days overdue, no negative limit stored
    expect(resumed.body.clock).toMatchObject({ state: 'running', light: 'red', remainingWorkingDays: -3 });
    expect(resumed.body.deadline).toMatchObject({ light: 'red', remainingWorkingDays: -3 });
    const row = await server.knex('cases').where({ id: kase }).first('due_limit');
    expect(row.due_limit.value).toBeGreaterThanOrEqual(0);
    // and its open steps stay as overdue as they were
    for (const task of resumed.body.tasks.filter((t: { status: string }) => t.status === 'open'))
      expect(task.deadline?.light ?? 'red').toBe('red');
    // And an extension decided now is refused with the rule
    const extended = await (await as('manager')).post(`/api/cases/${kase}/clock/extend`, {
      workingDays: 5,
      reason: '情况复杂',
    });
    expect(extended.status).toBe(409);
    expect(extended.body.error.code).toBe('engine_extension_after_expiry');
    // (the deadline in force: as overdue as before the pause, three working days before 04-10)
    expect(extended.body.error.messages['zh-CN']).toMatch(/第四十二条/);
    expect(extended.body.error.messages.en).toMatch(/ran out on 2026-04-07/);
  });
});

describe('Given a case the engine cannot step when a notice is loaded', () => {
  it('should load the notice for every other case and tell the admins about that one', async () => {
    on('2026-12-28');
    const broken = await fileRestaurant();
    const healthy = await fileRestaurant();
    // Given one case whose stored snapshot names another process (a fault in its data)
    const { snapshot } = await server.knex('cases').where({ id: broken }).first('snapshot');
    await server
      .knex('cases')
      .where({ id: broken })
      .update({ snapshot: JSON.stringify({ ...snapshot, definitionKey: 'elsewhere' }) });
    const before = await server.knex('tasks').where({ case_id: healthy, kind: 'intake' }).first('due_date');
    expect(before.due_date).toBe('2027-01-06');
    // When the admin reloads 2026 with a correction (Thu 2026-12-31 off)
    const admin = await as('admin');
    const days = (await admin.get('/api/calendar/CN/2026')).body.days as { date: string }[];
    const res = await admin.request('PUT', '/api/admin/calendar/CN/2026', {
      source: '更正 2026',
      days: [...days, { date: '2026-12-31', kind: 'rest', name: '更正' }],
    });
    // Then the load succeeds, the healthy case's window deadline moves past the new rest day …
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // (12-29, 12-30, then 1/1–1/4 are off: 1/5, 1/6, 1/7 — one day later than the day before)
    const intake = await server.knex('tasks').where({ case_id: healthy, kind: 'intake' }).first('due_date');
    expect(intake.due_date).toBe('2027-01-07');
    // … and the admins are told which case kept its old deadlines
    const notifications = (await admin.get('/api/admin/notifications')).body as {
      kind: string;
      detail: { caseId?: string };
    }[];
    expect(notifications).toContainEqual(
      expect.objectContaining({
        kind: 'calendar.recountFailed',
        detail: expect.objectContaining({ caseId: broken }),
      }),
    );
    await server
      .knex('cases')
      .where({ id: broken })
      .update({ snapshot: JSON.stringify(snapshot) });
  });
});

describe('Given an upgrade of the holiday data package', () => {
  it('should add the years the package has and the database lacks, never over an admin’s load', async () => {
    const admin = await as('admin');
    // Given the admin reloaded 2025 with a local correction (an extra rest day, Fri 2025-12-26)
    const packaged2025 = (await admin.get('/api/calendar/CN/2025')).body.days as { date: string }[];
    const corrected = await admin.request('PUT', '/api/admin/calendar/CN/2025', {
      source: '管理员更正 2025',
      days: [...packaged2025, { date: '2025-12-26', kind: 'rest', name: '更正' }],
    });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    // and the database lost 2024 (as an older database that was seeded before the package had it)
    await server
      .knex('calendar_days')
      .where({ region: 'CN' })
      .whereBetween('date', ['2024-01-01', '2024-12-31'])
      .delete();
    await server.knex('calendar_years').where({ region: 'CN', year: 2024 }).delete();

    // When the runtime starts with the package
    const added = await addPackagedCalendarYears(server.ctx);

    // Then 2024 is back from the package, audited as such, and 2025 is still the admin's
    expect(added).toEqual([2024]);
    const y2024 = await admin.get('/api/calendar/CN/2024');
    expect(y2024.body).toMatchObject({ covered: true, source: 'chinese-days (packaged)' });
    expect(y2024.body.days.length).toBeGreaterThan(20);
    const y2025 = await admin.get('/api/calendar/CN/2025');
    expect(y2025.body.source).toBe('管理员更正 2025');
    expect(y2025.body.days.some((d: { date: string }) => d.date === '2025-12-26')).toBe(true);
    // and starting again adds nothing
    expect(await addPackagedCalendarYears(server.ctx)).toEqual([]);
  });
});
