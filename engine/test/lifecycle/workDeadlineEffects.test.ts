import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  type CaseSnapshot,
  type Effect,
  endOfShanghaiDay,
  type OpenDeadline,
  type ProcessDefinition,
  parseBpmn,
  transition,
  type WorkCalendar,
} from '../../src';
import { chinaCalendar } from '../calendar/chinaCalendar';
import { calendar as plainCalendar } from '../support/simulatedHost';

/**
 * `transition` itself emits the `task.deadline` / `item.deadline` effects of a pause and a resume
 * from the open deadlines the host passes in (`ctx.openDeadlines`): the host only writes them.
 */
const restaurant = await parseBpmn(
  readFileSync(
    new URL('../../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
    'utf8',
  ),
  { version: 1 },
);
const twoItems = await parseBpmn(readFileSync(new URL('./itemPause.bpmn', import.meta.url), 'utf8'), {
  version: 1,
});

class Case {
  snapshot: CaseSnapshot | null = null;
  constructor(
    readonly definition: ProcessDefinition,
    readonly calendar: WorkCalendar,
  ) {}

  /** One event on `date` at Shanghai 10:00, with the open deadlines the host would read. */
  on(date: string, event: CaseEvent, openDeadlines?: OpenDeadline[]): Effect[] {
    const result = transition(this.definition, this.snapshot, event, {
      now: `${date}T02:00:00.000Z`,
      calendar: this.calendar,
      ...(openDeadlines ? { openDeadlines } : {}),
    });
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot));
    return result.effects;
  }
}

const work = (
  kind: 'task' | 'item',
  key: string,
  dueDate: string | null,
  extra: Partial<OpenDeadline> = {},
): OpenDeadline => ({
  kind,
  key,
  itemCode: null,
  dueDate,
  paused: false,
  pausedRemaining: null,
  startDate: null,
  limit: null,
  ...extra,
});
/** The row as the host holds it after writing a pause's effect. */
const setAside = (w: OpenDeadline, remaining: number): OpenDeadline => ({
  ...w,
  paused: true,
  pausedRemaining: remaining,
});
const moved = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'task.deadline' || e.type === 'item.deadline');

const pause = {
  type: 'clock.pause',
  actorId: 'market.clerk',
  kind: 'specialProcedure',
  procedure: 'expertReview',
  reason: '组织专家评审',
  expectedWorkingDays: 5,
} as const;

function acceptedRestaurant(on: string): Case {
  const kase = new Case(restaurant, chinaCalendar);
  kase.on(on, { type: 'case.file', actorId: 'zhangsan', variables: { 'shop.area': 120 } });
  kase.on(on, { type: 'intake.accept', actorId: 'market.clerk' });
  return kase;
}

describe('the engine moves step and item deadlines on pause and resume (Art. 45)', () => {
  it('a step-level pause across the National Day holiday sets aside the working days left, then counts them from the resume day', () => {
    // Given a case accepted Mon 2026-09-28 with a step due Tue 10-13, an item clock due Fri 10-09,
    // a step without a limit, and the 2026 National Day holiday (10-01 … 10-07)
    const kase = acceptedRestaurant('2026-09-28');
    const step = work('task', 't1', '2026-10-13');
    const item = work('item', 'Item_x#1', '2026-10-09', {
      limit: { value: 8, unit: 'workingDays', kind: 'promised' },
    });
    const open = [step, item, work('task', 'no-limit', null)];

    // When the clock pauses on Wed 09-30
    const paused = kase.on('2026-09-30', pause, open);
    // Then the clock effect comes first, and each deadline is set aside with the working days it
    // had left: the holiday is not counted (10-08, 10-09, 10-10 make-up Saturday, 10-12, 10-13)
    expect(paused.findIndex((e) => e.type === 'case.clock')).toBeLessThan(
      paused.findIndex((e) => e.type === 'task.deadline'),
    );
    expect(moved(paused)).toEqual([
      {
        type: 'task.deadline',
        taskId: 't1',
        change: 'paused',
        dueDate: '2026-10-13',
        dueAt: null,
        provisional: null,
        pausedRemaining: 5,
        basis: null,
      },
      {
        type: 'item.deadline',
        scopeKey: 'Item_x#1',
        change: 'paused',
        dueDate: '2026-10-09',
        dueAt: null,
        provisional: null,
        pausedRemaining: 2,
        basis: null,
      },
    ]);

    // When it resumes on Mon 10-12 (rows as the host wrote them)
    const resumed = kase.on('2026-10-12', { type: 'clock.resume', actorId: 'market.clerk', result: '通过' }, [
      setAside(step, 5),
      setAside(item, 2),
      work('task', 'no-limit', null),
    ]);
    // Then each gets its days back from the resume day; the item keeps its limit's kind
    expect(moved(resumed)).toEqual([
      {
        type: 'task.deadline',
        taskId: 't1',
        change: 'resumed',
        dueDate: '2026-10-19',
        dueAt: endOfShanghaiDay('2026-10-19'),
        provisional: false,
        pausedRemaining: null,
        basis: { startDate: '2026-10-12', limit: { value: 5, unit: 'workingDays', kind: 'statutory' } },
      },
      {
        type: 'item.deadline',
        scopeKey: 'Item_x#1',
        change: 'resumed',
        dueDate: '2026-10-14',
        dueAt: endOfShanghaiDay('2026-10-14'),
        provisional: false,
        pausedRemaining: null,
        basis: { startDate: '2026-10-12', limit: { value: 2, unit: 'workingDays', kind: 'promised' } },
      },
    ]);
  });

  it('an extension by N working days moves the case deadline and its basis; the steps keep theirs', () => {
    // Given a joint bundle accepted 2026-02-12, due 2026-03-18, with a step due 03-20
    const kase = acceptedRestaurant('2026-02-12');
    // When 5 working days are approved on 03-10
    const extended = kase.on(
      '2026-03-10',
      { type: 'clock.extend', approverId: 'manager', workingDays: 5, reason: '现场核查' },
      [work('task', 't1', '2026-03-20')],
    );
    // Then the case is due 5 working days later, and a later calendar counts from 03-10 what is left
    expect(extended.find((e) => e.type === 'case.deadline')).toMatchObject({ dueDate: '2026-03-25' });
    expect(extended.find((e) => e.type === 'case.clock')).toMatchObject({
      change: 'extended',
      basis: { startDate: '2026-03-10', limit: { value: 11, unit: 'workingDays' } },
    });
    expect(moved(extended)).toEqual([]);
  });

  it('an item-level pause moves only that item’s steps and clock, and its resume only those', () => {
    // Given two items running from Mon 2026-03-02, each with a step and an item clock
    const kase = new Case(twoItems, plainCalendar);
    kase.on('2026-03-02', { type: 'case.file', actorId: 'applicant', acceptOnTheSpot: true });
    const fireStep = work('task', 'fire-step', '2026-03-09', { itemCode: '111' });
    const signStep = work('task', 'sign-step', '2026-03-09', { itemCode: '222' });
    const fireItem = work('item', 'Item_fire#1', '2026-03-16', { itemCode: '111' });
    const signItem = work('item', 'Item_sign#1', '2026-03-16', { itemCode: '222' });
    const itemPause = { ...pause, type: 'item.pause', actorId: 'fire.clerk', itemCode: '111' } as const;

    // When the fire item starts an expert review on Tue 03-03 (the joint clock stops with it)
    const paused = kase.on('2026-03-03', itemPause, [fireStep, signStep, fireItem, signItem]);
    // Then only the fire item's step and clock are set aside
    expect(moved(paused).map((e) => [e.type, e.change, e.pausedRemaining])).toEqual([
      ['task.deadline', 'paused', 4],
      ['item.deadline', 'paused', 9],
    ]);
    expect(moved(paused)[0]).toMatchObject({ taskId: 'fire-step' });
    expect(moved(paused)[1]).toMatchObject({ scopeKey: 'Item_fire#1' });

    // When the signage item pauses too on Wed 03-04 (the joint clock is already stopped)
    const second = kase.on('2026-03-04', { ...itemPause, actorId: 'urban.clerk', itemCode: '222' }, [
      setAside(fireStep, 4),
      signStep,
      setAside(fireItem, 9),
      signItem,
    ]);
    expect(second.some((e) => e.type === 'case.clock')).toBe(false);
    expect(moved(second)).toMatchObject([
      { type: 'task.deadline', taskId: 'sign-step', pausedRemaining: 3 },
      { type: 'item.deadline', scopeKey: 'Item_sign#1', pausedRemaining: 8 },
    ]);

    // When the fire review ends on Mon 03-09
    const resumed = kase.on(
      '2026-03-09',
      { type: 'item.resume', actorId: 'fire.clerk', itemCode: '111', result: '通过' },
      [setAside(fireStep, 4), setAside(signStep, 3), setAside(fireItem, 9), setAside(signItem, 8)],
    );
    // Then only the fire item's deadlines count again; signage stays set aside
    expect(moved(resumed)).toMatchObject([
      { type: 'task.deadline', taskId: 'fire-step', change: 'resumed', dueDate: '2026-03-13' },
      { type: 'item.deadline', scopeKey: 'Item_fire#1', change: 'resumed', dueDate: '2026-03-20' },
    ]);
  });

  it('emits no deadline effects when the host passes none (a simulation)', () => {
    const kase = acceptedRestaurant('2026-09-28');
    expect(moved(kase.on('2026-09-30', pause))).toEqual([]);
  });
});
