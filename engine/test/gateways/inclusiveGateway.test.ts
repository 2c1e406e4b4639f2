import { describe, expect, it } from 'vitest';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = (name: string) => loadFixture(new URL(`./${name}.bpmn`, import.meta.url));
const created = (host: SimulatedHost, elementId: string) =>
  host.history.flatMap((h) => h.effects).filter((e) => e.type === 'task.create' && e.elementId === elementId)
    .length;

describe('inclusive gateway (包容网关)', () => {
  it('should open every permit whose condition holds, and join only those', async () => {
    // given a shop that sells food and puts up a sign, on a small floor area
    const host = new SimulatedHost(await fixture('inclusiveGateway'));
    host.file({ sellsFood: true, floorArea: 120, hasSignage: true });

    // then the food and signage permits open, not the fire check
    expect(host.openSteps()).toEqual(['Task_food', 'Task_signage']);

    // when the food permit is granted, the join still waits for signage
    host.completeAt('Task_food');
    expect(host.openSteps()).toEqual(['Task_signage']);

    // when signage is granted, the join fires once
    host.completeAt('Task_signage');
    expect(host.openSteps()).toEqual(['Task_issue']);
    host.completeAt('Task_issue');
    expect(host.phase).toBe('concluded');
    expect(created(host, 'Task_issue')).toBe(1);
  });

  it('should take the default flow when no condition holds', async () => {
    const host = new SimulatedHost(await fixture('inclusiveGateway'));
    host.file({ sellsFood: false, floorArea: 10, hasSignage: false });
    expect(host.openSteps()).toEqual(['Task_basic']);
    host.completeAt('Task_basic');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  describe('join in a graph that is not block-structured', () => {
    it('should fire as soon as the token that could still come goes elsewhere', async () => {
      // given both branches running
      const host = new SimulatedHost(await fixture('inclusiveJoinUnstructured'));
      host.file({ needsJoint: false });
      expect(host.openSteps()).toEqual(['Task_a', 'Task_b']);

      // when b arrives at the join, it waits: Task_a can still reach it
      host.completeAt('Task_b');
      expect(host.openSteps()).toEqual(['Task_a']);

      // when a turns away from the join (to Task_c), the join fires at once — never stuck —
      // although Task_c is still running
      host.completeAt('Task_a');
      expect(host.openSteps()).toEqual(['Task_c', 'Task_d']);
      host.completeAt('Task_c');
      host.completeAt('Task_d');
      expect(host.phase).toBe('concluded');
      expect(created(host, 'Task_d')).toBe(1);
    });

    it('should wait for the token that does come, and fire once', async () => {
      const host = new SimulatedHost(await fixture('inclusiveJoinUnstructured'));
      host.file({ needsJoint: true });
      host.completeAt('Task_a');
      expect(host.openSteps()).toEqual(['Task_b']);
      host.completeAt('Task_b');
      expect(host.openSteps()).toEqual(['Task_d']);
      expect(created(host, 'Task_d')).toBe(1);
    });

    it('should not wait for its own output coming round a loop', async () => {
      const host = new SimulatedHost(await fixture('inclusiveJoinLoop'));
      host.file();
      expect(host.openSteps()).toEqual(['Task_check']);
      host.completeAt('Task_check', 'again');
      expect(host.openSteps()).toEqual(['Task_check']);
      host.completeAt('Task_check', 'ok');
      expect(host.phase).toBe('concluded');
    });
  });
  describe('joins that wait on each other round a loop', () => {
    it('should NOT get stuck: the inner join fires first, then the entry join', async () => {
      // given one token inside the loop (only Task_1 chosen) and a second token entering it
      const host = new SimulatedHost(await fixture('inclusiveJoinCycle'));
      host.file({ both: false, again: false });
      host.completeAt('Task_x');
      expect(host.openSteps()).toEqual(['Task_1', 'Task_y']);
      host.completeAt('Task_y'); // waits at Gateway_entry: Task_1 may still come back round

      // when Task_1 completes, Gateway_inner could still get a token from Gateway_entry, and
      // Gateway_entry one from Gateway_inner
      host.completeAt('Task_1');

      // then the inner join fires (its blocker can also reach its filled flow), the first token
      // leaves the loop, and the entry join lets the second token in
      expect(host.openSteps()).toEqual(['Task_1']);
      host.completeAt('Task_1');
      expect(host.phase).toBe('concluded');
    });
  });
});
