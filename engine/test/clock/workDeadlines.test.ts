import { describe, expect, it } from 'vitest';
import {
  endOfShanghaiDay,
  extendedClockBasis,
  type Limit,
  type OpenDeadline,
  pausedWorkingDays,
  recountDeadline,
  resumeDeadlines,
  resumedClockBasis,
  setAsideDeadlines,
  startClock,
  stepClock,
} from '../../src';
import { chinaCalendar as calendar, chinaCalendarWith2027 } from '../calendar/chinaCalendar';

const step = (key: string, dueDate: string | null, extra: Partial<OpenDeadline> = {}): OpenDeadline => ({
  kind: 'task',
  key,
  dueDate,
  paused: false,
  pausedRemaining: null,
  startDate: null,
  limit: null,
  ...extra,
});

/** What a step looks like after the host wrote a pause's effect. */
const afterPause = (work: OpenDeadline, remaining: number): OpenDeadline => ({
  ...work,
  paused: true,
  pausedRemaining: remaining,
});

describe('step and item deadlines on pause and resume (Art. 45)', () => {
  it('a pause over a weekend: the weekend is not counted, the days left come back from the resume day', () => {
    // Fri 2025-11-07, the step is due Wed 11-12: Mon, Tue, Wed left.
    const [paused] = setAsideDeadlines([step('t1', '2025-11-12')], { on: '2025-11-07', calendar });
    expect(paused).toEqual({
      type: 'task.deadline',
      taskId: 't1',
      change: 'paused',
      dueDate: '2025-11-12',
      dueAt: null,
      provisional: null,
      pausedRemaining: 3,
      basis: null,
    });
    // Resumed Mon 11-10 (one working day stopped): Tue, Wed, Thu.
    const [resumed] = resumeDeadlines([afterPause(step('t1', '2025-11-12'), 3)], {
      on: '2025-11-10',
      calendar,
    });
    expect(resumed).toEqual({
      type: 'task.deadline',
      taskId: 't1',
      change: 'resumed',
      dueDate: '2025-11-13',
      dueAt: endOfShanghaiDay('2025-11-13'),
      provisional: false,
      pausedRemaining: null,
      basis: { startDate: '2025-11-10', limit: { value: 3, unit: 'workingDays', kind: 'statutory' } },
    });
    expect(pausedWorkingDays(calendar, '2025-11-07', '2025-11-10')).toBe(1);
  });

  it('a pause over the National Day holiday: holidays are skipped, make-up Saturdays count', () => {
    // Fri 2025-09-26, due Thu 10-16: Sun 9/28 (worked), 9/29, 9/30, then 10/9, 10/10, Sat 10/11
    // (worked), 10/13–10/16 — the holiday 10/1–10/8 is not counted.
    const [paused] = setAsideDeadlines([step('t1', '2025-10-16')], { on: '2025-09-26', calendar });
    expect(paused?.pausedRemaining).toBe(10);
    // Resumed Fri 10-17: ten working days from the next Monday.
    const [resumed] = resumeDeadlines([afterPause(step('t1', '2025-10-16'), 10)], {
      on: '2025-10-17',
      calendar,
    });
    expect(resumed?.dueDate).toBe('2025-10-31');
  });

  it('several pauses: each sets aside what the last resume gave back', () => {
    let work = step('t1', '2025-10-16');
    const first = setAsideDeadlines([work], { on: '2025-09-26', calendar })[0]!;
    work = afterPause(work, first.pausedRemaining!);
    const back = resumeDeadlines([work], { on: '2025-10-17', calendar })[0]!;
    expect(back.dueDate).toBe('2025-10-31');
    work = step('t1', back.dueDate, { startDate: back.basis!.startDate, limit: back.basis!.limit });
    // Paused again Wed 10-29 with Thu and Fri left; resumed Mon 11-03: Tue and Wed.
    const second = setAsideDeadlines([work], { on: '2025-10-29', calendar })[0]!;
    expect(second.pausedRemaining).toBe(2);
    const again = resumeDeadlines([afterPause(work, 2)], { on: '2025-11-03', calendar })[0]!;
    expect(again.dueDate).toBe('2025-11-05');
    expect(again.basis).toEqual({
      startDate: '2025-11-03',
      limit: { value: 2, unit: 'workingDays', kind: 'statutory' },
    });
  });

  it('a step already overdue at the pause is as overdue after it; its deadline is its own basis', () => {
    const [paused] = setAsideDeadlines([step('t1', '2025-11-05')], { on: '2025-11-07', calendar });
    expect(paused?.pausedRemaining).toBe(-2);
    const [resumed] = resumeDeadlines([afterPause(step('t1', '2025-11-05'), -2)], {
      on: '2025-11-10',
      calendar,
    });
    // Two working days before the resume day: Thu 11-06.
    expect(resumed?.dueDate).toBe('2025-11-06');
    expect(resumed?.basis).toEqual({
      startDate: '2025-11-06',
      limit: { value: 0, unit: 'workingDays', kind: 'statutory' },
    });
  });

  it('only counting deadlines are set aside, only set-aside ones resume; an item keeps its limit kind', () => {
    const promised: Limit = { value: 8, unit: 'workingDays', kind: 'promised' };
    const item: OpenDeadline = {
      kind: 'item',
      key: 'sub#1',
      dueDate: '2025-11-12',
      paused: false,
      pausedRemaining: null,
      startDate: '2025-11-03',
      limit: promised,
    };
    const work = [step('no-limit', null), afterPause(step('already', '2025-11-20'), 5), item];
    const paused = setAsideDeadlines(work, { on: '2025-11-07', calendar });
    expect(paused.map((e) => e.type === 'item.deadline' && e.scopeKey)).toEqual(['sub#1']);
    const resumed = resumeDeadlines([afterPause(item, 3), step('counting', '2025-11-20')], {
      on: '2025-11-10',
      calendar,
    });
    expect(resumed).toEqual([
      {
        type: 'item.deadline',
        scopeKey: 'sub#1',
        change: 'resumed',
        dueDate: '2025-11-13',
        dueAt: endOfShanghaiDay('2025-11-13'),
        provisional: false,
        pausedRemaining: null,
        basis: { startDate: '2025-11-10', limit: { value: 3, unit: 'workingDays', kind: 'promised' } },
      },
    ]);
  });
});

describe('the case deadline basis after a resume or an extension', () => {
  const twenty: Limit = { value: 20, unit: 'workingDays', kind: 'statutory' };

  it('resumed: what was left at the pause, from the resume day', () => {
    let clock = startClock(twenty, '2025-11-03', calendar);
    clock = stepClock(
      clock,
      { type: 'clock.pause', on: '2025-11-07', kind: 'correction', reason: '补正' },
      calendar,
    );
    const left = clock.context.pauses.at(-1)!.remainingAtPause;
    clock = stepClock(clock, { type: 'clock.resume', on: '2025-11-12' }, calendar);
    expect(resumedClockBasis(clock, '2025-11-12')).toEqual({
      startDate: '2025-11-12',
      limit: { ...twenty, value: left },
    });
  });

  it('extended: the working days left as of the extension day', () => {
    let clock = startClock(twenty, '2025-11-03', calendar);
    clock = stepClock(
      clock,
      {
        type: 'clock.extend',
        on: '2025-11-10',
        workingDays: 5,
        maxWorkingDays: 10,
        approverId: 'head',
        reason: '复杂',
      },
      calendar,
    );
    const basis = extendedClockBasis(clock, '2025-11-10', calendar);
    // 20 working days from 11-03 end on 12-01; five more end on 12-08; 11-10 leaves 20.
    expect(clock.context.dueDate).toBe('2025-12-08');
    expect(basis).toEqual({ startDate: '2025-11-10', limit: { ...twenty, value: 20 } });
  });
});

describe('a new calendar recounts a step from its basis', () => {
  const five: Limit = { value: 5, unit: 'workingDays', kind: 'statutory' };
  const work = { ...step('t1', null), startDate: '2026-12-28', limit: five };

  it('a counting step gets the new date and its instant; no longer provisional once the year is known', () => {
    const before = recountDeadline(work, { calendar, pausedSince: '2026-12-28' });
    const after = recountDeadline(work, { calendar: chinaCalendarWith2027, pausedSince: '2026-12-28' });
    expect(before.provisional).toBe(true);
    expect(after).toMatchObject({ change: 'recounted', provisional: false, pausedRemaining: null });
    // 12/29, 12/30, 12/31, then 1/1–1/4 rest under the notice: 1/5, 1/6.
    expect(after.dueDate).toBe('2027-01-06');
    expect(after.dueAt).toBe(endOfShanghaiDay('2027-01-06'));
  });

  it('a set-aside step keeps waiting: only its days left, from the day its case paused, change', () => {
    const paused = recountDeadline(
      { ...work, paused: true, pausedRemaining: 4 },
      { calendar: chinaCalendarWith2027, pausedSince: '2026-12-29' },
    );
    expect(paused).toMatchObject({ dueAt: null, dueDate: '2027-01-06', pausedRemaining: 4 });
  });
});
