import { readFileSync } from 'node:fs';

/** Start → fork → N department steps in parallel → join → end, plain BPMN both engines read. */
export function parallelBpmn(branches: number): string {
  const ids = Array.from({ length: branches }, (_, i) => i + 1);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="d" targetNamespace="http://yijian.dev/bench">
  <bpmn:process id="parallel${branches}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:parallelGateway id="join" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="end" />
    ${ids
      .map(
        (i) => `<bpmn:userTask id="task${i}" yj:department="d${i}" />
    <bpmn:sequenceFlow id="a${i}" sourceRef="fork" targetRef="task${i}" />
    <bpmn:sequenceFlow id="b${i}" sourceRef="task${i}" targetRef="join" />`,
      )
      .join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}

export const restaurantBpmn = () =>
  readFileSync(
    new URL('../../process-library/src/bundles/restaurant/restaurant.bpmn', import.meta.url),
    'utf8',
  );
