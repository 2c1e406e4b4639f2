import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, migrateSnapshot, parseBpmn } from '../src';
import { SimulatedHost } from './support/simulatedHost';

// The restaurant bundle without its diagram, so the variants below need not redraw it.
const v1Xml = readFileSync(
  new URL('../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
  'utf8',
).replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');
/** v2 adds an archiving step after the joint issue. */
const v2Xml = v1Xml
  .replace(
    '<bpmn:sequenceFlow id="Flow_toEnd" sourceRef="Gateway_join" targetRef="End_concluded" />',
    `<bpmn:sequenceFlow id="Flow_toEnd" sourceRef="Gateway_join" targetRef="Task_archive" />
    <bpmn:userTask id="Task_archive" name="归档" yj:department="service" />
    <bpmn:sequenceFlow id="Flow_archived" sourceRef="Task_archive" targetRef="End_concluded" />`,
  )
  .replace('<bpmn:incoming>Flow_toEnd</bpmn:incoming>', '<bpmn:incoming>Flow_archived</bpmn:incoming>');
/** v3 drops the signage permit. */
const v3Xml = v1Xml
  .replace(/<bpmn:userTask id="Task_signage"[\s\S]*?<\/bpmn:userTask>/, '')
  .replace(/<bpmn:sequenceFlow id="Flow_(toSignage|signageDone)"[^>]*\/>/g, '')
  .replace(/<bpmn:(outgoing|incoming)>Flow_(toSignage|signageDone)<\/bpmn:\1>/g, '');

/** A v1 case waiting on food and signage; the fire check is done, its token waits at the join. */
async function inParallelSteps() {
  const host = new SimulatedHost(await parseBpmn(v1Xml, { version: 1 }));
  host.file();
  host.completeAt('Task_businessLicence');
  host.completeAt('Task_fireCheck');
  return host;
}

describe('migrating a running case to a new version (版本迁移)', () => {
  it('should move a case whose active elements exist in the new version, replaying nothing', async () => {
    // given a v1 case in its parallel steps
    const host = await inParallelSteps();
    const v2 = await parseBpmn(v2Xml, { version: 2 });

    // when it is migrated to v2
    const moved = migrateSnapshot(host.definition, v2, host.snapshot!);

    // then it names v2 and continues there: the join still counts the fire check, and the new
    // step opens after it
    expect(moved).toMatchObject({ definitionKey: 'restaurant', definitionVersion: 2 });
    const after = new SimulatedHost(v2);
    after.snapshot = moved;
    for (const [key, task] of host.tasks) after.tasks.set(key, task);
    after.completeAt('Task_foodLicence');
    after.completeAt('Task_signage');
    expect(after.openSteps()).toEqual(['Task_archive']);
    after.completeAt('Task_archive');
    expect(after.phase).toBe('concluded');
  });

  it('should refuse when an active element is gone, naming it', async () => {
    const host = await inParallelSteps();
    const v3 = await parseBpmn(v3Xml, { version: 3 });
    let error: unknown;
    try {
      migrateSnapshot(host.definition, v3, host.snapshot!);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues).toEqual([
      {
        elementId: 'Task_signage',
        message: expect.stringMatching(/v3 has no Task_signage; finish it first/),
      },
    ]);
  });
});
