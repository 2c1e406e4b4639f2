import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, type Effect, IncidentError, parseBpmn } from '../../src';
import { SimulatedHost } from '../support/simulatedHost';

const exclusive = readFileSync(new URL('../gateways/exclusiveGateway.bpmn', import.meta.url), 'utf8');
const messages = readFileSync(new URL('../events/messageEvents.bpmn', import.meta.url), 'utf8');
const timers = readFileSync(new URL('../events/timerEvents.bpmn', import.meta.url), 'utf8');
const countersign = readFileSync(new URL('../tasks/countersign.bpmn', import.meta.url), 'utf8');

/** The exclusive-gateway fixture with its large-capital condition replaced (XML-escaped). */
function withCondition(condition: string): string {
  return exclusive.replace('=registeredCapital &gt; 1000000', `=${condition}`);
}

/**
 * The incident a step raised, whether the engine throws the IncidentError (the step is refused)
 * or parks the token and reports it as an `incident.raise` effect.
 */
function incidentOf(step: () => Effect[]): { code: string; elementId: string; message: string } {
  let effects: Effect[];
  try {
    effects = step();
  } catch (error) {
    if (!(error instanceof IncidentError)) throw error;
    return { code: error.code, elementId: error.elementId, message: error.message };
  }
  const raised = effects.find((e) => e.type === 'incident.raise');
  if (raised?.type !== 'incident.raise') throw new Error('the step raised no incident');
  return { code: raised.code, elementId: raised.elementId, message: raised.message };
}

describe('strict FEEL at run time (incidents, never a silent route)', () => {
  it('should raise variable_missing at the gateway, naming the flow, when a condition reads a variable the case does not have', async () => {
    // given a gateway whose condition reads registeredCapital, and a case filed without it
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ somethingElse: 1 });

    // when the review completes, then the incident names the flow and the variable
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'variable_missing', elementId: 'Gateway_size' });
    expect(incident.message).toMatch(/registeredCapital/);
    expect(incident.message).toMatch(/flow Flow_large \(after Gateway_size\)/);
  });

  it('should NOT treat a variable present as null as missing: null > 1000000 is null, not boolean', async () => {
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ registeredCapital: null });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.message).toMatch(/null/);
  });

  it('should raise condition_not_boolean when a condition evaluates to a string', async () => {
    const host = new SimulatedHost(await parseBpmn(withCondition('applicantName'), { version: 1 }));
    host.file({ applicantName: '张三' });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.message).toMatch(/FEEL string/);
  });

  it('should compare a string with a number as null (no JavaScript coercion) and raise condition_not_boolean', async () => {
    // given "200" > 100, which JavaScript (and feelin) call true
    const host = new SimulatedHost(
      await parseBpmn(withCondition('registeredCapital &gt; 100'), { version: 1 }),
    );
    host.file({ registeredCapital: '200' });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.message).toMatch(/compares a string with a number/);
  });

  it('should route normally when every condition is true or false', async () => {
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ registeredCapital: 5_000_000 });
    host.completeAt('Task_review');
    expect(host.openSteps()).toEqual(['Task_largeReview']);
  });

  it('should raise no_flow_taken at the gateway when no condition holds and there is no default', async () => {
    const xml = exclusive.replace(' default="Flow_small"', '').replace(
      '<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge" />',
      `<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=registeredCapital &lt; 100</bpmn:conditionExpression>
      </bpmn:sequenceFlow>`,
    );
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file({ registeredCapital: 500 });
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'no_flow_taken',
      elementId: 'Gateway_size',
    });
  });

  it('should raise expression_budget at the gateway when a condition runs over the budget', async () => {
    // given a condition whose loop size comes from the data (not refused at deploy)
    const host = new SimulatedHost(
      await parseBpmn(withCondition('count(for i in 1..registeredCapital return i) &gt; 0'), { version: 1 }),
    );
    host.file({ registeredCapital: 100_000_000 });
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'expression_budget',
      elementId: 'Gateway_size',
    });
  });

  it('should raise correlation_invalid at the catch event when the correlation key is null', async () => {
    // given a fee payment correlated by orderNo, and a case whose orderNo is null
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: null });

    // when the review completes and the catch event arms, then the incident names it
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'correlation_invalid', elementId: 'Catch_feePaid' });
    expect(incident.message).toMatch(/null/);
    expect([...host.subscriptions.values()]).not.toContain('null');
  });

  it('should raise correlation_invalid for a key that is neither string nor number', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: true });
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'correlation_invalid',
      elementId: 'Catch_feePaid',
    });
  });

  it('should use a number correlation key as its text', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: 1024 });
    const effects = host.completeAt('Task_review');
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'message.subscribe', elementId: 'Catch_feePaid', correlation: '1024' }),
    );
  });

  it('should raise variable_missing at the catch event when the correlation variable does not exist', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({});
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'variable_missing',
      elementId: 'Catch_feePaid',
    });
  });

  it('should raise timer_invalid at the timer when a FEEL timer gives something other than a duration text', async () => {
    const host = new SimulatedHost(
      await parseBpmn(timers.replace('>P3D<', '>=noticePeriod<'), { version: 1 }),
    );
    host.file({ noticePeriod: 3 });
    expect(incidentOf(() => host.completeAt('Task_notice'))).toMatchObject({
      code: 'timer_invalid',
      elementId: 'Timer_publicNotice',
    });
  });

  it('should raise timer_invalid at the timer for a text that is not an ISO duration', async () => {
    const host = new SimulatedHost(
      await parseBpmn(timers.replace('>P3D<', '>=noticePeriod<'), { version: 1 }),
    );
    host.file({ noticePeriod: 'three days' });
    expect(incidentOf(() => host.completeAt('Task_notice'))).toMatchObject({
      code: 'timer_invalid',
      elementId: 'Timer_publicNotice',
    });
  });

  it('should raise collection_invalid at the countersign when its collection is not a list', async () => {
    // given the vote countersign reached straight from the start, its experts a text, not a list
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="D" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="vote" isExecutable="true">
    <bpmn:startEvent id="Start" />
    ${/<bpmn:userTask id="Task_vote"[\s\S]*?<\/bpmn:userTask>/.exec(countersign)![0]}
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_vote" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_vote" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    const incident = incidentOf(() => host.file({ experts: 'alice' }));
    expect(incident).toMatchObject({ code: 'collection_invalid', elementId: 'Task_vote' });
  });
});

describe('FEEL checked at deploy time', () => {
  it('should refuse a syntax error such as shop.area >>> 300, naming the flow and the expression', async () => {
    const error = await parseBpmn(withCondition('shop.area &gt;&gt;&gt; 300'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/"shop\.area >>> 300" is not valid FEEL/),
    });
  });

  it('should refuse a construct outside the subset, saying how to write it', async () => {
    const error = await parseBpmn(withCondition('date("2026-01-01") &gt; today()'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/not supported.*ISO date strings/),
    });
  });

  it('should refuse nested loops over literal ranges whose cost is over the budget, naming the flow', async () => {
    const error = await parseBpmn(
      withCondition('count(for i in 1..1000, j in 1..1000 return i * j) &gt; 0'),
      { version: 1 },
    ).catch((e: unknown) => e);
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/needs at least \d+ steps, more than the 100000/),
    });
  });

  it('should refuse a correlation key outside the subset, naming the catch event', async () => {
    const error = await parseBpmn(messages.replace('=orderNo', '=foo(orderNo)'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Catch_feePaid',
      message: expect.stringMatching(/foo\(\)/),
    });
  });
});
