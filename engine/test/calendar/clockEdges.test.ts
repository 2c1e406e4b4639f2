import { describe, expect, it } from 'vitest';
import { type Limit, RunError } from '../../src';
import {
  type ClockSnapshot,
  recountClock,
  remainingWorkingDays,
  startClock,
  stepClock,
} from '../../src/clock/statutoryClock';
import { chinaCalendar as calendar, chinaCalendarWith2027 } from './chinaCalendar';

const twenty: Limit = { value: 20, unit: 'workingDays', kind: 'statutory' };
const five: Limit = { value: 5, unit: 'workingDays', kind: 'promised' };
const pause = (on: string) =>
  ({
    type: 'clock.pause',
    on,
    kind: 'specialProcedure',
    procedure: 'inspection',
    reason: '现场核查',
    expectedWorkingDays: 3,
  }) as const;
const extend = (on: string, workingDays = 5) =>
  ({
    type: 'clock.extend',
    on,
    workingDays,
    maxWorkingDays: 10,
    approverId: 'head',
    reason: '情况复杂',
  }) as const;

const with2027 = chinaCalendarWith2027;

describe('statutory clock at the edges', () => {
  it('should NOT give time back for a pause started after the period expired (Art. 45)', () => {
    // Given a 5-working-day clock accepted Mon 2026-03-02, due Mon 2026-03-09
    let clock = startClock(five, '2026-03-02', calendar);
    expect(clock.context.dueDate).toBe('2026-03-09');
    // When a special procedure starts on Thu 2026-03-12, three working days late, and ends on 3/20
    clock = stepClock(clock, pause('2026-03-12'), calendar);
    expect(remainingWorkingDays(clock, '2026-03-16', calendar)).toBe(-3);
    clock = stepClock(clock, { type: 'clock.resume', on: '2026-03-20' }, calendar);
    // Then it is not revived: still three working days overdue on the day it resumes, and red
    expect(clock.context.dueDate).toBe('2026-03-17');
    expect(remainingWorkingDays(clock, '2026-03-20', calendar)).toBe(-3);
    expect(clock.context.dueDate < '2026-03-20').toBe(true);
  });

  it('should move a resume with no days left off a rest day to the next working day (Art. 203)', () => {
    // Given a clock due Fri 2026-03-13 (accepted Fri 2026-03-06), paused on its last day
    let clock = startClock(five, '2026-03-06', calendar);
    expect(clock.context.dueDate).toBe('2026-03-13');
    clock = stepClock(clock, pause('2026-03-13'), calendar);
    // When the result comes back on Sat 2026-03-14
    clock = stepClock(clock, { type: 'clock.resume', on: '2026-03-14' }, calendar);
    // Then the deadline is Mon 2026-03-16, not the Saturday
    expect(clock.context.dueDate).toBe('2026-03-16');
    // And a resume on the first day of the National Day holiday lands on Thu 2026-10-08
    let national = startClock(five, '2026-09-21', calendar);
    national = stepClock(national, pause(national.context.dueDate), calendar);
    national = stepClock(national, { type: 'clock.resume', on: '2026-10-01' }, calendar);
    expect(national.context.dueDate).toBe('2026-10-08');
  });

  it('should refuse an extension decided after the period expired (Art. 42)', () => {
    const clock = startClock(five, '2026-03-02', calendar);
    // On the due day itself it is still within the period
    expect(stepClock(clock, extend('2026-03-09'), calendar).context.dueDate).toBe('2026-03-16');
    // The day after, it is not
    expect(() => stepClock(clock, extend('2026-03-10'), calendar)).toThrow(/第四十二条|Art\. 42/);
    try {
      stepClock(clock, extend('2026-03-10'), calendar);
    } catch (error) {
      expect((error as RunError).code).toBe('extension_after_expiry');
    }
    // Nor while paused after expiry
    const late = stepClock(clock, pause('2026-03-11'), calendar);
    expect(() => stepClock(late, extend('2026-03-12'), calendar)).toThrow(RunError);
  });

  it('should recount a clock that reaches into an unloaded year when its notice is loaded', () => {
    // Given a 20-working-day clock accepted Mon 2026-12-07, counted with 2027 unloaded
    const clock = startClock(twenty, '2026-12-07', calendar);
    expect(clock.context).toMatchObject({ dueDate: '2027-01-05', provisional: true });
    // When the 2027 notice (1/1–1/4 off) comes in
    const recounted = recountClock(clock, with2027);
    // Then the clock is due one working day later, and no longer provisional
    expect(recounted.context).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    expect(recounted.context.dueAt).toBe('2027-01-06T15:59:59.999Z');
  });

  it('should replay pauses and the extension when recounting, so a later pause counts from the right date', () => {
    // Given a clock accepted 2026-12-07, paused 12/21–12/23, extended by 5 on 12/28 — all before 2027 was loaded
    let clock: ClockSnapshot = startClock(twenty, '2026-12-07', calendar);
    clock = stepClock(clock, pause('2026-12-21'), calendar);
    clock = stepClock(clock, { type: 'clock.resume', on: '2026-12-23' }, calendar);
    clock = stepClock(clock, extend('2026-12-28'), calendar);
    expect(clock.context.provisional).toBe(true);
    // When 2027 is loaded
    const recounted = recountClock(clock, with2027);
    // Then it equals the clock driven with the 2027 calendar from the start
    let truth: ClockSnapshot = startClock(twenty, '2026-12-07', with2027);
    truth = stepClock(truth, pause('2026-12-21'), with2027);
    truth = stepClock(truth, { type: 'clock.resume', on: '2026-12-23' }, with2027);
    truth = stepClock(truth, extend('2026-12-28'), with2027);
    expect(recounted).toEqual(truth);
    expect(recounted.context.provisional).toBe(false);
    // And a pause now counts its remaining days from the recounted date
    const paused = stepClock(recounted, pause('2027-01-05'), with2027);
    expect(paused.context.pauses.at(-1)!.remainingAtPause).toBe(
      remainingWorkingDays(truth, '2027-01-05', with2027),
    );
  });

  it('should recount the days left in an open pause, and leave a stopped clock alone', () => {
    let clock: ClockSnapshot = startClock(twenty, '2026-12-07', calendar);
    clock = stepClock(clock, pause('2026-12-21'), calendar);
    const recounted = recountClock(clock, with2027);
    expect(recounted.state).toBe('paused');
    const truth = stepClock(startClock(twenty, '2026-12-07', with2027), pause('2026-12-21'), with2027);
    expect(recounted).toEqual(truth);
    const stopped = stepClock(clock, { type: 'clock.stop', on: '2026-12-22' }, calendar);
    expect(recountClock(stopped, with2027)).toBe(stopped);
  });
});
