import { parseBpmn } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { composedBundle, createBundleCompositions, ITEM_REFUSED, itemBpmn, serviceItems } from '../../src';

const restaurant = createBundleCompositions().find((c) => c.key === 'restaurant')!;
const BUSINESS = '000104001000';
const FIRE = '000125049000';
const ENVIRONMENT = '990160001000';

describe('Given the restaurant bundle composed from its items', () => {
  it('should give every decision step a 不予许可 error boundary that ends its item', async () => {
    const definition = await parseBpmn((await composedBundle(restaurant)).bpmn, {
      key: 'restaurant',
      version: 1,
    });
    const caught = definition.nodes[`Item_${FIRE}_decision_refused`]!;
    expect(caught.kind).toBe('boundaryEvent');
    expect(caught.attachedTo).toBe(`Item_${FIRE}_decision`);
    expect(caught.eventDefinition).toEqual({ type: 'error', errorCode: ITEM_REFUSED });
    // The fire check is needed by nothing: it concludes refused inside itself (a none end)
    const end = definition.flows[definition.nodes[caught.id]!.outgoing[0]!]!.targetRef;
    expect(definition.nodes[end]!.eventDefinition ?? null).toBeNull();
    // The environmental filing (即办件) has no decision step and no refusal path
    expect(definition.nodes[`Item_${ENVIRONMENT}_decision_refused`]).toBeUndefined();
  });

  it('should end the bundle partially when a prerequisite item is refused', async () => {
    const definition = await parseBpmn((await composedBundle(restaurant)).bpmn, {
      key: 'restaurant',
      version: 1,
    });
    // Inside the business licence the refusal throws ITEM_REFUSED to the bundle …
    const inner = definition.nodes[`Item_${BUSINESS}_refusedEnd`]!;
    expect(inner.eventDefinition).toEqual({ type: 'error', errorCode: ITEM_REFUSED });
    // … where a boundary event on the item leads to a terminate end: 部分办结
    const outer = definition.nodes[`Item_${BUSINESS}_refused`]!;
    expect(outer.attachedTo).toBe(`Item_${BUSINESS}`);
    const end = definition.nodes[definition.flows[outer.outgoing[0]!]!.targetRef]!;
    expect(end.eventDefinition).toEqual({ type: 'terminate' });
    expect(end.name.zh).toContain('部分办结');
  });

  it('should give an item’s own process the same refusal path', async () => {
    const fire = serviceItems.find((i) => i.code === FIRE)!;
    const definition = await parseBpmn(await itemBpmn(fire), { key: 'item-fire', version: 1 });
    expect(definition.nodes[`Item_${FIRE}_decision_refused`]!.eventDefinition).toEqual({
      type: 'error',
      errorCode: ITEM_REFUSED,
    });
  });
});
