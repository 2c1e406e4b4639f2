import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./timerEvents.bpmn', import.meta.url);
const xml = readFileSync(fixture, 'utf8');

async function afterPublicNotice() {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file();
  host.completeAt('Task_notice');
  host.advanceTo('2026-03-05T02:00:00.000Z');
  return host;
}

describe('timer events (定时器): timers are data, the host holds them', () => {
  it('should schedule an intermediate timer with an absolute dueAt and a deterministic key', async () => {
    // given the public notice is published on 2026-03-02 10:00 (Shanghai)
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    const effects = host.completeAt('Task_notice');

    // then the 3-day notice period is a timer effect, and no task is open
    expect(effects).toContainEqual({
      type: 'timer.schedule',
      key: 'Timer_publicNotice#1',
      dueAt: '2026-03-05T02:00:00.000Z',
      elementId: 'Timer_publicNotice',
    });
    expect(host.openSteps()).toEqual([]);

    // when the host fires it, the decision opens with its two boundary timers armed
    host.advanceTo('2026-03-05T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Task_decide']);
    expect(Object.fromEntries(host.timers)).toEqual({
      'Timer_escalate#1': '2026-03-07T02:00:00.000Z',
      'Timer_remind#1': '2026-03-06T02:00:00.000Z',
    });
  });

  it('should treat a fire for an unknown, cancelled or already fired key as a no-op', async () => {
    const host = await afterPublicNotice();
    const before = JSON.stringify(host.snapshot);
    expect(host.fire('Timer_publicNotice#1')).toEqual([]);
    expect(host.fire('nonsense#9')).toEqual([]);
    expect(JSON.stringify(host.snapshot)).toBe(before);
  });

  it('should leave the task open on a non-interrupting boundary timer', async () => {
    const host = await afterPublicNotice();
    host.advanceTo('2026-03-06T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Task_decide', 'Task_remind']);
    expect([...host.timers.keys()]).toEqual(['Timer_escalate#1']);
  });

  it('should cancel the task and its other timers on an interrupting boundary timer', async () => {
    const other = await afterPublicNotice();
    other.now = '2026-03-07T02:00:00.000Z';
    const effects = other.fire('Timer_escalate#1');
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'task.cancel', activationKey: 'Task_decide#1' },
        { type: 'timer.cancel', key: 'Timer_remind#1' },
      ]),
    );
    expect(other.openSteps()).toEqual(['Task_escalated']);
  });

  it('should cancel the boundary timers when the task completes in time', async () => {
    const host = await afterPublicNotice();
    const effects = host.completeAt('Task_decide');
    expect(effects.filter((e) => e.type === 'timer.cancel').map((e) => e.key)).toEqual([
      'Timer_escalate#1',
      'Timer_remind#1',
    ]);
    expect(host.phase).toBe('concluded');
  });

  it('should read a timeDate without a zone in Asia/Shanghai', async () => {
    const dated = xml.replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration>',
      '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-03-10T09:00</bpmn:timeDate>',
    );
    const host = new SimulatedHost(await parseBpmn(dated, { version: 1 }));
    host.file();
    host.completeAt('Task_notice');
    expect(host.timers.get('Timer_publicNotice#1')).toBe('2026-03-10T01:00:00.000Z');
  });

  it('should evaluate a FEEL timer against the case variables', async () => {
    const feel = xml.replace('>P3D<', '>=noticePeriod<');
    const host = new SimulatedHost(await parseBpmn(feel, { version: 1 }));
    host.file({ noticePeriod: 'P1M' });
    host.completeAt('Task_notice');
    expect(host.timers.get('Timer_publicNotice#1')).toBe('2026-04-02T02:00:00.000Z');
  });

  it('should refuse a timer cycle and a malformed duration at deploy time', async () => {
    const cycle = xml.replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration>',
      '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1H</bpmn:timeCycle>',
    );
    const malformed = xml.replace('>PT48H<', '>48 hours<');
    for (const [model, id, pattern] of [
      [cycle, 'Timer_publicNotice', /cycles are not supported/],
      [malformed, 'Timer_escalate', /ISO-8601 duration/],
    ] as const) {
      const error = (await parseBpmn(model, { version: 1 }).catch((e: unknown) => e)) as DefinitionError;
      expect(error).toBeInstanceOf(DefinitionError);
      expect(error.issues).toContainEqual({ elementId: id, message: expect.stringMatching(pattern) });
    }
  });
});
