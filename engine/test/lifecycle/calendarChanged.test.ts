import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  type CaseSnapshot,
  type Effect,
  parseBpmn,
  readCase,
  transition,
  type WorkCalendar,
} from '../../src';
import { chinaCalendar, chinaCalendarWith2027 } from '../calendar/chinaCalendar';

const restaurant = await parseBpmn(
  readFileSync(
    new URL('../../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
    'utf8',
  ),
  { version: 1 },
);

/** A restaurant case; each event at Shanghai 10:00 with the calendar the host has at the time. */
class Case {
  snapshot: CaseSnapshot | null = null;
  effects: Effect[] = [];
  on(date: string, event: CaseEvent, calendar: WorkCalendar = chinaCalendar): Effect[] {
    const result = transition(restaurant, this.snapshot, event, { now: `${date}T02:00:00.000Z`, calendar });
    this.snapshot = JSON.parse(JSON.stringify(result.snapshot));
    this.effects = result.effects;
    return result.effects;
  }
  get context() {
    return readCase(restaurant, this.snapshot!).context;
  }
  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> | undefined {
    return this.effects.find((e) => e.type === type) as Extract<Effect, { type: T }> | undefined;
  }
}

const file: CaseEvent = { type: 'case.file', actorId: 'zhangsan', variables: { 'shop.area': 120 } };
const changed: CaseEvent = { type: 'calendar.changed' };

describe('calendar.changed: the engine recounts what it keeps when a notice is loaded', () => {
  it('should move the deemed-acceptance timer of a case waiting at the window', () => {
    // Given a case filed Mon 2026-12-28 while 2027 is unloaded: notice due Tue 2027-01-05, provisional
    const kase = new Case();
    kase.on('2026-12-28', file);
    expect(kase.effect('intake.open')).toMatchObject({ dueDate: '2027-01-05', dueProvisional: true });
    // When the 2027 notice (1/1–1/4 off) is loaded
    kase.on('2026-12-29', changed, chinaCalendarWith2027);
    // Then the intake step and the deemed-acceptance timer move to Wed 2027-01-06
    expect(kase.effect('intake.deadline')).toMatchObject({
      activationKey: 'intake#1',
      dueDate: '2027-01-06',
      dueProvisional: false,
    });
    expect(kase.effect('timer.schedule')).toMatchObject({
      key: 'intake:deemedAcceptance#1',
      dueAt: '2027-01-06T16:00:00.000Z',
    });
    expect(kase.snapshot!.phase).toBe('preReview');
  });

  it('should recount the running clock so the snapshot and the deadline effect agree', () => {
    // Given a case accepted on the spot on Mon 2026-12-07 (promised 20 working days)
    const kase = new Case();
    kase.on('2026-12-07', { ...file, acceptOnTheSpot: true });
    expect(kase.context.clock!.context).toMatchObject({ dueDate: '2027-01-05', provisional: true });
    // When 2027 is loaded
    kase.on('2026-12-10', changed, chinaCalendarWith2027);
    // Then the clock, the case deadline and the effect all say Wed 2027-01-06, no longer provisional
    expect(kase.context.clock!.context).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    expect(kase.context.deadline).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    expect(kase.effect('case.deadline')).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    expect(kase.effect('case.clock')).toMatchObject({ change: 'recounted' });
    // And loading it again changes nothing
    expect(kase.on('2026-12-11', changed, chinaCalendarWith2027)).toEqual([]);
  });

  it('should recount the issuance deadline of a decided case (Art. 44)', () => {
    const kase = new Case();
    kase.on('2026-12-07', { ...file, acceptOnTheSpot: true });
    // Complete every open task until the case is decided (on Mon 2026-12-21)
    for (let i = 0; i < 20 && kase.snapshot!.phase !== 'concluded'; i++) {
      const open = kase.context.tokens.waiting[0];
      if (!open) break;
      kase.on('2026-12-21', {
        type: 'task.complete',
        activationKey: open.activationKey,
        actorId: 'clerk',
        outcome: 'approved',
      });
    }
    expect(kase.snapshot!.phase).toBe('concluded');
    expect(kase.context.issuance).toMatchObject({ dueDate: '2027-01-05', provisional: true });
    kase.on('2026-12-22', changed, chinaCalendarWith2027);
    expect(kase.context.issuance).toMatchObject({ dueDate: '2027-01-06', provisional: false });
    expect(kase.effect('case.issuance')).toMatchObject({ dueDate: '2027-01-06', provisional: false });
  });
});
