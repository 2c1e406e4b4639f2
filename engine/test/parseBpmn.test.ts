import { describe, expect, it } from 'vitest';
import { DefinitionError, parseBpmn } from '../src';

const wrap = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

async function issuesOf(xml: string) {
  try {
    await parseBpmn(xml, { version: 1 });
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return (error as DefinitionError).issues;
  }
  throw new Error('expected the model to be refused');
}

describe('parseBpmn', () => {
  it('should refuse an unsupported element, naming it and how to fix it', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/><bpmn:scriptTask id="Script_1"/><bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Script_1"/><bpmn:sequenceFlow id="f2" sourceRef="Script_1" targetRef="e"/>`),
    );
    expect(issues).toContainEqual({
      elementId: 'Script_1',
      message: expect.stringMatching(/ScriptTask is not supported; use/),
    });
  });

  it('should refuse a gateway with no outgoing flow and a user task without a department', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:parallelGateway id="g"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="g"/>`),
    );
    expect(issues.map((i) => i.elementId)).toEqual(expect.arrayContaining(['g', 't']));
  });

  it('should refuse a promised limit longer than the statutory one (DOMAIN rule 11)', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/>
        <bpmn:userTask id="Task_food" yj:department="market"><bpmn:extensionElements>
          <yj:limit value="20" unit="workingDays" kind="statutory" />
          <yj:limit value="25" unit="workingDays" kind="promised" />
        </bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Task_food"/><bpmn:sequenceFlow id="f2" sourceRef="Task_food" targetRef="e"/>`),
    );
    expect(issues).toEqual([
      {
        elementId: 'Task_food',
        message: expect.stringMatching(/promised limit \(25 workingDays\) exceeds the statutory limit \(20/),
      },
    ]);
  });

  it('should refuse a DOCTYPE with entities before parsing', async () => {
    const issues = await issuesOf(`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]>${wrap('')}`);
    expect(issues[0]!.message).toMatch(/DOCTYPE/);
  });

  it('should refuse a file over the size limit and text that is not XML', async () => {
    expect((await issuesOf(wrap(`<!-- ${'x'.repeat(20 * 1024 * 1024)} -->`)))[0]!.message).toMatch(/limited/);
    await expect(parseBpmn('this is not xml', { version: 1 })).rejects.toBeInstanceOf(DefinitionError);
  });
});

describe('parseBpmn: the supported subset', () => {
  const flow = (id: string, from: string, to: string) =>
    `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"/>`;

  it('should refuse a countersign without participants and an unknown rule, naming the task', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/>
        <bpmn:userTask id="t1" yj:department="a"><bpmn:multiInstanceLoopCharacteristics/></bpmn:userTask>
        <bpmn:userTask id="t2" yj:countersign="most" yj:assignees="a,b"/>
        <bpmn:userTask id="t3" yj:countersign="vote" yj:threshold="150%" yj:assignees="a,b"/>
        <bpmn:endEvent id="e"/>${flow('f1', 's', 't1')}${flow('f2', 't1', 't2')}${flow('f3', 't2', 't3')}${flow('f4', 't3', 'e')}`),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { elementId: 't1', message: expect.stringMatching(/needs its participants/) },
        { elementId: 't2', message: expect.stringMatching(/unknown; use one of all, any, sequential, vote/) },
        { elementId: 't3', message: expect.stringMatching(/share below 1/) },
      ]),
    );
  });

  it('should refuse a boundary event on a gateway and conditions after a parallel gateway', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="g"/>
        <bpmn:boundaryEvent id="b" attachedToRef="g"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
        <bpmn:endEvent id="e"/>${flow('f1', 's', 'g')}
        <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
        ${flow('f3', 'b', 'e')}`),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { elementId: 'b', message: expect.stringMatching(/attached to a user task or a sub-process/) },
        { elementId: 'g', message: expect.stringMatching(/Conditions are only evaluated after/) },
      ]),
    );
  });

  it('should refuse an error end event at process level and a message start event', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"><bpmn:messageEventDefinition/></bpmn:startEvent>
        <bpmn:endEvent id="e"><bpmn:errorEventDefinition/></bpmn:endEvent>${flow('f1', 's', 'e')}`),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { elementId: 's', message: expect.stringMatching(/A message start event is not supported/) },
        { elementId: 'e', message: expect.stringMatching(/error end event needs an error/) },
      ]),
    );
  });

  it('should list every unsupported element at once, also inside sub-processes', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="svc"/><bpmn:callActivity id="call"/>
        <bpmn:subProcess id="sub"><bpmn:startEvent id="s2"/><bpmn:scriptTask id="inner"/>${flow('f5', 's2', 'inner')}</bpmn:subProcess>
        <bpmn:endEvent id="e"/>${flow('f1', 's', 'svc')}${flow('f2', 'svc', 'call')}${flow('f3', 'call', 'sub')}${flow('f4', 'sub', 'e')}`),
    );
    expect(issues.map((i) => i.elementId)).toEqual(expect.arrayContaining(['svc', 'call', 'inner']));
    expect(issues.find((i) => i.elementId === 'call')!.message).toMatch(/call activity has no calledElement/);
  });
});

describe('parseBpmn: bpmnlint rules (the same config the designer can run live)', () => {
  it('should refuse duplicate sequence flows, which would send two tokens', async () => {
    const issues = await issuesOf(
      wrap(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>
        <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/><bpmn:sequenceFlow id="f2" sourceRef="s" targetRef="e"/>`),
    );
    expect(issues).toContainEqual({
      elementId: 'f2',
      message: expect.stringMatching(/duplicate.*no-duplicate-sequence-flows/i),
    });
  });
});
