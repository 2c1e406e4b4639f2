import { describe, expect, it } from 'vitest';
import { transition as xstateTransition } from 'xstate';
import type { Limit } from '../../src';
import {
  machineStartClock,
  remainingWorkingDays,
  startClock,
  statutoryClockMachine,
  stepClock,
} from '../../src/clock/statutoryClock';
import { chinaCalendar as calendar } from './chinaCalendar';

const twenty: Limit = { value: 20, unit: 'workingDays', kind: 'statutory' };

describe('statutory clock', () => {
  it('should start counting the day after acceptance', () => {
    // Given a case accepted on 2026-02-12 with the default 20-working-day limit
    const clock = startClock(twenty, '2026-02-12', calendar);
    // Then it is due 2026-03-18 and 20 working days remain
    expect(clock.context.dueDate).toBe('2026-03-18');
    expect(remainingWorkingDays(clock, '2026-02-12', calendar)).toBe(20);
  });

  it('should move the deadline by the working days an expert review took (Art. 45)', () => {
    // Given a clock due 2026-10-30 (accepted 2026-09-28)
    let clock = startClock(twenty, '2026-09-28', calendar);
    // When an expert review starts on Mon 2026-10-12 and its result returns 7 working days later
    clock = stepClock(
      clock,
      {
        type: 'clock.pause',
        on: '2026-10-12',
        kind: 'specialProcedure',
        procedure: 'expertReview',
        reason: '专家评审',
        expectedWorkingDays: 7,
      },
      calendar,
    );
    expect(clock.state).toBe('paused');
    expect(remainingWorkingDays(clock, '2026-10-15', calendar)).toBe(
      remainingWorkingDays(clock, '2026-10-12', calendar),
    );
    clock = stepClock(clock, { type: 'clock.resume', on: '2026-10-21' }, calendar);
    // Then the deadline is 7 working days later: 2026-10-30 → 2026-11-10
    expect(clock.state).toBe('running');
    expect(clock.context.dueDate).toBe('2026-11-10');
    expect(clock.context.pauses[0]).toMatchObject({
      from: '2026-10-12',
      until: '2026-10-21',
      procedure: 'expertReview',
    });
  });

  it('should not count a pause that spans the National Day holiday twice', () => {
    // Given a clock due 2026-10-30, paused on Tue 9/29 for an inspection, resumed on Fri 10/9
    let clock = startClock(twenty, '2026-09-28', calendar);
    const remaining = remainingWorkingDays(clock, '2026-09-29', calendar);
    clock = stepClock(
      clock,
      {
        type: 'clock.pause',
        on: '2026-09-29',
        kind: 'specialProcedure',
        procedure: 'inspection',
        reason: '现场核查',
      },
      calendar,
    );
    clock = stepClock(clock, { type: 'clock.resume', on: '2026-10-09' }, calendar);
    // Then the 19 working days left (9/30, 10/8–10, 10/12–30) count from the day after 10/9:
    // Sat 10/10 (make-up) is 1, 10/12–30 are 2–16, 11/2–4 are 17–19.
    expect(remaining).toBe(19);
    expect(clock.context.dueDate).toBe('2026-11-04');
  });

  it('should allow one approved extension of at most the maximum (Art. 42)', () => {
    let clock = startClock(twenty, '2026-02-12', calendar);
    const extend = {
      type: 'clock.extend' as const,
      on: '2026-03-10',
      maxWorkingDays: 10,
      approverId: 'head-1',
      reason: '需实地核查',
    };
    expect(() => stepClock(clock, { ...extend, workingDays: 11 }, calendar)).toThrow(/1–10 working days/);
    expect(() => stepClock(clock, { ...extend, workingDays: 5, reason: ' ' }, calendar)).toThrow(/reason/);
    clock = stepClock(clock, { ...extend, workingDays: 10 }, calendar);
    // 2026-03-18 + 10 working days = 2026-04-01
    expect(clock.context.dueDate).toBe('2026-04-01');
    expect(() => stepClock(clock, { ...extend, workingDays: 1 }, calendar)).toThrow(/one extension/);
  });

  it('should refuse to resume a running clock', () => {
    const clock = startClock(twenty, '2026-02-12', calendar);
    expect(() => stepClock(clock, { type: 'clock.resume', on: '2026-02-20' }, calendar)).toThrow(
      /running clock/,
    );
  });

  it('should survive a JSON round trip', () => {
    let clock = startClock(twenty, '2026-02-12', calendar);
    clock = stepClock(
      clock,
      { type: 'clock.pause', on: '2026-02-26', kind: 'correction', reason: '补正' },
      calendar,
    );
    const restored = JSON.parse(JSON.stringify(clock));
    expect(stepClock(restored, { type: 'clock.resume', on: '2026-03-02' }, calendar)).toEqual(
      stepClock(clock, { type: 'clock.resume', on: '2026-03-02' }, calendar),
    );
  });

  it('should start and stop exactly as the machine does (the fast paths of the hot path)', () => {
    // Given the same limit and day, the shortcut start equals the machine's initial state
    expect(startClock(twenty, '2026-02-12', calendar)).toEqual(
      machineStartClock(twenty, '2026-02-12', calendar),
    );
    // and stopping a running or a paused clock equals the machine's transition
    const running = startClock(twenty, '2026-02-12', calendar);
    const paused = stepClock(
      running,
      { type: 'clock.pause', on: '2026-02-24', kind: 'correction', reason: '补正' },
      calendar,
    );
    for (const clock of [running, paused]) {
      const state = statutoryClockMachine.resolveState({ value: clock.state, context: clock.context });
      const [next] = xstateTransition(statutoryClockMachine, state, {
        type: 'clock.stop',
        on: '2026-03-02',
        calendar,
      });
      expect(stepClock(clock, { type: 'clock.stop', on: '2026-03-02' }, calendar)).toEqual({
        state: next.value,
        context: next.context,
      });
    }
  });
});
