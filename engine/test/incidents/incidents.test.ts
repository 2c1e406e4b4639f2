import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type IncidentToken, migrateSnapshot, parseBpmn, RunError, readCase } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./incidents.bpmn', import.meta.url);

/** Given a shop opening whose area gateway covers < 100 and > 300 m², with no default flow. */
async function shopOpening(variables: Record<string, unknown>) {
  const host = new SimulatedHost(await loadFixture(fixture));
  host.file(variables);
  return host;
}

const incidentsOf = (host: SimulatedHost): IncidentToken[] =>
  readCase(host.definition, host.snapshot!).context.tokens.incidents;

describe('incidents (a token that cannot get past an element)', () => {
  it('should park the token at the gateway, commit the completion and let the other branch go on', async () => {
    const host = await shopOpening({ area: 200 });

    // when the review completes into a gateway where no condition holds
    const effects = host.completeAt('Task_review');

    // then the review is done, an incident names the gateway, and signage is still open
    expect(effects).toContainEqual({
      type: 'incident.raise',
      key: 'incident:Gateway_area#1',
      elementId: 'Gateway_area',
      code: 'no_flow_taken',
      message: expect.stringContaining('Gateway_area'),
      messages: {
        en: expect.stringContaining('Gateway_area'),
        zh: 'Gateway_area 之后没有成立的条件，且没有默认流向；请添加默认流向或修正条件。',
      },
      attempts: 1,
      at: host.now,
    });
    expect(host.openSteps()).toEqual(['Task_signage']);
    expect(incidentsOf(host)).toMatchObject([{ elementId: 'Gateway_area', phase: 'arrive', scope: '' }]);

    // and the inclusive join waits for the parked token: signage alone does not reach issuance
    host.completeAt('Task_signage');
    expect(host.openSteps()).toEqual([]);
    expect(host.phase).toBe('inProgress');
    expect(host.concluded).toBe(false);
  });

  it('should move on after a retry with corrected variables, and resolve the incident', async () => {
    const host = await shopOpening({ area: 200 });
    host.completeAt('Task_review');
    host.completeAt('Task_signage');

    // when an operator corrects the area and retries
    const effects = host.retry('incident:Gateway_area#1', { area: 450 });

    // then the fire check opens and the incident is resolved
    expect(host.openSteps()).toEqual(['Task_fireCheck']);
    expect(effects).toContainEqual({
      type: 'incident.resolve',
      key: 'incident:Gateway_area#1',
      resolution: 'retried',
      at: host.now,
    });
    expect(incidentsOf(host)).toEqual([]);

    // and the case concludes through the join
    host.completeAt('Task_fireCheck');
    host.completeAt('Task_issue');
    expect(host.phase).toBe('concluded');
  });

  it('should keep the incident with one attempt more when the retry fails again', async () => {
    const host = await shopOpening({ area: 200 });
    host.completeAt('Task_review');

    const effects = host.retry('incident:Gateway_area#1', { area: 250 });

    expect(effects.filter((e) => e.type.startsWith('incident.'))).toEqual([
      expect.objectContaining({ type: 'incident.raise', key: 'incident:Gateway_area#1', attempts: 2 }),
    ]);
    expect(incidentsOf(host)).toMatchObject([{ key: 'incident:Gateway_area#1', attempts: 2 }]);
  });

  it('should NOT accept a retry of an incident that is not open, changing nothing', async () => {
    const host = await shopOpening({ area: 200 });
    host.completeAt('Task_review');
    host.retry('incident:Gateway_area#1', { area: 50 });
    const before = JSON.stringify(host.snapshot);

    expect(() => host.retry('incident:Gateway_area#1')).toThrow(RunError);
    expect(() => host.retry('incident:Gateway_area#1')).toThrow(/no open incident/);
    expect(JSON.stringify(host.snapshot)).toBe(before);
  });

  it('should park where a token leaves an activity whose outgoing conditions fail', async () => {
    // given conditions on the review's own outgoing flows (no gateway)
    const xml = readFileSync(fixture, 'utf8')
      .replace(
        '<bpmn:sequenceFlow id="Flow_reviewed" sourceRef="Task_review" targetRef="Gateway_area" />',
        `<bpmn:sequenceFlow id="Flow_reviewed" sourceRef="Task_review" targetRef="Task_fireCheck">
          <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=area &gt; 300</bpmn:conditionExpression>
        </bpmn:sequenceFlow>`,
      )
      .replace(/<bpmn:exclusiveGateway id="Gateway_area"[^>]*\/>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_big"[\s\S]*?<\/bpmn:sequenceFlow>/, '')
      .replace(/<bpmn:sequenceFlow id="Flow_small"[\s\S]*?<\/bpmn:sequenceFlow>/, '');
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file({ area: 120 });

    host.completeAt('Task_review');
    expect(incidentsOf(host)).toMatchObject([{ elementId: 'Task_review', phase: 'leave' }]);

    host.retry(incidentsOf(host)[0]!.key, { area: 301 });
    expect(host.openSteps()).toEqual(['Task_fireCheck', 'Task_signage']);
  });

  it('should give the same snapshot for the same events (the parked step is replayed from its input)', async () => {
    const a = await shopOpening({ area: 200 });
    const b = await shopOpening({ area: 200 });
    a.completeAt('Task_review');
    b.completeAt('Task_review');
    expect(JSON.stringify(a.snapshot)).toBe(JSON.stringify(b.snapshot));
  });

  it('should migrate a case with an incident to a version that fixes the condition, then retry', async () => {
    const host = await shopOpening({ area: 200 });
    host.completeAt('Task_review');
    // given v2 whose small branch covers everything up to 300 m²
    const v2 = await parseBpmn(readFileSync(fixture, 'utf8').replace('=area &lt; 100', '=area &lt;= 300'), {
      version: 2,
    });
    const moved = new SimulatedHost(v2, host.now);
    moved.snapshot = migrateSnapshot(host.definition, v2, host.snapshot!);
    for (const [key, value] of host.incidents) moved.incidents.set(key, value);
    for (const [key, value] of host.tasks) moved.tasks.set(key, value);

    moved.retry('incident:Gateway_area#1');

    expect(moved.incidents.size).toBe(0);
    moved.completeAt('Task_signage');
    expect(moved.openSteps()).toEqual(['Task_issue']);
  });
});

describe('incidents when their scope ends', () => {
  it('should resolve a parked token as cancelled when a terminate end event ends the process', async () => {
    // given signage that ends everything (terminate)
    const xml = readFileSync(fixture, 'utf8')
      .replace(
        '<bpmn:endEvent id="End" />',
        '<bpmn:endEvent id="End" /><bpmn:endEvent id="End_all"><bpmn:terminateEventDefinition /></bpmn:endEvent>',
      )
      .replace('sourceRef="Task_signage" targetRef="Join"', 'sourceRef="Task_signage" targetRef="End_all"');
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file({ area: 200 });
    host.completeAt('Task_review');

    const effects = host.completeAt('Task_signage');

    expect(effects).toContainEqual(
      expect.objectContaining({
        type: 'incident.resolve',
        key: 'incident:Gateway_area#1',
        resolution: 'cancelled',
      }),
    );
    expect(host.phase).toBe('concluded');
  });
});
