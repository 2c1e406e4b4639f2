import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  type CaseSnapshot,
  type Effect,
  type ProcessDefinition,
  parseBpmn,
  readCase,
  transition,
} from '../../src';
import { chinaCalendar as calendar } from '../calendar/chinaCalendar';
import { calendar as plainCalendar, SimulatedHost } from '../support/simulatedHost';

const restaurant = await parseBpmn(
  readFileSync(
    new URL('../../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
    'utf8',
  ),
  { version: 1 },
);

/** A case driven with the real 2026 holiday calendar, one event at a time, at Shanghai 10:00. */
class Case {
  snapshot: CaseSnapshot | null = null;
  effects: Effect[] = [];
  constructor(readonly definition: ProcessDefinition = restaurant) {}

  on(date: string, event: CaseEvent): Effect[] {
    const result = transition(this.definition, this.snapshot, event, {
      now: `${date}T02:00:00.000Z`,
      calendar,
    });
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot));
    this.effects = result.effects;
    return result.effects;
  }

  get phase() {
    return this.snapshot!.phase;
  }
  get context() {
    return readCase(this.definition, this.snapshot!).context;
  }
  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> {
    const found = this.effects.find((e) => e.type === type);
    if (!found) throw new Error(`no ${type} in ${this.effects.map((e) => e.type)}`);
    return found as Extract<Effect, { type: T }>;
  }
}

const file = (): CaseEvent => ({ type: 'case.file', actorId: 'zhangsan', variables: { 'shop.area': 120 } });

describe('case lifecycle: intake at the window (预审 → 受理)', () => {
  it('should wait at the window with a 5-working-day correction-notice deadline', () => {
    // Given a restaurant case filed on Fri 2026-02-13 (Spring Festival follows)
    const kase = new Case();
    kase.on('2026-02-13', file());
    // Then it waits in pre-review, no department step is open and no clock runs yet
    expect(kase.phase).toBe('preReview');
    expect(kase.effects.some((e) => e.type === 'task.create')).toBe(false);
    // and the intake step is due on the 5th working day after receipt: 2026-02-27 (rule 2)
    const intake = kase.effect('intake.open');
    expect(intake).toMatchObject({
      activationKey: 'intake#1',
      receivedOn: '2026-02-13',
      dueDate: '2026-02-27',
    });
    // and deemed acceptance is armed for the first instant after that day (Shanghai midnight)
    expect(kase.effect('timer.schedule')).toMatchObject({
      key: 'intake:deemedAcceptance#1',
      dueAt: '2026-02-27T16:00:00.000Z',
    });
  });

  it('should start the clock the day after acceptance and open the first step', () => {
    // Given a case filed 2026-02-12
    const kase = new Case();
    kase.on('2026-02-12', file());
    // When the window accepts it the same day
    kase.on('2026-02-12', { type: 'intake.accept', actorId: 'market.clerk' });
    // Then the intake closes, its timer is cancelled and the promised 20 working days run to 2026-03-18
    expect(kase.phase).toBe('inProgress');
    expect(kase.effect('intake.close').outcome).toBe('accepted');
    expect(kase.effect('timer.cancel').key).toBe('intake:deemedAcceptance#1');
    expect(kase.effect('case.accepted')).toMatchObject({ acceptedOn: '2026-02-12', deemed: false });
    expect(kase.effect('case.deadline').dueDate).toBe('2026-03-18');
    expect(kase.effect('task.create').elementId).toBe('Task_businessLicence');
    expect(kase.context.clock?.state).toBe('running');
  });

  it('should accept by law as of receipt when no correction notice comes in time (Art. 32)', () => {
    // Given a case received on 2026-09-28 that nobody at the window looks at
    const kase = new Case();
    kase.on('2026-09-28', file());
    const timer = kase.effect('timer.schedule');
    // When its deemed-acceptance timer fires (after the 5th working day, National Day in between)
    kase.on('2026-10-13', { type: 'timer.fire', key: timer.key });
    // Then the case is accepted as of 2026-09-28, flagged deemed, and the limit counts from then
    expect(kase.phase).toBe('inProgress');
    expect(kase.effect('case.accepted')).toMatchObject({
      acceptedOn: '2026-09-28',
      receivedOn: '2026-09-28',
      deemed: true,
    });
    expect(kase.effect('intake.close').outcome).toBe('deemedAccepted');
    // promised 20 working days from 2026-09-28 → 2026-10-30 (rule 2)
    expect(kase.effect('case.deadline').dueDate).toBe('2026-10-30');
    expect(kase.context.intake).toMatchObject({ deemed: true, acceptedBy: null });
  });

  it('should take one correction notice, then accept as of the day the corrections came in', () => {
    const kase = new Case();
    kase.on('2026-03-02', file());
    // When the window tells every correction at once
    kase.on('2026-03-03', {
      type: 'intake.requestCorrection',
      actorId: 'market.clerk',
      items: [
        { subject: 'material:leaseContract', reason: '租赁合同未签章' },
        { subject: 'shop.address', reason: '地址与租赁合同不一致' },
      ],
    });
    // Then the case waits for the applicant and the deemed-acceptance timer is cancelled
    expect(kase.phase).toBe('correction');
    expect(kase.effect('timer.cancel').key).toBe('intake:deemedAcceptance#1');
    expect(kase.effect('case.correctionNotice').notice.items).toHaveLength(2);
    // and a second notice is refused: corrections are told once (一次性告知)
    expect(() =>
      kase.on('2026-03-04', {
        type: 'intake.requestCorrection',
        actorId: 'x',
        items: [{ subject: 'a', reason: 'b' }],
      }),
    ).toThrow(/does not accept/);

    // When the applicant hands the corrections in on 2026-03-10
    kase.on('2026-03-10', {
      type: 'correction.submit',
      actorId: 'zhangsan',
      variables: { 'shop.address': '新址' },
    });
    expect(kase.phase).toBe('preReview');
    expect(kase.effect('intake.open')).toMatchObject({ activationKey: 'intake#2', dueDate: '2026-03-17' });
    expect(() =>
      kase.on('2026-03-11', {
        type: 'intake.requestCorrection',
        actorId: 'x',
        items: [{ subject: 'a', reason: 'b' }],
      }),
    ).toThrow(/does not accept/);
    // and the window accepts two days later
    kase.on('2026-03-12', { type: 'intake.accept', actorId: 'market.clerk' });
    // Then the acceptance date is the day the corrections were complete (rule 6)
    expect(kase.effect('case.accepted').acceptedOn).toBe('2026-03-10');
    expect(kase.context.tokens.variables['shop.address']).toBe('新址');
  });

  it('should refuse a case at the window with a reason, and nothing runs after', () => {
    const kase = new Case();
    kase.on('2026-03-02', file());
    expect(() => kase.on('2026-03-02', { type: 'intake.reject', actorId: 'c', reason: ' ' })).toThrow(
      /reason/,
    );
    kase.on('2026-03-02', { type: 'intake.reject', actorId: 'c', reason: '不属于本机关职权范围' });
    expect(kase.phase).toBe('rejected');
    expect(kase.effect('case.rejected').reason).toBe('不属于本机关职权范围');
    expect(() => kase.on('2026-03-03', { type: 'intake.accept', actorId: 'c' })).toThrow(/does not accept/);
  });
});

describe('case lifecycle: the statutory clock of an accepted case', () => {
  const accepted = (on: string) => {
    const kase = new Case();
    kase.on(on, file());
    kase.on(on, { type: 'intake.accept', actorId: 'market.clerk' });
    return kase;
  };

  it('should move the deadline 7 working days for a 7-working-day expert review (Art. 45)', () => {
    // Given a case accepted 2026-09-28, due 2026-10-30
    const kase = accepted('2026-09-28');
    // When an expert review starts on 2026-10-12, expected to take 7 working days
    kase.on('2026-10-12', {
      type: 'clock.pause',
      actorId: 'market.clerk',
      kind: 'specialProcedure',
      procedure: 'expertReview',
      reason: '组织专家评审',
      expectedWorkingDays: 7,
    });
    expect(kase.effect('case.clock')).toMatchObject({ change: 'paused', clock: { state: 'paused' } });
    // and its result comes back 7 working days later
    kase.on('2026-10-21', { type: 'clock.resume', actorId: 'market.clerk', result: '评审通过' });
    // Then the deadline is 2026-11-10, and the review's result is kept with the pause
    expect(kase.effect('case.deadline').dueDate).toBe('2026-11-10');
    expect(kase.context.deadline?.dueDate).toBe('2026-11-10');
    expect(kase.context.clock?.context.pauses[0]).toMatchObject({ until: '2026-10-21', result: '评审通过' });
  });

  it('should take an extension during a pause without setting a deadline until the clock resumes', () => {
    // Given a case accepted 2026-09-28 (due 10-30), paused on 10-12 with 14 working days left
    const kase = accepted('2026-09-28');
    kase.on('2026-10-12', {
      type: 'clock.pause',
      actorId: 'c',
      kind: 'specialProcedure',
      procedure: 'testing',
      reason: '抽样检测',
      expectedWorkingDays: 5,
    });
    // When a manager extends by 5 during the pause
    kase.on('2026-10-14', {
      type: 'clock.extend',
      approverId: 'manager',
      workingDays: 5,
      reason: '检测周期长',
    });
    // Then no deadline is set while paused
    expect(kase.effects.map((e) => e.type)).toEqual(['case.clock']);
    // When the clock resumes on 10-19, 14 + 5 working days remain: due 2026-11-13
    kase.on('2026-10-19', { type: 'clock.resume', actorId: 'c', result: '检测合格' });
    expect(kase.effect('case.deadline').dueDate).toBe('2026-11-13');
  });

  it('should refuse a special procedure without its expected duration, and an unknown one', () => {
    const kase = accepted('2026-03-02');
    const pause = { type: 'clock.pause', actorId: 'c', kind: 'specialProcedure', reason: '检测' } as const;
    expect(() => kase.on('2026-03-03', { ...pause, procedure: 'testing' })).toThrow(/expected duration/);
    expect(() =>
      kase.on('2026-03-03', { ...pause, procedure: 'astrology' as never, expectedWorkingDays: 3 }),
    ).toThrow(/special procedure/);
    expect(() => kase.on('2026-03-03', { type: 'clock.resume', actorId: 'c', result: '' })).toThrow(
      /does not accept/,
    );
  });

  it('should allow one extension of at most 15 working days for a joint bundle (Art. 42)', () => {
    // Given a restaurant bundle (several items, handled jointly) accepted 2026-02-12, due 2026-03-18
    const kase = accepted('2026-02-12');
    // When 16 working days are asked, it is refused
    expect(() =>
      kase.on('2026-03-10', {
        type: 'clock.extend',
        approverId: 'manager',
        workingDays: 16,
        reason: '现场核查',
      }),
    ).toThrow(/1–15 working days/);
    // and without a reason, too
    expect(() =>
      kase.on('2026-03-10', { type: 'clock.extend', approverId: 'manager', workingDays: 5, reason: '' }),
    ).toThrow(/reason/);
    // When 15 are approved
    kase.on('2026-03-10', {
      type: 'clock.extend',
      approverId: 'manager',
      workingDays: 15,
      reason: '现场核查',
    });
    // Then the deadline moves 15 working days: 2026-03-18 → 2026-04-09
    expect(kase.effect('case.deadline').dueDate).toBe('2026-04-09');
    expect(kase.effect('case.clock').clock.context.extension).toMatchObject({ approverId: 'manager' });
    // and a second extension is refused
    expect(() =>
      kase.on('2026-03-11', { type: 'clock.extend', approverId: 'manager', workingDays: 1, reason: '再延' }),
    ).toThrow(/one extension/);
  });

  it('should stop the clock at the decision and set the issuance deadline 10 working days on (Art. 44)', () => {
    const kase = accepted('2026-09-28');
    const complete = (elementId: string, on: string) => {
      const task = kase.context.tokens.waiting.find((t) => t.elementId === elementId)!;
      kase.on(on, {
        type: 'task.complete',
        activationKey: task.activationKey,
        actorId: 'c',
        outcome: 'approved',
      });
    };
    complete('Task_businessLicence', '2026-09-29');
    complete('Task_foodLicence', '2026-09-29');
    complete('Task_fireCheck', '2026-09-29');
    complete('Task_signage', '2026-09-30');
    // Then the case is concluded, the clock stopped, and the results are due 10 working days after
    // 2026-09-30 — National Day and its make-up Saturday counted: 2026-10-20
    expect(kase.phase).toBe('concluded');
    expect(kase.effect('case.clock').change).toBe('stopped');
    expect(kase.effect('case.issuance').dueDate).toBe('2026-10-20');
    // When the licences are handed over
    kase.on('2026-10-12', { type: 'case.deliver', actorId: 'market.clerk', method: '窗口领取' });
    expect(kase.phase).toBe('delivered');
    expect(kase.effect('case.delivered').method).toBe('窗口领取');
  });
});

describe('case lifecycle: BPMN timers pause with the case clock (Camunda #57549)', () => {
  it('should keep a timer’s remaining time while paused and schedule the rest on resume', async () => {
    // Given a process with a 3-day timer, accepted under a limit so it has a clock
    const xml = readFileSync(new URL('../events/timerEvents.bpmn', import.meta.url), 'utf8').replace(
      '<bpmn:startEvent id="Start" />',
      '<bpmn:extensionElements><yj:limit value="20" unit="workingDays" kind="statutory" /></bpmn:extensionElements><bpmn:startEvent id="Start" />',
    );
    const definition = await parseBpmn(xml, { version: 1 });
    const host = new SimulatedHost(definition, '2026-03-02T02:00:00.000Z');
    host.file();
    host.completeAt('Task_notice');
    const [key, dueAt] = [...host.timers.entries()][0]!;
    expect(dueAt).toBe('2026-03-05T02:00:00.000Z');

    // When the clock pauses one day into the timer
    host.now = '2026-03-03T02:00:00.000Z';
    const paused = host.send({
      type: 'clock.pause',
      actorId: 'c',
      kind: 'specialProcedure',
      procedure: 'inspection',
      reason: '现场勘验',
      expectedWorkingDays: 2,
    });
    // Then the host's timer is cancelled and a fire that still arrives does nothing
    expect(paused.filter((e) => e.type === 'timer.cancel').map((e) => e.type)).toEqual(['timer.cancel']);
    expect(host.timers.size).toBe(0);
    expect(
      transition(
        definition,
        host.snapshot,
        { type: 'timer.fire', key },
        {
          now: '2026-03-05T02:00:00.000Z',
          calendar: plainCalendar,
        },
      ).effects,
    ).toEqual([]);

    // When the clock resumes four days later
    host.now = '2026-03-07T02:00:00.000Z';
    const resumed = host.send({ type: 'clock.resume', actorId: 'c', result: '勘验完成' });
    // Then the same timer is scheduled for the two days it had left
    expect(resumed.find((e) => e.type === 'timer.schedule')).toMatchObject({
      key,
      dueAt: '2026-03-09T02:00:00.000Z',
    });
    host.advanceTo('2026-03-09T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Task_decide']);
  });

  it('should pause a timer armed while the clock is paused', async () => {
    const xml = readFileSync(new URL('../events/timerEvents.bpmn', import.meta.url), 'utf8').replace(
      '<bpmn:startEvent id="Start" />',
      '<bpmn:extensionElements><yj:limit value="20" unit="workingDays" kind="statutory" /></bpmn:extensionElements><bpmn:startEvent id="Start" />',
    );
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file();
    host.send({ type: 'clock.pause', actorId: 'c', kind: 'correction', reason: '审查中补正' });
    // When the step before the timer is completed during the pause
    const effects = host.completeAt('Task_notice');
    // Then the timer is armed and at once paused with its full three days
    expect(effects.map((e) => e.type).filter((t) => t.startsWith('timer.'))).toEqual([
      'timer.schedule',
      'timer.cancel',
    ]);
    const timer = readCase(host.definition, host.snapshot!).context.tokens.timers[0]!;
    expect(timer.remainingMs).toBe(3 * 24 * 3600 * 1000);
  });
});
