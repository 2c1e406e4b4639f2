import { type BpmnGraph, type BpmnLimit, type BpmnNode, renderBpmn } from '../bpmn/renderBpmn';
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

/**
 * The item's steps as a chain of user tasks between a start and an end event. Each task goes to
 * the step's department queue (the implementing department by default) and carries the item code,
 * so the lifecycle records of DOMAIN rule 19 are keyed by case and item. Element ids start with
 * `idPrefix`, so several items can be inlined into one bundle process.
 */
export function itemStepGraph(item: ServiceItem, idPrefix: string): BpmnGraph {
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
  const flows = nodes.slice(1).map((node, i) => ({
    id: `Flow_${nodes[i]!.id}_${node.id}`,
    source: nodes[i]!.id,
    target: node.id,
  }));
  return { nodes, flows };
}

/**
 * The item's own process, laid out: by default 受理 → 审查 → 决定 → 制证发证, with the item's
 * limits on the process. Process id `item-<code>`, the element a bundle's call activity calls.
 */
export async function itemBpmn(item: ServiceItem): Promise<string> {
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
    ...itemStepGraph(item, `Item_${item.code}`),
  });
}
