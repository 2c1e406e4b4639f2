import { type BpmnFlow, type BpmnLimit, type BpmnNode, renderBpmn } from '../bpmn/renderBpmn';
import {
  itemDecides,
  itemLimits,
  itemProcessId,
  itemRefusedError,
  itemStepGraph,
  type RefusalRouting,
} from '../catalogue/itemBpmn';
import type { ServiceItem } from '../catalogue/ServiceItem';
import type { BundleComposition, JointLimit } from './BundleComposition';
import { type PlannedItem, planBundle } from './planBundle';

export interface ComposeOptions {
  /** The catalogue to resolve item codes in; the shipped `serviceItems` by default. */
  items?: readonly ServiceItem[];
  /**
   * Draw each item as an embedded sub-process holding its steps instead of a call activity, so an
   * engine that cannot call processes yet runs the bundle. Same ids, gateways and conditions.
   */
  inlineItems?: boolean;
}

/**
 * 组合一件事: the bundle's BPMN 2.0 XML, laid out, from its composition. Items are layered by
 * their prerequisites; each layer forks and joins again before the next, with a parallel gateway
 * when all its items always run and an inclusive gateway with FEEL conditions when some run only
 * for some applications (a default flow skips the layer when none applies). A skipped item counts
 * as done for the items after it. Each item is a call activity of `item-<code>` routed to its
 * department (`yj:department`, `yj:itemCode`, its limits); the joint limit is on the process.
 * Throws {@link CatalogueError} (via {@link planBundle}) for unknown items, bad conditions and cycles.
 */
export async function composeBundle(
  composition: BundleComposition,
  options: ComposeOptions = {},
): Promise<string> {
  const plan = planBundle(composition, options.items);
  // Items other items wait for: refusing one of them decides the fate of its dependents.
  const prerequisiteCodes = new Set(plan.items.flatMap((p) => p.prerequisites));
  const nodes: BpmnNode[] = [];
  const flows: BpmnFlow[] = [];
  const connect = (source: string, target: string, condition?: string, drawAbove = false): string => {
    const id = `Flow_${source}_${target}`;
    const flow: BpmnFlow =
      condition === undefined ? { id, source, target } : { id, source, target, condition };
    if (drawAbove) flow.drawAbove = true;
    flows.push(flow);
    return id;
  };

  /**
   * 不予许可 of a prerequisite: the item throws ITEM_REFUSED; a boundary event on it ends the
   * bundle partially (terminate end) — the items that need it never start and steps still open
   * are closed. An item nothing depends on concludes refused inside itself and the bundle goes on.
   */
  let refusesBundle = false;
  /**
   * Returns the element the bundle goes on from after the item. A called item process always
   * throws ITEM_REFUSED ({@link calledItemBpmn}); when nothing depends on the item, the bundle
   * catches it and merges it back after the item (an exclusive merge, so a parallel join still
   * sees one token per item), as for an item that concluded refused.
   */
  const refusalPath = (planned: PlannedItem, node: BpmnNode): string => {
    const routing = refusalOf(planned, prerequisiteCodes);
    // An inlined item nothing depends on concludes refused inside itself (itemStepGraph).
    if (routing === null || (options.inlineItems === true && routing !== 'throw')) return node.id;
    refusesBundle = true;
    const caught: BpmnNode = {
      id: `${node.id}_refused`,
      tag: 'boundaryEvent',
      attrs: { name: `${planned.item.name.zh}不予许可`, attachedToRef: node.id },
      eventDefinition: { type: 'error', errorRef: itemRefusedError.id },
    };
    if (routing === 'conclude') {
      const merge: BpmnNode = {
        id: `Merge_${planned.item.code}`,
        tag: 'exclusiveGateway',
        attrs: { name: `${planned.item.name.zh}办结` },
      };
      nodes.push(caught, merge);
      connect(node.id, merge.id);
      connect(caught.id, merge.id);
      return merge.id;
    }
    const end: BpmnNode = {
      id: `End_partial_${planned.item.code}`,
      tag: 'endEvent',
      attrs: { name: '部分办结（后续事项不予办理）' },
      eventDefinition: { type: 'terminate' },
    };
    nodes.push(caught, end);
    connect(caught.id, end.id);
    return node.id;
  };

  // yj:nameEn is defined for activities and processes only; events and gateways keep the zh name.
  nodes.push({ id: 'Start_filed', tag: 'startEvent', attrs: { name: '申请提交' } });
  let tail = 'Start_filed';
  for (const [index, layer] of plan.layers.entries()) {
    const conditional = layer.some((p) => p.when !== null);
    if (layer.length === 1 && !conditional) {
      const node = itemNode(layer[0]!, options.inlineItems === true, prerequisiteCodes);
      nodes.push(node);
      connect(tail, node.id);
      tail = refusalPath(layer[0]!, node);
      continue;
    }
    const tag = conditional ? 'inclusiveGateway' : 'parallelGateway';
    const fork: BpmnNode = {
      id: `Fork_${index + 1}`,
      tag,
      attrs: { name: conditional ? '按申请情形办理' : '并联办理' },
    };
    const join: BpmnNode = { id: `Join_${index + 1}`, tag, attrs: { name: '汇合' } };
    nodes.push(fork);
    connect(tail, fork.id);
    for (const planned of layer) {
      const node = itemNode(planned, options.inlineItems === true, prerequisiteCodes);
      nodes.push(node);
      const exit = refusalPath(planned, node);
      connect(fork.id, node.id, planned.when ?? undefined);
      connect(exit, join.id);
    }
    // When every item of the layer is conditional, none may apply: the case goes on without them.
    // The skip is drawn above the layer; the auto-layout would run it through the first item.
    if (layer.every((p) => p.when !== null)) fork.defaultFlow = connect(fork.id, join.id, undefined, true);
    nodes.push(join);
    tail = join.id;
  }
  nodes.push({ id: 'End_concluded', tag: 'endEvent', attrs: { name: '办结' } });
  connect(tail, 'End_concluded');

  const lead = composition.leadDepartmentId;
  return renderBpmn({
    id: composition.key,
    attrs: { name: composition.name.zh, 'yj:nameEn': composition.name.en, 'yj:department': lead },
    limits: jointLimits(composition.jointLimit),
    ...(refusesBundle || plan.items.some((p) => itemDecides(p.item)) ? { errors: [itemRefusedError] } : {}),
    nodes,
    flows,
  });
}

/** The BPMN element id of an item in a composed bundle. */
export function itemElementId(item: ServiceItem): string {
  return `Item_${item.code}`;
}

/** How a refusal of the item routes: it throws to the bundle when other items need it. */
function refusalOf(planned: PlannedItem, prerequisiteCodes: ReadonlySet<string>): RefusalRouting | null {
  if (!itemDecides(planned.item)) return null;
  return prerequisiteCodes.has(planned.item.code) ? 'throw' : 'conclude';
}

function itemNode(planned: PlannedItem, inline: boolean, prerequisiteCodes: ReadonlySet<string>): BpmnNode {
  const { item } = planned;
  const id = itemElementId(item);
  const attrs = {
    name: item.name.zh,
    'yj:nameEn': item.name.en,
    'yj:itemCode': item.code,
    'yj:department': item.implementingDepartmentId,
  };
  if (inline) {
    const refusal = refusalOf(planned, prerequisiteCodes) ?? 'conclude';
    return {
      id,
      tag: 'subProcess',
      attrs,
      limits: itemLimits(item),
      children: itemStepGraph(item, id, refusal),
    };
  }
  return {
    id,
    tag: 'callActivity',
    attrs: { ...attrs, calledElement: itemProcessId(item) },
    limits: itemLimits(item),
  };
}

/**
 * The joint limit as `<yj:limit>`s. The extension rides on the statutory limit as an `extension`
 * attribute: the engine's `kind` is statutory | promised only, and refuses anything else.
 */
function jointLimits(joint: JointLimit): BpmnLimit[] {
  const limits: BpmnLimit[] = [{ ...joint.statutory, kind: 'statutory', extension: joint.extension.value }];
  if (joint.promised) limits.push({ ...joint.promised, kind: 'promised' });
  return limits;
}
