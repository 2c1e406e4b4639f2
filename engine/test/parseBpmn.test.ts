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

  it('should refuse a DOCTYPE with entities before parsing', async () => {
    const issues = await issuesOf(`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]>${wrap('')}`);
    expect(issues[0]!.message).toMatch(/DOCTYPE/);
  });

  it('should refuse a file over the size limit and text that is not XML', async () => {
    expect((await issuesOf(wrap(`<!-- ${'x'.repeat(6 * 1024 * 1024)} -->`)))[0]!.message).toMatch(/limited/);
    await expect(parseBpmn('this is not xml', { version: 1 })).rejects.toBeInstanceOf(DefinitionError);
  });
});
