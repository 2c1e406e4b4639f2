import {
  type BpmnErrorDef,
  type BpmnFlow,
  type BpmnGraph,
  type BpmnLimit,
  type BpmnNode,
  renderBpmn,
} from '../bpmn/renderBpmn';
import { itemSteps } from './itemSteps';
import type { ServiceItem } from './ServiceItem';

/** The BPMN process id of an item, what a bundle's call activity names in `calledElement`. */
export function itemProcessId(item: ServiceItem): string {
  return `item-${item.code}`;
}

/** The item's statutory and promised limits as `<yj:limit>`s. */
export function itemLimits(item: ServiceItem): BpmnLimit[] {
  return [
    ...(item.statutoryLimit ? [{ ...item.statutoryLimit, kind: 'statutory' as const }] : []),
    { ...item.promisedLimit, kind: 'promised' as const },
  ];
}

/** 不予许可: the business error a decision step ends in when the department refuses the item. */
export const ITEM_REFUSED = 'ITEM_REFUSED';

/** The `<bpmn:error>` that item decision steps throw and bundles catch. */
export const itemRefusedError: BpmnErrorDef = {
  id: 'Error_itemRefused',
  name: '不予许可',
  errorCode: ITEM_REFUSED,
};

/** The step key of an item's decision step (准予/不予许可). */
export const DECISION_STEP_KEY = 'decision';

/**
 * What a refused item does once its decision step ends in {@link ITEM_REFUSED}: `conclude` — the
 * item ends refused and the bundle goes on (nothing depends on it); `throw` — the item ends with an
 * error end event, so the bundle's boundary event on it decides what happens to its dependents.
 */
export type RefusalRouting = 'conclude' | 'throw';

/**
 * The item's steps as a chain of user tasks between a start and an end event. Each task goes to
 * the step's department queue (the implementing department by default) and carries the item code,
 * so the lifecycle records of DOMAIN rule 19 are keyed by case and item. Element ids start with
 * `idPrefix`, so several items can be inlined into one bundle process.
 */
export function itemStepGraph(
  item: ServiceItem,
  idPrefix: string,
  refusal: RefusalRouting = 'conclude',
): BpmnGraph {
  const start: BpmnNode = {
    id: `${idPrefix}_start`,
    tag: 'startEvent',
    attrs: { name: '开始' },
  };
  const tasks: BpmnNode[] = itemSteps(item).map((step) => ({
    id: `${idPrefix}_${step.key}`,
    tag: 'userTask',
    attrs: {
      name: `${step.name.zh} · ${item.name.zh}`,
      'yj:nameEn': `${step.name.en} · ${item.name.en}`,
      'yj:department': step.departmentId ?? item.implementingDepartmentId,
      'yj:itemCode': item.code,
    },
    limits: step.limit ? [{ ...step.limit, kind: 'statutory' }] : [],
  }));
  const end: BpmnNode = { id: `${idPrefix}_end`, tag: 'endEvent', attrs: { name: '办结' } };
  const nodes = [start, ...tasks, end];
  const flows: BpmnFlow[] = nodes.slice(1).map((node, i) => ({
    id: `Flow_${nodes[i]!.id}_${node.id}`,
    source: nodes[i]!.id,
    target: node.id,
  }));
  // 不予许可 (Art. 38): the decision step ends in ITEM_REFUSED; the item concludes refused there.
  const decision = tasks.find((t) => t.id === `${idPrefix}_${DECISION_STEP_KEY}`);
  if (decision) {
    const caught: BpmnNode = {
      id: `${decision.id}_refused`,
      tag: 'boundaryEvent',
      attrs: { name: '不予许可', attachedToRef: decision.id },
      eventDefinition: { type: 'error', errorRef: itemRefusedError.id },
    };
    const refusedEnd: BpmnNode = {
      id: `${idPrefix}_refusedEnd`,
      tag: 'endEvent',
      attrs: { name: refusal === 'throw' ? '不予许可（后续事项不予办理）' : '不予许可办结' },
      ...(refusal === 'throw' ? { eventDefinition: { type: 'error', errorRef: itemRefusedError.id } } : {}),
    };
    nodes.push(caught, refusedEnd);
    flows.push({ id: `Flow_${caught.id}_${refusedEnd.id}`, source: caught.id, target: refusedEnd.id });
  }
  return { nodes, flows };
}

/** Whether the item's steps include a decision step (准予/不予许可), so it can be refused. */
export function itemDecides(item: ServiceItem): boolean {
  return itemSteps(item).some((s) => s.key === DECISION_STEP_KEY);
}

/**
 * The item's own process, laid out: by default 受理 → 审查 → 决定 → 制证发证, with the item's
 * limits on the process. Process id `item-<code>`. Run on its own, a refusal concludes the item
 * (`conclude`); called from a bundle it throws ITEM_REFUSED to the call activity ({@link calledItemBpmn}).
 */
export async function itemBpmn(item: ServiceItem, refusal: RefusalRouting = 'conclude'): Promise<string> {
  const id = itemProcessId(item);
  return renderBpmn({
    id,
    attrs: {
      name: item.name.zh,
      'yj:nameEn': item.name.en,
      'yj:itemCode': item.code,
      'yj:department': item.implementingDepartmentId,
    },
    limits: itemLimits(item),
    ...(itemDecides(item) ? { errors: [itemRefusedError] } : {}),
    ...itemStepGraph(item, `Item_${item.code}`, refusal),
  });
}

/**
 * The item's process as a bundle's call activity calls it: a refusal ends in an ITEM_REFUSED error
 * end event, and the composed bundle's boundary event on the call decides (composeBundle): the
 * bundle concludes partially when other items need this one, and goes on otherwise.
 */
export function calledItemBpmn(item: ServiceItem): Promise<string> {
  return itemBpmn(item, 'throw');
}

/**
 * `parseBpmn`'s `resolveCalledProcess` for bundles composed with call activities: `item-<code>`
 * of the catalogue, as {@link calledItemBpmn}; null for anything else.
 */
export function calledItemResolver(
  items: readonly ServiceItem[],
): (calledElement: string) => Promise<string | null> {
  return async (calledElement) => {
    const item = items.find((i) => itemProcessId(i) === calledElement);
    return item ? calledItemBpmn(item) : null;
  };
}
