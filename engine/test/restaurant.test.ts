import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseSnapshot, createWorkCalendar, type Effect, parseBpmn, transition } from '../src';

const xml = readFileSync(
  new URL('../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
  'utf8',
);
const calendar = createWorkCalendar({
  restDays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkDays: ['2026-09-20', '2026-10-10'],
  coveredYears: [2026],
});
const ctx = (now: string) => ({ now, calendar });
const tasks = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'task.create').map((e) => e.activationKey);

describe('restaurant bundle (walking skeleton)', () => {
  it('should run business licence, then three steps in parallel, then conclude', async () => {
    // given the restaurant bundle
    const definition = await parseBpmn(xml, { version: 1 });

    // when the case is filed on 2026-09-28
    const filed = transition(
      definition,
      null,
      { type: 'case.file', actorId: 'u1', acceptOnTheSpot: true },
      ctx('2026-09-28T02:00:00Z'),
    );

    // then the business licence task opens and the promised 20-day deadline spans the National Day holiday
    expect(tasks(filed.effects)).toEqual(['Task_businessLicence#1']);
    expect(filed.effects.find((e) => e.type === 'case.deadline')).toMatchObject({ dueDate: '2026-10-30' });
    expect(filed.snapshot.phase).toBe('inProgress');

    // when the business licence is granted
    const afterLicence = transition(
      definition,
      filed.snapshot,
      { type: 'task.complete', activationKey: 'Task_businessLicence#1', actorId: 'c1', outcome: 'approved' },
      ctx('2026-09-29T02:00:00Z'),
    );
    expect(tasks(afterLicence.effects)).toEqual(['Task_foodLicence#1', 'Task_fireCheck#1', 'Task_signage#1']);

    // when the three parallel steps complete, through a JSON round trip each time
    let snapshot: CaseSnapshot = afterLicence.snapshot;
    const effects: Effect[] = [];
    for (const key of ['Task_fireCheck#1', 'Task_signage#1', 'Task_foodLicence#1']) {
      const restored = JSON.parse(JSON.stringify(snapshot)) as CaseSnapshot;
      const step = transition(
        definition,
        restored,
        { type: 'task.complete', activationKey: key, actorId: 'c2', outcome: 'approved' },
        ctx('2026-09-30T02:00:00Z'),
      );
      snapshot = step.snapshot;
      effects.push(...step.effects);
    }

    // then the join fires once and the case concludes
    expect(effects.filter((e) => e.type === 'case.concluded')).toHaveLength(1);
    expect(snapshot.phase).toBe('concluded');
  });

  it('should NOT accept completing a task twice', async () => {
    const definition = await parseBpmn(xml, { version: 1 });
    const filed = transition(
      definition,
      null,
      { type: 'case.file', actorId: null, acceptOnTheSpot: true },
      ctx('2026-09-28T02:00:00Z'),
    );
    const event = {
      type: 'task.complete',
      activationKey: 'Task_businessLicence#1',
      actorId: null,
      outcome: 'ok',
    } as const;
    const once = transition(definition, filed.snapshot, event, ctx('2026-09-29T02:00:00Z'));
    expect(() => transition(definition, once.snapshot, event, ctx('2026-09-29T02:00:00Z'))).toThrow(
      /not waiting|no task/i,
    );
  });

  it('should give the same snapshot for the same events', async () => {
    const definition = await parseBpmn(xml, { version: 1 });
    const run = () =>
      transition(
        definition,
        null,
        { type: 'case.file', actorId: null, acceptOnTheSpot: true },
        ctx('2026-09-28T02:00:00Z'),
      );
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });
});
