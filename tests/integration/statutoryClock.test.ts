import { ApiClient, restaurantForm } from '@yijian/examples';
import { runDueJobs } from '@yijian/runtime-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

/**
 * The statutory clock through the API (DOMAIN rules 5–14), on simulated days of 2026 with the
 * real holiday calendar. Jobs are due by the same simulated clock, so moving the day and sweeping
 * runs exactly what a runtime node would run on that day.
 */
let server: TestServer;
let today = '2026-09-28T02:00:00.000Z';
const on = (date: string) => {
  today = `${date}T02:00:00.000Z`;
};
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('statutory_clock', { clock: () => today });
});
afterAll(async () => {
  await server?.dispose();
});

/** A runtime node's sweep on the simulated day. */
const sweep = () => runDueJobs(server.ctx);

async function file(username = 'zhangsan') {
  const filed = await (await as(username)).post('/api/cases', {
    bundleKey: 'restaurant',
    form: restaurantForm,
  });
  expect(filed.status).toBe(201);
  return filed.body as { id: string; caseNumber: string };
}

describe('Given a restaurant case nobody at the window looks at', () => {
  it('should be accepted automatically as of receipt after 5 working days, with the audit flag (Art. 32)', async () => {
    // Given a case received on Mon 2026-09-28 (National Day follows)
    on('2026-09-28');
    const kase = await file();
    const applicant = await as('zhangsan');
    const filed = await applicant.get(`/api/cases/${kase.id}`);
    expect(filed.body).toMatchObject({ status: 'preReview', clock: { state: 'notStarted' } });
    expect(filed.body.lifecycle).toMatchObject({ receivedOn: '2026-09-28', acceptedOn: null });
    // and the window's correction-notice deadline is the 5th working day after: Sat 2026-10-10, a make-up day
    const intake = filed.body.tasks.find((t: { kind: string }) => t.kind === 'intake');
    expect(intake).toMatchObject({ departmentId: 'market', deadline: { dueDate: '2026-10-10' } });
    // and deemed acceptance waits for the first instant after that day, Beijing time
    const timer = await server.knex('jobs').where({ case_id: kase.id, kind: 'case.timer' }).first('run_at');
    expect(timer.run_at.toISOString()).toBe('2026-10-10T16:00:00.000Z');

    // When that time has come and a runtime node sweeps
    on('2026-10-12');
    // (the window's reminder the day before its deadline, then deemed acceptance, which closes
    // the intake step and so drops its 催办; acceptance then issues its notice, a third job)
    expect(await sweep()).toBe(3);

    // Then the case is accepted as of the day of receipt, and the limit counts from then
    const accepted = await applicant.get(`/api/cases/${kase.id}`);
    expect(accepted.body.status).toBe('inProgress');
    expect(accepted.body.lifecycle).toMatchObject({ acceptedOn: '2026-09-28', deemedAcceptance: true });
    // promised 20 working days from 2026-09-28 → 2026-10-30 (DOMAIN rule 2)
    expect(accepted.body.clock).toMatchObject({
      state: 'running',
      startDate: '2026-09-28',
      dueDate: '2026-10-30',
    });
    expect(accepted.body.deadline.dueDate).toBe('2026-10-30');
    // and the audit log says it was the law, not a clerk, that accepted it
    const entry = accepted.body.timeline.find((e: { type: string }) => e.type === 'case.accepted');
    expect(entry).toMatchObject({ actor: null, detail: { deemed: true, acceptedOn: '2026-09-28' } });
    expect(entry.detail.rule).toMatch(/第三十二条/);
    // and the intake step is closed as deemed accepted, the first department step open
    const tasks = accepted.body.tasks.map(
      (t: { elementId: string; status: string }) => `${t.elementId}:${t.status}`,
    );
    expect(tasks).toEqual(['intake:completed', 'Item_000104001000_intake:open']);
    const row = await server.knex('tasks').where({ case_id: kase.id, kind: 'intake' }).first('outcome');
    expect(row.outcome).toBe('deemedAccepted');

    // And a second sweep (a retry, another node) changes nothing
    expect(await sweep()).toBe(0);
    expect(accepted.body.timeline.filter((e: { type: string }) => e.type === 'task.reminded')).toHaveLength(
      1,
    );
  });

  it('should not accept by law a case the window has already decided', async () => {
    on('2026-09-28');
    const kase = await file('lisi');
    await acceptAtWindow(server.url, kase.id);
    // The accept cancelled the deemed-acceptance timer with the intake step
    expect(await server.knex('jobs').where({ case_id: kase.id, kind: 'case.timer' })).toHaveLength(0);
    const accepted = await (await as('lisi')).get(`/api/cases/${kase.id}`);
    expect(accepted.body.lifecycle).toMatchObject({ acceptedOn: '2026-09-28', deemedAcceptance: false });
  });
});

describe('Given an incomplete application', () => {
  it('should take one correction notice, the applicant’s corrections, then count from the day they came in', async () => {
    on('2026-03-02');
    const kase = await file();
    const market = await as('market.clerk');
    const applicant = await as('zhangsan');
    const intakeId = (await applicant.get(`/api/cases/${kase.id}`)).body.tasks[0].id;

    // When the window sends a notice with nothing in it, it is refused
    const empty = await market.post(`/api/tasks/${intakeId}/intake`, { decision: 'correction', items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('items');

    // When the window tells both corrections at once (一次性告知)
    on('2026-03-03');
    const notice = await market.post(`/api/tasks/${intakeId}/intake`, {
      decision: 'correction',
      items: [
        { subject: '租赁合同', reason: '未加盖出租方印章' },
        { subject: 'shop.address', reason: '与租赁合同地址不一致' },
      ],
      note: '请一次补齐',
    });
    expect(notice.status).toBe(200);
    // Then the applicant sees the notice and the case waits for them
    const waiting = await applicant.get(`/api/cases/${kase.id}`);
    expect(waiting.body.status).toBe('correction');
    expect(waiting.body.lifecycle.correctionNotice).toMatchObject({ on: '2026-03-03', note: '请一次补齐' });
    expect(waiting.body.lifecycle.correctionNotice.items).toHaveLength(2);
    expect(await server.knex('jobs').where({ case_id: kase.id, kind: 'case.timer' })).toHaveLength(0);

    // When the applicant answers with a field the form does not have, nothing changes
    const bad = await applicant.post(`/api/cases/${kase.id}/corrections`, { form: { 'shop.colour': 'red' } });
    expect(bad.status).toBe(400);
    expect((await applicant.get(`/api/cases/${kase.id}`)).body.status).toBe('correction');

    // When the corrections come in on 2026-03-10
    on('2026-03-10');
    const corrected = await applicant.post(`/api/cases/${kase.id}/corrections`, {
      form: { 'shop.address': '北京市朝阳区建国路88号1层' },
      note: '已补正',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.status).toBe('preReview');
    expect(corrected.body.form['shop.address']).toBe('北京市朝阳区建国路88号1层');
    // and the window accepts two days later
    on('2026-03-12');
    const second = corrected.body.tasks.find(
      (t: { kind: string; status: string }) => t.kind === 'intake' && t.status === 'open',
    );
    const again = await market.post(`/api/tasks/${second.id}/intake`, {
      decision: 'correction',
      items: [{ subject: 'x', reason: 'y' }],
    });
    expect(again.status).toBe(409);
    const accepted = await market.post(`/api/tasks/${second.id}/intake`, { decision: 'accept' });
    expect(accepted.status).toBe(200);

    // Then the acceptance date is the day the corrections were complete (rule 6): due 2026-04-08
    expect(accepted.body.lifecycle).toMatchObject({ acceptedOn: '2026-03-10', deemedAcceptance: false });
    expect(accepted.body.clock).toMatchObject({
      state: 'running',
      startDate: '2026-03-10',
      dueDate: '2026-04-08',
    });
    const received = accepted.body.timeline.find(
      (e: { type: string }) => e.type === 'case.correctionsReceived',
    );
    expect(received.detail).toMatchObject({ on: '2026-03-10', note: '已补正' });
    const types = accepted.body.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.correctionNotice', 'case.correctionsReceived', 'case.accepted']),
    );
  });

  it('should refuse a case at the window with its reason', async () => {
    on('2026-03-02');
    const kase = await file('lisi');
    const market = await as('market.clerk');
    const intakeId = (await market.get(`/api/cases/${kase.id}`)).body.tasks[0].id;
    const refused = await market.post(`/api/tasks/${intakeId}/intake`, {
      decision: 'reject',
      reason: '申请事项不属于本机关职权范围',
    });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      status: 'rejected',
      lifecycle: { rejectionReason: '申请事项不属于本机关职权范围' },
    });
    // No deadline or timer job is left; only the rejection letter waits for the worker.
    const left = await server.knex('jobs').where({ case_id: kase.id });
    expect(left.map((j) => j.kind)).toEqual(['case.document']);
  });
});

describe('Given an accepted case with a special procedure', () => {
  it('should move the deadline 7 working days for a 7-working-day expert review (Art. 45)', async () => {
    // Given a case accepted on 2026-09-28, due 2026-10-30
    on('2026-09-28');
    const kase = await file();
    await acceptAtWindow(server.url, kase.id);
    const market = await as('market.clerk');
    const applicant = await as('zhangsan');

    // When market regulation starts an expert review on 2026-10-12, expected to take 7 working days
    on('2026-10-12');
    const paused = await market.post(`/api/cases/${kase.id}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'expertReview',
      reason: '组织食品安全专家评审',
      expectedWorkingDays: 7,
    });
    expect(paused.status).toBe(200);
    // Then the clock is paused with the working days it had left, for clerks and the applicant alike
    const seen = await applicant.get(`/api/cases/${kase.id}`);
    expect(seen.body.clock).toMatchObject({ state: 'paused', remainingWorkingDays: 14, light: null });
    expect(seen.body.clock.pauses[0]).toMatchObject({
      kind: 'specialProcedure',
      procedure: 'expertReview',
      expectedWorkingDays: 7,
      from: '2026-10-12',
      until: null,
    });
    expect(seen.body.deadline).toBeNull();
    // and the open step's deadline is put aside, its reminders and the case's 催办 cancelled
    const step = seen.body.tasks.find((t: { kind: string }) => t.kind === 'step');
    expect(step.deadline).toBeNull();
    expect(step.pausedRemainingWorkingDays).not.toBeNull();
    expect(await server.knex('jobs').where('key', 'like', `task:${step.id}:%`)).toHaveLength(0);
    expect(await server.knex('jobs').where('key', 'like', `case:${kase.id}:deadline:%`)).toHaveLength(0);
    // and a second pause is refused
    const twice = await market.post(`/api/cases/${kase.id}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'testing',
      reason: '检测',
      expectedWorkingDays: 3,
    });
    expect(twice.status).toBe(409);

    // When the review's result comes back 7 working days later
    on('2026-10-21');
    const resumed = await market.post(`/api/cases/${kase.id}/clock/resume`, { result: '评审通过' });
    expect(resumed.status).toBe(200);
    // Then the deadline is 7 working days later: 2026-11-10
    expect(resumed.body.clock).toMatchObject({
      state: 'running',
      dueDate: '2026-11-10',
      remainingWorkingDays: 14,
    });
    expect(resumed.body.deadline.dueDate).toBe('2026-11-10');
    // and the step counts its remaining days again, with its 催办 rescheduled
    const again = resumed.body.tasks.find((t: { id: string }) => t.id === step.id);
    expect(again.pausedRemainingWorkingDays).toBeNull();
    expect(again.deadline.remainingWorkingDays).toBe(step.pausedRemainingWorkingDays);
    expect(await server.knex('jobs').where('key', 'like', `task:${step.id}:%`)).not.toHaveLength(0);
    // and the timeline shows both, with the procedure and the days it took
    const resumedEntry = resumed.body.timeline.find((e: { type: string }) => e.type === 'clock.resumed');
    expect(resumedEntry.detail).toMatchObject({
      procedure: 'expertReview',
      pausedWorkingDays: 7,
      result: '评审通过',
    });
    expect(resumed.body.clock.pauses[0]).toMatchObject({ until: '2026-10-21', result: '评审通过' });
  });

  it('should refuse a special procedure without its expected duration, and a pause by the applicant', async () => {
    on('2026-03-02');
    const kase = await file('lisi');
    await acceptAtWindow(server.url, kase.id);
    const market = await as('market.clerk');
    const noDuration = await market.post(`/api/cases/${kase.id}/clock/pause`, {
      kind: 'specialProcedure',
      procedure: 'testing',
      reason: '抽样检测',
    });
    expect(noDuration.status).toBe(400);
    expect(noDuration.body.error.details[0].path).toBe('expectedWorkingDays');
    const applicant = await (await as('lisi')).post(`/api/cases/${kase.id}/clock/pause`, {
      kind: 'correction',
      reason: '想暂停',
    });
    expect(applicant.status).toBe(403);
    // and a clerk of a department with no step in the case does not learn it exists
    const fire = await (await as('fire.clerk')).post(`/api/cases/${kase.id}/clock/resume`, { result: 'x' });
    expect(fire.status).toBe(404);
  });
});

describe('Given an accepted bundle case that needs more time', () => {
  it('should allow one extension of up to 15 working days, approved by a manager with a reason (Art. 42)', async () => {
    on('2026-02-12');
    const kase = await file();
    await acceptAtWindow(server.url, kase.id);
    const manager = await as('manager');
    on('2026-03-10');
    // A clerk cannot approve an extension; 16 working days exceed the joint limit's extension
    expect(
      (
        await (
          await as('market.clerk')
        ).post(`/api/cases/${kase.id}/clock/extend`, { workingDays: 5, reason: '核查' })
      ).status,
    ).toBe(403);
    expect(
      (await manager.post(`/api/cases/${kase.id}/clock/extend`, { workingDays: 16, reason: '核查' })).status,
    ).toBe(400);
    expect(
      (await manager.post(`/api/cases/${kase.id}/clock/extend`, { workingDays: 5, reason: ' ' })).status,
    ).toBe(400);

    // When the manager approves 15 working days with the reason
    const extended = await manager.post(`/api/cases/${kase.id}/clock/extend`, {
      workingDays: 15,
      reason: '需现场核查经营场所',
    });
    expect(extended.status).toBe(200);
    // Then the deadline moves from 2026-03-18 to 2026-04-09, and the applicant sees why
    const seen = await (await as('zhangsan')).get(`/api/cases/${kase.id}`);
    expect(seen.body.clock).toMatchObject({
      dueDate: '2026-04-09',
      extension: { workingDays: 15, reason: '需现场核查经营场所' },
    });
    expect(seen.body.lifecycle.maxExtensionWorkingDays).toBe(15);
    expect(seen.body.timeline.at(-1)).toMatchObject({
      type: 'clock.extended',
      actor: { displayName: expect.any(String) },
      detail: { workingDays: 15, reason: '需现场核查经营场所' },
    });
    // and a second extension is refused, changing nothing
    const second = await manager.post(`/api/cases/${kase.id}/clock/extend`, {
      workingDays: 1,
      reason: '再延',
    });
    expect(second.status).toBe(409);
    expect((await manager.get(`/api/cases/${kase.id}`)).body.clock.dueDate).toBe('2026-04-09');
  });
});

describe('Given warning policies per bundle and per item', () => {
  it('should light, remind and escalate by the configured thresholds and grace', async () => {
    const admin = await as('admin');
    // The bundle warns 5 working days ahead; the business licence reminds 2 ahead and escalates 2 after 催办
    expect(
      (
        await admin.request('PUT', '/api/admin/bundles/restaurant/warning-policy', {
          yellowWithinWorkingDays: 25,
        })
      ).status,
    ).toBe(200);
    const bad = await admin.request('PUT', '/api/admin/items/000104001000/warning-policy', {
      remindBeforeWorkingDays: -1,
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await admin.request('PUT', '/api/admin/items/000104001000/warning-policy', {
          remindBeforeWorkingDays: 2,
          superviseAfterWorkingDays: 2,
        })
      ).status,
    ).toBe(200);
    expect(
      (await (await as('manager')).request('PUT', '/api/admin/bundles/restaurant/warning-policy', {})).status,
    ).toBe(403);

    // Given a case accepted Mon 2026-03-02: the business licence's intake step (5 working days) is due Mon 03-09
    on('2026-03-02');
    const kase = await file();
    const accepted = await acceptAtWindow(server.url, kase.id);
    // Then the case is yellow at once: 20 working days left is within the bundle's 25
    expect(accepted.clock).toMatchObject({ remainingWorkingDays: 20, light: 'yellow' });
    const step = accepted.tasks.find((t: { kind: string }) => t.kind === 'step');
    expect(step).toMatchObject({
      itemCode: '000104001000',
      deadline: { dueDate: '2026-03-09', light: 'green' },
    });
    // and the step's reminder is set for 2 working days before its deadline (Thu 03-05, Beijing midnight)
    const remind = await server
      .knex('jobs')
      .where({ key: `task:${step.id}:remind` })
      .first('run_at', 'kind');
    expect(remind).toMatchObject({ kind: 'task.remind' });
    expect(remind.run_at.toISOString()).toBe('2026-03-04T16:00:00.000Z');

    // When the reminder and, after the deadline, 催办 run
    on('2026-03-10');
    await sweep();
    const log = (await admin.get(`/api/cases/${kase.id}`)).body.timeline.map((e: { type: string }) => e.type);
    expect(log).toEqual(expect.arrayContaining(['task.reminded', 'task.urged']));
    // Then 督办 is scheduled after the item's 2-working-day grace: Thu 03-12
    const supervise = await server
      .knex('jobs')
      .where({ key: `task:${step.id}:supervise` })
      .first('run_at');
    expect(supervise.run_at.toISOString()).toBe('2026-03-11T16:00:00.000Z');
    // And the red light comes when the step overruns its own limit, while the case is still within its own
    const late = await admin.get(`/api/cases/${kase.id}`);
    expect(late.body.tasks.find((t: { id: string }) => t.id === step.id).deadline.light).toBe('red');
    expect(late.body.clock.light).toBe('yellow');
  });
});
