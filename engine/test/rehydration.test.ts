import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseSnapshot, parseBpmn, RunError, readCase, transition } from '../src';
import { createCaseMachine } from '../src/runtime/caseMachine';
import { calendar, SimulatedHost } from './support/simulatedHost';

// Like xstate's rehydration.test.ts: restoring a snapshot must not run anything again.
const xml = readFileSync(new URL('./events/timerEvents.bpmn', import.meta.url), 'utf8');
const ctx = (now: string) => ({ now, calendar });
/** What the runtime does between two commands: store JSON, read it back. */
const restore = (snapshot: CaseSnapshot) => JSON.parse(JSON.stringify(snapshot)) as CaseSnapshot;

describe('rehydration: a restored snapshot replays nothing', () => {
  it('should not replay effects when a snapshot is restored', async () => {
    // given a case filed in one process, its task open
    const definition = await parseBpmn(xml, { version: 1 });
    const filed = transition(
      definition,
      null,
      { type: 'case.file', actorId: null, acceptOnTheSpot: true },
      ctx('2026-03-02T02:00:00Z'),
    );
    expect(filed.effects.map((e) => e.type).filter((t) => t.startsWith('task.'))).toEqual(['task.create']);

    // when another process (a fresh parse, a fresh machine) restores it and sends an event that
    // changes nothing
    const restarted = await parseBpmn(xml, { version: 1 });
    const idle = transition(
      restarted,
      restore(filed.snapshot),
      { type: 'timer.fire', key: 'none#1' },
      ctx('2026-03-02T03:00:00Z'),
    );

    // then no effect of the filing comes back, and the snapshot is the same
    expect(idle.effects).toEqual([]);
    expect(idle.snapshot).toEqual(filed.snapshot);

    // and the next real step emits only its own effects
    const next = transition(
      restarted,
      restore(idle.snapshot),
      { type: 'task.complete', activationKey: 'Task_notice#1', actorId: null, outcome: 'done' },
      ctx('2026-03-02T04:00:00Z'),
    );
    expect(next.effects.map((e) => e.type)).toEqual(['timer.schedule']);
  });

  it('should fire a timer scheduled before the restore after it', async () => {
    // given a case waiting on its 3-day public notice timer
    const before = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    before.file();
    before.completeAt('Task_notice');
    const [[key, dueAt]] = [...before.timers] as [[string, string]];

    // when the process restarts (new definition object, snapshot from storage) and the host's
    // timer job comes due
    const after = await parseBpmn(xml, { version: 1 });
    const fired = transition(after, restore(before.snapshot!), { type: 'timer.fire', key }, ctx(dueAt));

    // then the timer fires exactly once: the decision task opens
    expect(fired.effects.filter((e) => e.type === 'task.create').map((e) => e.elementId)).toEqual([
      'Task_decide',
    ]);
    const again = transition(after, restore(fired.snapshot), { type: 'timer.fire', key }, ctx(dueAt));
    expect(again.effects).toEqual([]);
  });

  it('should store only the definition key and version, never the model', async () => {
    const host = new SimulatedHost(await parseBpmn(xml, { version: 3 }));
    host.file();
    expect(host.snapshot).toMatchObject({ definitionKey: 'timers', definitionVersion: 3 });
    expect(JSON.stringify(host.snapshot)).not.toContain('发布公示');
    const other = await parseBpmn(xml, { version: 4 });
    expect(() => transition(other, host.snapshot, { type: 'timer.fire', key: 'x' }, ctx(host.now))).toThrow(
      RunError,
    );
  });

  it('should continue a snapshot written before timers, scopes and variables existed', async () => {
    // given a snapshot in the first format (waiting, joinArrivals, activations, completed only)
    const definition = await parseBpmn(xml, { version: 1 });
    const filed = transition(
      definition,
      null,
      { type: 'case.file', actorId: null, acceptOnTheSpot: true },
      ctx('2026-03-02T02:00:00Z'),
    );
    const old = restore(filed.snapshot) as CaseSnapshot & {
      machine: { context: { tokens: Record<string, unknown> } };
    };
    const { waiting, joinArrivals, activations, completed } = old.machine.context.tokens;
    old.machine.context.tokens = {
      waiting: (waiting as object[]).map((t) => ({ ...t, scope: undefined })),
      joinArrivals,
      activations,
      completed,
    };

    // when the task completes, then the case goes on
    const next = transition(
      definition,
      restore(old),
      { type: 'task.complete', activationKey: 'Task_notice#1', actorId: null, outcome: 'done' },
      ctx('2026-03-02T04:00:00Z'),
    );
    expect(next.effects).toContainEqual(
      expect.objectContaining({ type: 'timer.schedule', key: 'Timer_publicNotice#1' }),
    );
  });
});

describe('persisted snapshots', () => {
  it('should be what xstate itself would persist, at every step to the end', async () => {
    const definition = await parseBpmn(
      readFileSync(
        new URL('../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
        'utf8',
      ),
      { version: 1 },
    );
    const machine = createCaseMachine(definition);
    const at = ctx('2026-03-02T02:00:00Z');
    let step = transition(definition, null, { type: 'case.file', actorId: null }, at);
    step = transition(definition, step.snapshot, { type: 'intake.accept', actorId: 'c' }, at);
    for (let guard = 0; guard < 10 && step.snapshot.phase !== 'concluded'; guard++) {
      const expected = machine.getPersistedSnapshot(machine.resolveState(step.snapshot.machine as never));
      expect(JSON.parse(JSON.stringify(step.snapshot.machine))).toEqual(JSON.parse(JSON.stringify(expected)));
      const open = readCase(definition, step.snapshot).context.tokens.waiting[0]!;
      step = transition(
        definition,
        step.snapshot,
        { type: 'task.complete', activationKey: open.activationKey, actorId: 'c', outcome: 'ok' },
        at,
      );
    }
    expect(step.snapshot.phase).toBe('concluded');
    expect((step.snapshot.machine as { status: string }).status).toBe(
      machine.getPersistedSnapshot(machine.resolveState(step.snapshot.machine as never)).status,
    );
  });
});
