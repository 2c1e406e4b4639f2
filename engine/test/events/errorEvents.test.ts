import { describe, expect, it } from 'vitest';
import { RunError } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./errorEvents.bpmn', import.meta.url);

async function licensing() {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file();
  return host;
}

describe('error boundary events (BpmnError: 业务异常)', () => {
  it('should catch a business error on the task that threw it', async () => {
    // given an inspection under way, when the inspector reports a minor problem as a business error
    const host = await licensing();
    host.completeAt('Task_inspect', 'problem', { error: { errorCode: 'minor' } });

    // then the rectification step opens instead of the decision
    expect(host.openSteps()).toEqual(['Task_rectify']);
    // and once rectified the sub-process ends and the parent continues
    host.completeAt('Task_rectify');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should pass an error the task does not catch to the enclosing sub-process', async () => {
    const host = await licensing();
    host.completeAt('Task_inspect');
    host.completeAt('Task_decide', 'denied', { error: { errorCode: 'denied' } });
    expect(host.openSteps()).toEqual(['Task_notifyDenial']);
    host.completeAt('Task_notifyDenial');
    expect(host.phase).toBe('concluded');
  });

  it('should throw from an error end event to the sub-process boundary', async () => {
    const host = await licensing();
    host.completeAt('Task_inspect');
    host.completeAt('Task_decide', 'denied');
    expect(host.openSteps()).toEqual(['Task_notifyDenial']);
  });

  it('should refuse an error nobody catches, changing nothing', async () => {
    const host = await licensing();
    const before = JSON.stringify(host.snapshot);
    expect(() => host.completeAt('Task_inspect', 'x', { error: { errorCode: 'fraud' } })).toThrow(RunError);
    expect(() => host.completeAt('Task_inspect', 'x', { error: { errorCode: 'fraud' } })).toThrow(
      /No error boundary event catches errorCode "fraud"/,
    );
    expect(JSON.stringify(host.snapshot)).toBe(before);
  });
});
