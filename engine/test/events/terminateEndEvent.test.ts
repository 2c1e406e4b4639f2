import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../src';
import { loadFixture, SimulatedHost } from '../support/simulatedHost';

const fixture = new URL('./terminateEndEvent.bpmn', import.meta.url);

describe('terminate end event (终止结束事件)', () => {
  it('should cancel every other task and timer and conclude the case', async () => {
    // given pre-review and the fire check running in parallel, the fire check with an urging timer
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    expect(host.openSteps()).toEqual(['Task_fire', 'Task_preReview']);
    expect([...host.timers.keys()]).toEqual(['Timer_urge#1']);

    // when pre-review finds the application inadmissible (不予受理)
    const effects = host.completeAt('Task_preReview', 'inadmissible');

    // then the fire check is cancelled, its timer too, and the case concludes once
    expect(effects).toEqual(
      expect.arrayContaining([
        { type: 'task.cancel', activationKey: 'Task_fire#1' },
        { type: 'timer.cancel', key: 'Timer_urge#1' },
        { type: 'case.concluded', at: host.now },
      ]),
    );
    expect(host.tasks.size).toBe(0);
    expect(host.phase).toBe('concluded');
  });

  it('should NOT end the case when the other path ends normally', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    host.completeAt('Task_preReview', 'admissible');
    expect(host.openSteps()).toEqual(['Task_fire']);
    expect(host.phase).toBe('inProgress');
  });

  it('should make a late timer fire for the terminated case a no-op', async () => {
    const host = new SimulatedHost(await loadFixture(fixture));
    host.file();
    host.completeAt('Task_preReview', 'inadmissible');
    expect(host.fire('Timer_urge#1')).toEqual([]);
    expect(host.phase).toBe('concluded');
  });

  it('should drop the tokens still moving in the same step', async () => {
    // given a fork whose one branch terminates at once and whose other leads to a task
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" />
    <bpmn:endEvent id="End_now"><bpmn:terminateEventDefinition /></bpmn:endEvent>
    <bpmn:userTask id="Task_late" yj:department="a" /><bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="End_now" />
    <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Task_late" />
    <bpmn:sequenceFlow id="f4" sourceRef="Task_late" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));

    // when the case is filed, then no task is ever opened and the case concludes at once
    const effects = host.file();
    expect(effects.map((e) => e.type)).toEqual(['case.accepted', 'case.concluded', 'case.issuance']);
    expect(host.phase).toBe('concluded');
  });
});
