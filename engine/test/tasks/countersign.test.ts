import { describe, expect, it } from 'vitest';
import { type CreateTaskEffect, type Effect, readCase } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./countersign.bpmn', import.meta.url);
const created = (effects: Effect[]) => effects.filter((e): e is CreateTaskEffect => e.type === 'task.create');
const cancelled = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'task.cancel').map((e) => e.activationKey);

async function filed(experts = ['ann', 'ben', 'cai', 'dai']) {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file({ experts });
  return host;
}

/** Completes every open task of a step with the same outcome. */
function decideAll(host: SimulatedHost, elementId: string, outcome = 'approved') {
  for (const key of host.openKeys(elementId)) if (host.tasks.has(key)) host.complete(key, outcome);
}

describe('multi-instance user tasks (会签 / 或签 / 依次 / 投票)', () => {
  it('会签 all: should open one task per department at once and continue when all approved', async () => {
    // given the joint review, when the case is filed
    const host = new SimulatedHost(await loadFixture(fixture));
    const effects = host.file({ experts: ['ann'] });

    // then three department tasks open together, with a deadline timer on the whole countersign
    expect(created(effects).map((t) => t.departmentId)).toEqual(['market', 'fire', 'urban']);
    expect([...host.timers.keys()]).toEqual(['Timer_allLate#1']);

    // when two approve, it still waits; when the third approves, it continues
    const [a, b, c] = host.openKeys('Task_all') as [string, string, string];
    host.complete(a);
    host.complete(b);
    expect(host.openSteps()).toEqual(['Task_all']);
    const last = host.complete(c);
    expect(last).toContainEqual({ type: 'timer.cancel', key: 'Timer_allLate#1' });
    expect(host.openSteps()).toEqual(['Task_any', 'Task_any']);
  });

  it('会签 all: should stop at the first rejection and cancel the others', async () => {
    const host = await filed();
    const effects = host.complete('Task_all#2', 'rejected');
    expect(cancelled(effects)).toEqual(['Task_all#1', 'Task_all#3']);
    expect(host.phase).toBe('concluded');
  });

  it('或签 any: should let the first clerk decide for all', async () => {
    const host = await filed();
    decideAll(host, 'Task_all');
    expect(host.history.at(-1)!.effects.filter((e) => e.type === 'task.create')).toEqual([
      expect.objectContaining({ elementId: 'Task_any', departmentId: 'service', assignee: 'alice' }),
      expect.objectContaining({ elementId: 'Task_any', departmentId: 'service', assignee: 'bob' }),
    ]);
    const [, bob] = host.openKeys('Task_any') as [string, string];
    const effects = host.complete(bob);
    expect(cancelled(effects)).toEqual(['Task_any#1']);
    expect(host.openSteps()).toEqual(['Task_sequential']);
  });

  it('依次 sequential: should open one task at a time, in order', async () => {
    const host = await filed();
    decideAll(host, 'Task_all');
    host.complete(host.openKeys('Task_any')[0]!);
    const order: string[] = [];
    while (host.openKeys('Task_sequential').length > 0) {
      expect(host.openKeys('Task_sequential')).toHaveLength(1);
      order.push(host.tasks.get(host.openKeys('Task_sequential')[0]!)!.departmentId);
      host.completeAt('Task_sequential');
    }
    expect(order).toEqual(['section', 'division', 'bureau']);
    expect(host.openSteps()).toEqual(['Task_vote', 'Task_vote', 'Task_vote', 'Task_vote']);
  });

  it('依次 sequential: should end at the first rejection', async () => {
    const host = await filed();
    decideAll(host, 'Task_all');
    host.complete(host.openKeys('Task_any')[0]!);
    host.completeAt('Task_sequential');
    host.completeAt('Task_sequential', 'rejected');
    expect(host.phase).toBe('concluded');
  });

  describe('投票 vote with threshold 50% over a FEEL collection', () => {
    async function atVote() {
      const host = await filed(['ann', 'ben', 'cai', 'dai']);
      decideAll(host, 'Task_all');
      host.complete(host.openKeys('Task_any')[0]!);
      while (host.openKeys('Task_sequential').length > 0) host.completeAt('Task_sequential');
      return host;
    }

    it('should pass once approvals exceed half, cancelling the remaining votes', async () => {
      const host = await atVote();
      const [k1, k2, k3] = host.openKeys('Task_vote') as [string, string, string, string];
      host.complete(k1);
      host.complete(k2);
      expect(host.openKeys('Task_vote')).toHaveLength(2); // 2 of 4 is not more than half
      const effects = host.complete(k3);
      expect(cancelled(effects)).toHaveLength(1);
      expect(readCase(host.definition, host.snapshot!).context.tokens.outcomes.Task_vote).toBe('approved');
      expect(host.phase).toBe('concluded');
    });

    it('should fail as soon as a majority can no longer be reached', async () => {
      const host = await atVote();
      const [k1, k2, k3] = host.openKeys('Task_vote') as [string, string, string, string];
      host.complete(k1);
      host.complete(k2, 'rejected');
      expect(host.phase).toBe('inProgress');
      host.complete(k3, 'rejected');
      expect(readCase(host.definition, host.snapshot!).context.tokens.outcomes.Task_vote).toBe('rejected');
      expect(host.phase).toBe('concluded');
    });
  });

  it('should cancel every instance when an interrupting boundary timer fires on the countersign', async () => {
    const host = await filed();
    host.complete('Task_all#1');
    host.now = '2026-03-07T02:00:00.000Z';
    const effects = host.fire('Timer_allLate#1');
    expect(cancelled(effects)).toEqual(['Task_all#2', 'Task_all#3']);
    expect(host.phase).toBe('concluded');
  });

  it('should raise an incident at the countersign for an empty participant list, saying what to check', async () => {
    const host = await filed([]);
    decideAll(host, 'Task_all');
    host.complete(host.openKeys('Task_any')[0]!);
    host.completeAt('Task_sequential');
    host.completeAt('Task_sequential');
    host.completeAt('Task_sequential');
    expect([...host.incidents.values()]).toMatchObject([
      { elementId: 'Task_vote', code: 'collection_invalid' },
    ]);
    const raised = host.history.at(-1)!.effects.find((e) => e.type === 'incident.raise');
    expect(raised).toMatchObject({ message: expect.stringMatching(/no participants/) });
  });
});
