import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Effect, parseBpmn, readCase } from '../../src';
import { SimulatedHost } from '../support/simulatedHost';

const definition = await parseBpmn(readFileSync(new URL('./itemPause.bpmn', import.meta.url), 'utf8'), {
  version: 1,
});
const pauseFire = {
  type: 'item.pause',
  actorId: 'fire.clerk',
  itemCode: '111',
  kind: 'specialProcedure',
  procedure: 'expertReview',
  reason: '专家评审',
  expectedWorkingDays: 5,
} as const;
const timerKeys = (effects: Effect[], type: 'timer.cancel' | 'timer.schedule') =>
  effects.filter((e) => e.type === type).map((e) => (e as { key: string }).key);

describe('special procedure of one item (Art. 45)', () => {
  it('should pause only that item’s timers and steps and the joint clock; the other item runs on', () => {
    // Given two items running in parallel, each with a 3-day reminder timer on its step
    const host = new SimulatedHost(definition);
    host.file();
    expect(host.openSteps().sort()).toEqual(['Fire_review', 'Sign_review']);
    const [fireTimer] = [...host.timers.keys()].filter((k) => k.includes('Fire_remind'));

    // When the fire item starts an expert review one day later
    host.now = '2026-03-03T02:00:00.000Z';
    const paused = host.send(pauseFire);
    // Then only the fire item's timer is cancelled, and the joint clock pauses for that item
    expect(timerKeys(paused, 'timer.cancel')).toEqual([fireTimer]);
    expect(paused.find((e) => e.type === 'case.clock')).toMatchObject({
      change: 'paused',
      item: { itemCode: '111' },
    });
    // And the fire step may not be completed meanwhile; signage may
    expect(() => host.completeAt('Fire_review')).toThrow(/special procedure/);
    host.completeAt('Sign_review');
    expect(host.openSteps()).toEqual(['Fire_review']);
    // And a second pause of the same item, or a pause of the whole case, is refused
    expect(() => host.send(pauseFire)).toThrow(/paused already|does not accept/);

    // When the review ends four days later
    host.now = '2026-03-07T02:00:00.000Z';
    const resumed = host.send({
      type: 'item.resume',
      actorId: 'fire.clerk',
      itemCode: '111',
      result: '通过',
    });
    // Then the fire timer is scheduled again for the two days it had left, and the clock runs
    expect(resumed.find((e) => e.type === 'timer.schedule')).toMatchObject({
      key: fireTimer,
      dueAt: '2026-03-09T02:00:00.000Z',
    });
    expect(resumed.find((e) => e.type === 'case.clock')).toMatchObject({ change: 'resumed' });
    expect(readCase(definition, host.snapshot!).context.itemPauses).toEqual([]);
    host.completeAt('Fire_review');
    expect(host.concluded).toBe(true);
  });

  it('should keep the joint clock paused until the last paused item resumes', () => {
    const host = new SimulatedHost(definition);
    host.file();
    host.send(pauseFire);
    const second = host.send({ ...pauseFire, itemCode: '222', actorId: 'urban.clerk' });
    // The joint clock is already paused: the second item pauses on its own
    expect(second.some((e) => e.type === 'case.clock')).toBe(false);
    expect(second.find((e) => e.type === 'item.clock')).toMatchObject({ change: 'paused', itemCode: '222' });
    const first = host.send({ type: 'item.resume', actorId: 'fire.clerk', itemCode: '111', result: '通过' });
    expect(first.some((e) => e.type === 'case.clock')).toBe(false);
    expect(readCase(definition, host.snapshot!).context.clock?.state).toBe('paused');
    const last = host.send({ type: 'item.resume', actorId: 'urban.clerk', itemCode: '222', result: '通过' });
    expect(last.find((e) => e.type === 'case.clock')).toMatchObject({ change: 'resumed' });
  });
});
