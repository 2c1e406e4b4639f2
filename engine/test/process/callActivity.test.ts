import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../../src';
import { SimulatedHost } from '../support/simulatedHost';

const read = (name: string) => readFileSync(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');
/** The process library as the deployer sees it: calledElement → BPMN. */
const library: Record<string, string> = { foodLicence: read('foodLicence'), signage: read('signage') };
const resolveCalledProcess = (calledElement: string) => library[calledElement] ?? null;

async function deployed() {
  return parseBpmn(read('callActivity'), { version: 1, resolveCalledProcess });
}

describe('call activity (调用活动): a bundle calls its items from the library', () => {
  it('should run the called processes in their own scopes and continue the bundle after them', async () => {
    // given the bundle deployed with the library, when a large shop files
    const host = new SimulatedHost(await deployed());
    host.file({ shop: { area: 150 } });

    // then each item's first step opens, named inside its call
    expect(host.openSteps()).toEqual(['Call_food.Task_review', 'Call_signage.Task_review']);
    expect([...host.tasks.values()].map((t) => t.departmentId).sort()).toEqual(['market', 'urban']);

    // when the items finish (the food licence with its site visit, as the form answers require)
    host.completeAt('Call_signage.Task_review');
    host.completeAt('Call_food.Task_review');
    expect(host.openSteps()).toEqual(['Call_food.Task_siteVisit']);
    const effects = host.completeAt('Call_food.Task_siteVisit');

    // then the call's boundary timer is cancelled and the bundle goes on to the joint issue
    expect(effects).toContainEqual({ type: 'timer.cancel', key: 'Timer_foodLate#1' });
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should interrupt the called process on a boundary timer of the call activity', async () => {
    const host = new SimulatedHost(await deployed());
    host.file({ shop: { area: 50 } });
    host.advanceTo('2026-03-22T02:00:00.000Z');
    expect(host.openSteps()).toEqual(['Call_signage.Task_review', 'Task_supervise']);
  });

  it('should refuse a call the library cannot resolve, and one that calls itself', async () => {
    const missing = (await parseBpmn(read('callActivity'), {
      version: 1,
      resolveCalledProcess: (id) => (id === 'signage' ? library.signage : null),
    }).catch((e: unknown) => e)) as DefinitionError;
    expect(missing).toBeInstanceOf(DefinitionError);
    expect(missing.issues).toEqual([
      {
        elementId: 'Call_food',
        message: expect.stringMatching(/calls "foodLicence", which is not available/),
      },
    ]);

    const looping = await parseBpmn(read('callActivity'), {
      version: 1,
      resolveCalledProcess: (id) =>
        id === 'signage' ? read('callActivity').replace('id="shopBundle"', 'id="signage"') : library[id],
    }).catch((e: unknown) => e);
    expect((looping as DefinitionError).issues).toContainEqual({
      elementId: 'Call_signage',
      message: expect.stringMatching(/In the called process "signage".*loops/),
    });
  });
});
