import {
  type CaseSnapshot,
  createWorkCalendar,
  type Effect,
  type ProcessDefinition,
  parseBpmn,
  transition,
} from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { calledItemBpmn, itemProcessId } from '../../src/catalogue/itemBpmn';
import { serviceItems } from '../../src/catalogue/serviceItems';
import { composeBundle } from '../../src/composer/composeBundle';
import { completeAnswers } from '../../src/forms/completeAnswers';
import { mergeForms } from '../../src/forms/mergeForms';

// The runtime deploys the `inlineItems` variant of the composed bundles (each item an embedded
// sub-process); the call-activity variant, with the items' library processes resolved at deploy,
// must behave the same.

const calendar = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [2026] });
const ctx = { now: '2026-03-02T02:00:00Z', calendar };

async function definitionOf(key: string): Promise<ProcessDefinition> {
  const composition = bundleCompositions.find((c) => c.key === key)!;
  return parseBpmn(await composeBundle(composition, { inlineItems: true }), { version: 1 });
}

/** Files a case with these answers and approves every task until the case concludes. */
function runToConclusion(definition: ProcessDefinition, answers: Record<string, unknown>) {
  const created = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'task.create' ? [e] : []));
  let step = transition(
    definition,
    null,
    { type: 'case.file', actorId: 'applicant', variables: answers, acceptOnTheSpot: true },
    ctx,
  );
  const open = created(step.effects);
  const items = new Set<string>();
  const departments = new Set<string>();
  let concluded = false;
  for (let guard = 0; open.length > 0 && guard < 200; guard++) {
    const task = open.shift()!;
    items.add(task.itemCode!);
    departments.add(task.departmentId);
    const snapshot = JSON.parse(JSON.stringify(step.snapshot)) as CaseSnapshot;
    step = transition(
      definition,
      snapshot,
      { type: 'task.complete', activationKey: task.activationKey, actorId: 'clerk', outcome: 'approved' },
      ctx,
    );
    open.push(...created(step.effects));
    concluded ||= step.effects.some((e) => e.type === 'case.concluded');
  }
  return { items: [...items].sort(), departments, concluded };
}

describe('composeBundle with inlineItems', () => {
  it('should be accepted by the engine for every shipped bundle, each item a sub-process of department steps', async () => {
    for (const composition of bundleCompositions) {
      // given a shipped bundle, when its inline variant is deployed
      const definition = await definitionOf(composition.key);

      // then each item is a sub-process and its steps are user tasks of its department
      const subProcesses = Object.values(definition.nodes).filter((n) => n.kind === 'subProcess');
      expect(subProcesses.map((n) => n.itemCode).sort(), composition.key).toEqual(
        composition.items.map((i) => i.itemCode).sort(),
      );
      for (const task of Object.values(definition.nodes).filter((n) => n.kind === 'userTask')) {
        const item = definition.nodes[task.parentId!]!;
        expect(task).toMatchObject({ itemCode: item.itemCode, departmentId: item.departmentId });
      }
      expect(definition.limits[0]).toEqual({ value: 45, unit: 'workingDays', kind: 'statutory' });
    }
  });

  it('should deploy the call-activity variant too, each call resolved to its item’s library process, and run the same items', async () => {
    // the items as called: a refusal throws ITEM_REFUSED to the call (calledItemBpmn)
    const library = new Map(
      await Promise.all(
        serviceItems.map(async (item) => [itemProcessId(item), await calledItemBpmn(item)] as const),
      ),
    );
    const given = {
      'shop.area': 400,
      'shop.sellsTobacco': true,
      'shop.investment': 10,
      'clinic.area': 200,
      'clinic.investment': 10,
    };
    for (const composition of bundleCompositions) {
      // as filed: every question of the bundle's form present, unanswered ones null (FEEL is strict)
      const answers = completeAnswers(mergeForms(composition), given);
      // given a shipped bundle composed with call activities, when the engine deploys it
      const called = await parseBpmn(await composeBundle(composition), {
        version: 1,
        resolveCalledProcess: (id) => library.get(id) ?? null,
      });
      // then each item is a call activity with its item code, and a case runs the same items as inlined
      const calls = Object.values(called.nodes).filter((n) => n.calledElement);
      expect(calls.map((n) => n.itemCode).sort(), composition.key).toEqual(
        composition.items.map((i) => i.itemCode).sort(),
      );
      const viaCalls = runToConclusion(called, answers);
      const inline = runToConclusion(await definitionOf(composition.key), answers);
      expect(viaCalls.concluded, composition.key).toBe(true);
      expect(viaCalls.items, composition.key).toEqual(inline.items);
    }
  });

  it('should run the restaurant fire check and tobacco licence only when the answers need them', async () => {
    // given the restaurant bundle
    const definition = await definitionOf('restaurant');

    // when a 500 m² restaurant selling tobacco applies without a business licence
    const large = runToConclusion(definition, {
      'shop.area': 500,
      'shop.investment': 20,
      'shop.sellsTobacco': true,
      'entity.hasBusinessLicence': false,
    });
    // then every item runs, the fire check and tobacco licence included, and the case concludes
    expect(large.concluded).toBe(true);
    expect(large.items).toEqual(
      ['000104001000', '000131024000', '000143017000', '000125049000', '990160001000', '000162004000'].sort(),
    );

    // when a 100 m², 20万 restaurant without tobacco applies holding a business licence
    const small = runToConclusion(definition, {
      'shop.area': 100,
      'shop.investment': 20,
      'shop.sellsTobacco': false,
      'entity.hasBusinessLicence': true,
    });
    // then only the food licence, signage and environmental filing run
    expect(small.concluded).toBe(true);
    expect(small.items).toEqual(['000131024000', '000143017000', '990160001000'].sort());
    expect(small.departments).toEqual(new Set(['market', 'urban', 'eco']));
  });

  it('should run the fire check of a small restaurant with a large investment (threshold "or")', async () => {
    // given the demo locality's threshold: area > 300 or investment > 30万
    const definition = await definitionOf('restaurant');

    // when a 100 m² restaurant invests 50万
    const run = runToConclusion(definition, {
      'shop.area': 100,
      'shop.investment': 50,
      'shop.sellsTobacco': false,
      'entity.hasBusinessLicence': true,
    });

    // then the fire check runs
    expect(run.items).toContain('000125049000');
  });

  it('should transfer only the utilities the flat has, after the registration', async () => {
    const definition = await definitionOf('secondHandFlat');

    // when a flat without gas but with broadband is sold
    const run = runToConclusion(definition, { 'property.hasGas': false, 'property.hasBroadband': true });

    // then filing, tax, registration, water, power and broadband run; gas does not
    expect(run.concluded).toBe(true);
    expect(run.items).toEqual(
      ['990150001000', '990110001000', '990170001000', '990180001000', '990180002000', '990180004000'].sort(),
    );
  });

  it('should register a non-profit kindergarten with civil affairs and a for-profit one with market regulation', async () => {
    const definition = await definitionOf('kindergarten');

    // when a non-profit kindergarten without a canteen applies
    const nonProfit = runToConclusion(definition, {
      'entity.ownership': 'nonProfit',
      'school.hasCanteen': false,
    });
    // then civil affairs registers it and no food licence is needed
    expect(nonProfit.concluded).toBe(true);
    expect(nonProfit.items).toEqual(['990120001000', '990130001000', '000125049000', '990140001000'].sort());

    // when a for-profit kindergarten with a canteen applies
    const forProfit = runToConclusion(definition, {
      'entity.ownership': 'forProfit',
      'school.hasCanteen': true,
    });
    // then it gets a business licence and a food licence
    expect(forProfit.items).toEqual(
      ['990120001000', '000104001000', '000125049000', '990140001000', '000131024000'].sort(),
    );
  });

  it('should need the radiology licence only for a clinic with X-ray equipment', async () => {
    const definition = await definitionOf('clinic');

    // when a small for-profit clinic with X-ray applies
    const withXray = runToConclusion(definition, {
      'entity.ownership': 'forProfit',
      'clinic.hasXray': true,
      'clinic.area': 120,
      'clinic.investment': 10,
    });
    // then filing, business licence and radiology run; no fire check below the threshold
    expect(withXray.items).toEqual(['990140002000', '000104001000', '990140003000'].sort());

    // when the same clinic has no X-ray equipment
    const without = runToConclusion(definition, {
      'entity.ownership': 'forProfit',
      'clinic.hasXray': false,
      'clinic.area': 120,
      'clinic.investment': 10,
    });
    expect(without.concluded).toBe(true);
    expect(without.items).toEqual(['990140002000', '000104001000'].sort());
  });
});
