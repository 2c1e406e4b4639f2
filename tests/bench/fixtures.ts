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

/** The case variables the condition-heavy model reads (flat dotted keys, as filed forms are). */
export const conditionVariables = {
  'shop.area': 500,
  'shop.investment': 50,
  'shop.sellsTobacco': false,
  'entity.ownership': 'forProfit',
  'entity.hasBusinessLicence': false,
};

/**
 * Condition-heavy: a chain of `steps` department steps, each followed by an exclusive gateway
 * with two FEEL conditions (go on, or end the case as refused), then an inclusive gateway with
 * three conditional branches and its join, and a boundary timer (P3D) on the first step. Every
 * step evaluates at least two conditions; with {@link conditionVariables} every step goes on and
 * two of the three inclusive branches run.
 *
 * No exclusive merges: bpmn-engine sends a "discarded" token down every flow not taken, and a
 * merge after each step would double its work per step — a model shaped to flatter us.
 */
export function conditionHeavyBpmn(steps = 8): string {
  const ids = Array.from({ length: steps }, (_, i) => i + 1);
  const step = (i: number) => {
    const next = i === steps ? 'fork' : `task${i + 1}`;
    const goOn = `(shop.area &gt; ${i * 50} or shop.investment &gt; ${i * 10}) and entity.hasBusinessLicence = false`;
    return `<bpmn:userTask id="task${i}" yj:department="d${i}" />
    <bpmn:exclusiveGateway id="decide${i}" />
    <bpmn:endEvent id="refused${i}" />
    <bpmn:sequenceFlow id="in${i}" sourceRef="task${i}" targetRef="decide${i}" />
    <bpmn:sequenceFlow id="go${i}" sourceRef="decide${i}" targetRef="${next}">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${goOn}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="stop${i}" sourceRef="decide${i}" targetRef="refused${i}">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=not(${goOn})</bpmn:conditionExpression>
    </bpmn:sequenceFlow>`;
  };
  const branches: [string, string][] = [
    ['tobacco', 'shop.sellsTobacco = true'],
    ['fire', 'shop.area &gt; 300 or shop.investment &gt; 30'],
    ['registration', 'entity.ownership in ["forProfit", "nonProfit"]'],
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="d" targetNamespace="http://yijian.dev/bench">
  <bpmn:process id="conditionHeavy${steps}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="task1" />
    <bpmn:boundaryEvent id="late" attachedToRef="task1">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="endLate" />
    <bpmn:sequenceFlow id="fLate" sourceRef="late" targetRef="endLate" />
    ${ids.map(step).join('\n    ')}
    <bpmn:inclusiveGateway id="fork" />
    <bpmn:inclusiveGateway id="join" />
    <bpmn:endEvent id="end" />
    ${branches
      .map(
        ([name, condition]) => `<bpmn:userTask id="${name}" yj:department="${name}" />
    <bpmn:sequenceFlow id="to_${name}" sourceRef="fork" targetRef="${name}">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=${condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="from_${name}" sourceRef="${name}" targetRef="join" />`,
      )
      .join('\n    ')}
    <bpmn:sequenceFlow id="fEnd" sourceRef="join" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}
