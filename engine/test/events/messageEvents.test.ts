import { describe, expect, it } from 'vitest';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./messageEvents.bpmn', import.meta.url);

describe('message events (消息)', () => {
  it('should tell the host which messages the case waits for', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    const effects = host.file();
    expect(effects.filter((e) => e.type === 'message.subscribe')).toEqual([
      {
        type: 'message.subscribe',
        key: 'Message_withdrawn#1',
        name: 'case.withdraw',
        correlation: null,
        elementId: 'Message_withdrawn',
      },
      {
        type: 'message.subscribe',
        key: 'Message_supplemented#1',
        name: 'materials.supplemented',
        correlation: null,
        elementId: 'Message_supplemented',
      },
    ]);
  });

  it('should cancel the review when the applicant withdraws (interrupting boundary message)', async () => {
    // given a case under review
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();

    // when the applicant withdraws (撤回)
    const effects = host.receive('case.withdraw');

    // then the review is cancelled, the other subscription dropped and the case concludes
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'task.cancel', activationKey: 'Task_review#1' },
        { type: 'message.unsubscribe', key: 'Message_supplemented#1' },
      ]),
    );
    expect(host.phase).toBe('concluded');
  });

  it('should keep the review open on a non-interrupting message, and accept it again', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    host.receive('materials.supplemented', undefined, { supplementCount: 1 });
    host.receive('materials.supplemented');
    expect(host.openSteps()).toEqual(['Task_checkSupplement', 'Task_checkSupplement', 'Task_review']);
  });

  it('should deliver a correlated message only with the matching correlation', async () => {
    // given the review approved and the case waiting for fee payment of order A-1
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file({ orderNo: 'A-1' });
    const effects = host.completeAt('Task_review');
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'message.subscribe', correlation: 'A-1' }),
    );

    // when a payment for another order arrives, nothing happens
    expect(host.receive('fee.paid', 'B-2')).toEqual([]);
    expect(host.openSteps()).toEqual([]);

    // when the payment for A-1 arrives, the licence is issued
    host.receive('fee.paid', 'A-1');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should ignore a message nobody waits for', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    const before = JSON.stringify(host.snapshot);
    expect(host.receive('fee.paid', 'A-1')).toEqual([]);
    expect(JSON.stringify(host.snapshot)).toBe(before);
  });
});
