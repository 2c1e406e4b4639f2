import {
  type CaseSnapshot,
  type CreateTaskEffect,
  createWorkCalendar,
  type Effect,
  type ProcessDefinition,
  parseBpmn,
  transition,
} from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import {
  calledItemResolver,
  composedBundle,
  createBundleCompositions,
  DECISION_STEP_KEY,
  ITEM_REFUSED,
  itemBpmn,
  serviceItems,
} from '../../src';
import { composeBundle } from '../../src/composer/composeBundle';
import { completeAnswers } from '../../src/forms/completeAnswers';
import { mergeForms } from '../../src/forms/mergeForms';

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

describe('Given the restaurant bundle composed with call activities (items as called processes)', () => {
  const calendar = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [2026] });
  const ctx = { now: '2026-03-02T02:00:00Z', calendar };
  const answers = completeAnswers(mergeForms(restaurant), {
    'shop.area': 500,
    'shop.investment': 20,
    'shop.sellsTobacco': false,
    'entity.hasBusinessLicence': false,
  });

  async function called(): Promise<ProcessDefinition> {
    return parseBpmn(await composeBundle(restaurant), {
      key: 'restaurant',
      version: 1,
      resolveCalledProcess: calledItemResolver(serviceItems),
    });
  }

  /**
   * Files the case and works every open step: the decision step of `refused` ends in ITEM_REFUSED
   * (as decideItem sends it), every other step is approved. Returns the items whose steps ran.
   */
  function run(definition: ProcessDefinition, refused: string) {
    let step = transition(
      definition,
      null,
      { type: 'case.file', actorId: 'applicant', variables: answers, acceptOnTheSpot: true },
      ctx,
    );
    const open = new Map<string, CreateTaskEffect>();
    const started = new Set<string>();
    let concluded: Effect | undefined;
    const apply = (effects: Effect[]) => {
      for (const e of effects) {
        if (e.type === 'task.create') {
          open.set(e.activationKey, e);
          started.add(e.itemCode!);
        }
        if (e.type === 'task.cancel') open.delete(e.activationKey);
        if (e.type === 'case.concluded') concluded = e;
      }
    };
    apply(step.effects);
    for (let guard = 0; open.size > 0 && guard < 200; guard++) {
      const task = [...open.values()][0]!;
      open.delete(task.activationKey);
      const refuse = task.itemCode === refused && task.elementId.endsWith(`_${DECISION_STEP_KEY}`);
      step = transition(
        definition,
        JSON.parse(JSON.stringify(step.snapshot)) as CaseSnapshot,
        {
          type: 'task.complete',
          activationKey: task.activationKey,
          actorId: 'clerk',
          outcome: refuse ? 'refused' : 'approved',
          ...(refuse ? { error: { errorCode: ITEM_REFUSED } } : {}),
        },
        ctx,
      );
      apply(step.effects);
    }
    return { started: [...started].sort(), concluded, snapshot: step.snapshot };
  }

  it('should catch ITEM_REFUSED from the called item on the call activity', async () => {
    const definition = await called();
    // the called business licence throws (an error end event inside the call) …
    expect(definition.nodes[`Item_${BUSINESS}.Item_${BUSINESS}_refusedEnd`]!.eventDefinition).toEqual({
      type: 'error',
      errorCode: ITEM_REFUSED,
    });
    // … the bundle ends partially, since the other items need it
    const outer = definition.nodes[`Item_${BUSINESS}_refused`]!;
    expect(outer.attachedTo).toBe(`Item_${BUSINESS}`);
    expect(definition.nodes[definition.flows[outer.outgoing[0]!]!.targetRef]!.eventDefinition).toEqual({
      type: 'terminate',
    });
    // … and the fire check, needed by nothing, merges back into the bundle after the item
    const fire = definition.nodes[`Item_${FIRE}_refused`]!;
    expect(definition.flows[fire.outgoing[0]!]!.targetRef).toBe(`Merge_${FIRE}`);
  });

  it('should conclude the bundle partially when the called business licence is refused', async () => {
    const { started, concluded } = run(await called(), BUSINESS);
    // then nothing after the business licence starts, and the case concludes (部分办结)
    expect(started).toEqual([BUSINESS]);
    expect(concluded).toBeDefined();
  });

  it('should go on with the other items when the called fire check is refused', async () => {
    const definition = await called();
    const { started, concluded } = run(definition, FIRE);
    expect(concluded).toBeDefined();
    // the same items ran as when nothing is refused
    expect(started).toEqual(run(definition, 'none').started);
    expect(started).toContain(FIRE);
    expect(started).toContain(ENVIRONMENT);
  });
});
