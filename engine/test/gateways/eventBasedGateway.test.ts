import { describe, expect, it } from 'vitest';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./eventBasedGateway.bpmn', import.meta.url);

async function waitingForCorrection() {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file();
  host.completeAt('Task_notice');
  return host;
}

describe('event-based gateway (事件网关): the first event wins', () => {
  it('should continue on the reply and cancel the deadline timer', async () => {
    const host = await waitingForCorrection();
    expect([...host.timers.keys()]).toEqual(['Catch_timeout#1']);
    expect([...host.subscriptions.values()]).toEqual(['correction.reply']);

    const effects = host.receive('correction.reply');
    expect(effects).toContainEqual({ type: 'timer.cancel', key: 'Catch_timeout#1' });
    expect(host.openSteps()).toEqual(['Task_process']);
  });

  it('should close the case when the correction period runs out', async () => {
    const host = await waitingForCorrection();
    host.advanceTo('2026-03-17T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Task_close']);
    expect(host.subscriptions.size).toBe(0);
    expect(host.receive('correction.reply')).toEqual([]);
  });
});
