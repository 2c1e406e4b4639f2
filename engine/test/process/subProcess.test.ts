import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn, readCase } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./subProcess.bpmn', import.meta.url);

async function filed() {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file();
  return host;
}
const scopes = (host: SimulatedHost) =>
  readCase(host.definition, host.snapshot!).context.tokens.scopes.map((s) => s.key);

describe('embedded sub-process (子流程)', () => {
  it('should run its tokens inside its own scope and continue the parent when it ends', async () => {
    // given the joint review sub-process running beside the publicity step
    const host = await filed();
    expect(host.openSteps()).toEqual(['Task_fire', 'Task_market', 'Task_publicity']);
    expect(scopes(host)).toEqual(['Sub_review#1']);

    // when both inner steps complete, the sub-process ends and its boundary timer is cancelled
    host.completeAt('Task_market');
    const effects = host.completeAt('Task_fire');
    expect(effects).toContainEqual({ type: 'timer.cancel', key: 'Timer_subLate#1' });
    expect(scopes(host)).toEqual([]);

    // then the parent join waits for publicity, and the licence is issued after it
    expect(host.openSteps()).toEqual(['Task_publicity']);
    host.completeAt('Task_publicity');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should end only the sub-process on a terminate end event inside it', async () => {
    const host = await filed();
    const effects = host.completeAt('Task_market', 'void');
    expect(effects).toContainEqual({ type: 'task.cancel', activationKey: 'Task_fire#1' });
    expect(host.openSteps()).toEqual(['Task_publicity']);
    expect(host.phase).toBe('inProgress');
    host.completeAt('Task_publicity');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should cancel everything inside on an interrupting boundary timer, and nothing outside', async () => {
    const host = await filed();
    host.completeAt('Task_market');
    host.advanceTo('2026-03-22T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Task_overdue', 'Task_publicity']);
    expect(scopes(host)).toEqual([]);
  });

  it('should refuse a sequence flow that crosses the sub-process border', async () => {
    const xml = readFileSync(fixture, 'utf8').replace(
      '<bpmn:sequenceFlow id="Flow_s6" sourceRef="Sub_join" targetRef="Sub_end" />',
      '<bpmn:sequenceFlow id="Flow_s6" sourceRef="Sub_join" targetRef="Sub_end" /><bpmn:sequenceFlow id="Flow_cross" sourceRef="Task_fire" targetRef="Task_issue" />',
    );
    const error = (await parseBpmn(xml, { version: 1 }).catch((e: unknown) => e)) as DefinitionError;
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error.issues).toContainEqual({
      elementId: 'Flow_cross',
      message: expect.stringMatching(/cross a sub-process border/),
    });
  });
});
