import { createWorkCalendar, parseBpmn } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { testRun } from '../src/definitions/testRun';
import { diffDefinitions } from '../src/definitions/versionDiff';

const calendar = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [2026] });
const now = '2026-03-02T02:00:00.000Z';

/** A food licence with a site visit only above 100 m² (an exclusive gateway with a default way round). */
const xml = (condition = 'shop.area &gt; 100', withVisit = true) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="Definitions_1" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="foodLicence" name="食品经营许可" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_review" name="审查" yj:department="market" yj:itemCode="000131024000" />
    <bpmn:exclusiveGateway id="Gateway_site" default="Flow_noVisit" />
    ${withVisit ? '<bpmn:userTask id="Task_siteVisit" name="现场核查" yj:department="market" yj:itemCode="000125049000" />' : ''}
    <bpmn:exclusiveGateway id="Gateway_merge" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_review" targetRef="Gateway_site" />
    ${
      withVisit
        ? `<bpmn:sequenceFlow id="Flow_visit" sourceRef="Gateway_site" targetRef="Task_siteVisit">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_siteVisit" targetRef="Gateway_merge" />`
        : ''
    }
    <bpmn:sequenceFlow id="Flow_noVisit" sourceRef="Gateway_site" targetRef="Gateway_merge" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_merge" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

describe('Given a test run of a process with an exclusive gateway', () => {
  it('should take the default way round for a small shop: the site visit skipped with its condition', async () => {
    const definition = await parseBpmn(xml(), { key: 'foodLicence', version: 1 });
    const run = testRun(definition, { 'shop.area': 80 }, { now, calendar });
    expect(run.outcome).toBe('concluded');
    expect(run.steps.map((s) => s.elementId)).toEqual(['Task_review']);
    expect(run.takenFlows.sort()).toEqual(['Flow_1', 'Flow_2', 'Flow_4', 'Flow_noVisit']);
    expect(run.visitedElements).toEqual(
      expect.arrayContaining(['Start', 'Gateway_site', 'Gateway_merge', 'End']),
    );
    expect(run.items.find((i) => i.itemCode === '000125049000')).toMatchObject({
      applies: false,
      condition: 'shop.area > 100',
    });
    expect(run.items.find((i) => i.itemCode === '000131024000')).toMatchObject({
      applies: true,
      condition: null,
    });
  });

  it('should visit the site for a large shop and not take the default flow', async () => {
    const definition = await parseBpmn(xml(), { key: 'foodLicence', version: 1 });
    const run = testRun(definition, { 'shop.area': 180 }, { now, calendar });
    expect(run.steps.map((s) => s.elementId)).toEqual(['Task_review', 'Task_siteVisit']);
    expect(run.takenFlows.sort()).toEqual(['Flow_1', 'Flow_2', 'Flow_3', 'Flow_4', 'Flow_visit']);
  });

  it('should report an incident when a condition cannot be evaluated, instead of a path', async () => {
    const definition = await parseBpmn(xml(), { key: 'foodLicence', version: 1 });
    const run = testRun(definition, {}, { now, calendar });
    expect(run.outcome).toBe('incident');
    // The engine's sentence in both languages, on the gateway that could not choose
    expect(run.problems).toEqual([
      expect.objectContaining({ elementId: 'Gateway_site', code: 'variable_missing' }),
    ]);
    const [problem] = run.problems;
    expect(problem?.message).toBe(problem?.messages.en);
    expect(problem?.messages.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(problem?.messages.zh).not.toBe(problem?.messages.en);
  });
});

describe('Given two versions of a process', () => {
  it('should list the removed task and flows and the changed condition, by element id', async () => {
    const v1 = await parseBpmn(xml(), { key: 'foodLicence', version: 1 });
    const v2 = await parseBpmn(xml('shop.area &gt; 200'), { key: 'foodLicence', version: 2 });
    const v3 = await parseBpmn(xml('x', false), { key: 'foodLicence', version: 3 });
    expect(diffDefinitions(v1, v2)).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          id: 'Flow_visit',
          type: 'sequenceFlow',
          name: { zh: 'Gateway_site → Task_siteVisit', en: 'Gateway_site → Task_siteVisit' },
          changes: [{ attribute: 'condition', before: 'shop.area > 100', after: 'shop.area > 200' }],
        },
      ],
    });
    const removed = diffDefinitions(v1, v3);
    expect(removed.removed.map((e) => e.id).sort()).toEqual(['Flow_3', 'Flow_visit', 'Task_siteVisit']);
    expect(removed.removed.find((e) => e.id === 'Task_siteVisit')?.name?.zh).toBe('现场核查');
    expect(
      diffDefinitions(v3, v1)
        .added.map((e) => e.id)
        .sort(),
    ).toEqual(['Flow_3', 'Flow_visit', 'Task_siteVisit']);
  });
});
