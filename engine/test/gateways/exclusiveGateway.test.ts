import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./exclusiveGateway.bpmn', import.meta.url);

describe('exclusive gateway (排他网关)', () => {
  it('should take the flow whose FEEL condition holds on the form answers', async () => {
    // given a business licence whose applicant declares a large registered capital
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file({ registeredCapital: 5_000_000 });

    // when the review approves
    host.completeAt('Task_review');

    // then the large-capital review opens, and after it the licence is issued
    expect(host.openSteps()).toEqual(['Task_largeReview']);
    host.completeAt('Task_largeReview');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should take the default flow when no condition holds', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file({ registeredCapital: 10_000 });
    host.completeAt('Task_review');
    expect(host.openSteps()).toEqual(['Task_issue']);
  });

  it('should route on the outcome of the task the token comes from', async () => {
    // given a filed case when the review rejects
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file({ registeredCapital: 5_000_000 });
    host.completeAt('Task_review', 'rejected');

    // then the first matching flow (denied) wins over the later one and the case concludes
    expect(host.openSteps()).toEqual([]);
    expect(host.phase).toBe('concluded');
  });

  it('should read variables a task completion carries', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file({ registeredCapital: 10 });
    host.completeAt('Task_review', 'approved', { variables: { registeredCapital: 2_000_000 } });
    expect(host.openSteps()).toEqual(['Task_largeReview']);
  });

  it('should park the token as an incident when no flow can be taken, the review still completing', async () => {
    // given the gateway without its default flow
    const xml = readFileSync(fixture, 'utf8')
      .replace(' default="Flow_small"', '')
      .replace(
        '<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge" />',
        `<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=registeredCapital &lt; 100</bpmn:conditionExpression>
      </bpmn:sequenceFlow>`,
      );
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file({ registeredCapital: 500 });

    // when the review completes
    const effects = host.completeAt('Task_review');

    // then the review is done, and the token waits at the gateway as an incident naming it
    expect(host.openSteps()).toEqual([]);
    expect(effects).toContainEqual(
      expect.objectContaining({
        type: 'incident.raise',
        elementId: 'Gateway_size',
        code: 'no_flow_taken',
        message: expect.stringMatching(/Gateway_size.*default flow/),
      }),
    );
    expect(host.phase).toBe('inProgress');
  });

  it('should refuse a condition that is not valid FEEL at deploy time, naming the flow', async () => {
    const xml = readFileSync(fixture, 'utf8').replace(
      '=registeredCapital &gt; 1000000',
      '=(registeredCapital &gt; ',
    );
    const error = await parseBpmn(xml, { version: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/not valid FEEL/),
    });
  });

  it('should refuse a JUEL condition and say how to write it in FEEL', async () => {
    const xml = readFileSync(fixture, 'utf8').replace(
      '=registeredCapital &gt; 1000000',
      // A JUEL expression as Camunda 7 writes it.
      '\u0024{registeredCapital &gt; 1}',
    );
    const error = (await parseBpmn(xml, { version: 1 }).catch((e: unknown) => e)) as DefinitionError;
    expect(error.issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/JUEL.*=registeredCapital > 1/),
    });
  });
});
