import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { CatalogueError } from '../../src/CatalogueError';
import {
  businessLicence,
  fireSafetyCheck,
  foodBusinessLicence,
} from '../../src/catalogue/items/businessItems';
import type { BundleComposition } from '../../src/composer/BundleComposition';
import { composeBundle } from '../../src/composer/composeBundle';
import { createModdle, type Element, limitsOf, readBpmn, targetsOf } from '../support/readBpmn';

/** What a model says, independent of attribute order. */
function summary({ process, elements, drawn }: Awaited<ReturnType<typeof readBpmn>>) {
  return {
    process: {
      id: process.id,
      name: process.name,
      limits: limitsOf(process),
      attrs: process.extensionElements.values[0].$attrs,
    },
    drawn: [...drawn].sort(),
    elements: [...elements.values()].map((e) => ({
      id: e.id,
      type: e.$type,
      name: e.name,
      nameEn: e.nameEn,
      itemCode: e.itemCode,
      department: e.department,
      calledElement: e.calledElement,
      limits: limitsOf(e),
      source: e.sourceRef?.id,
      target: e.targetRef?.id,
      condition: e.conditionExpression?.body,
      default: e.default?.id,
    })),
  };
}

const composition = (key: string): BundleComposition => bundleCompositions.find((c) => c.key === key)!;
const byType = (elements: Map<string, Element>, type: string) =>
  [...elements.values()].filter((e) => e.$type === type);

describe('composeBundle', () => {
  it('should draw each restaurant item as a call activity of its item process, routed to its department', async () => {
    // given the restaurant composition
    const restaurant = composition('restaurant');

    // when it is composed
    const { elements, warnings } = await readBpmn(await composeBundle(restaurant));

    // then every item is one call activity carrying its code, department and limits
    const calls = byType(elements, 'bpmn:CallActivity');
    expect(calls.map((c) => c.itemCode).sort()).toEqual(restaurant.items.map((i) => i.itemCode).sort());
    const food = elements.get(`Item_${foodBusinessLicence.code}`);
    expect(food).toMatchObject({
      calledElement: 'item-000131024000',
      itemCode: '000131024000',
      department: 'market',
      name: '食品经营许可（新办）',
    });
    expect(limitsOf(food)).toEqual([
      { value: 20, unit: 'workingDays', kind: 'statutory' },
      { value: 10, unit: 'workingDays', kind: 'promised' },
    ]);
    expect(elements.get(`Item_${fireSafetyCheck.code}`)).toMatchObject({ department: 'fire' });
    // and nothing in it is unknown to the engine's moddle extension but the joint extension
    expect(warnings).toEqual(['unknown attribute <extension>']);
  });

  it('should put the joint limit of 45 working days with a 15-day extension on the process', async () => {
    // given the restaurant composition, when it is composed
    const { process } = await readBpmn(await composeBundle(composition('restaurant')));

    // then the process carries the joint statutory and promised limits, and the lead department
    expect(process).toMatchObject({
      id: 'restaurant',
      isExecutable: true,
      department: 'market',
      name: '开办餐馆',
    });
    expect(limitsOf(process)).toEqual([
      { value: 45, unit: 'workingDays', kind: 'statutory' },
      { value: 20, unit: 'workingDays', kind: 'promised' },
    ]);
    expect(process.extensionElements.values[0].$attrs).toEqual({ extension: '15' });
  });

  it('should gate conditional items with FEEL on an inclusive gateway and skip the layer by default', async () => {
    // given the restaurant: business licence only without one, fire check above the threshold,
    // tobacco only when selling tobacco
    const { elements } = await readBpmn(await composeBundle(composition('restaurant')));

    // then the first layer forks on whether a business licence is held, with a default that skips it
    const first = elements.get('Fork_1');
    expect(first.$type).toBe('bpmn:InclusiveGateway');
    const conditionTo = (gateway: Element, target: string) =>
      gateway.outgoing.find((f: Element) => f.targetRef.id === target)?.conditionExpression?.body;
    expect(conditionTo(first, `Item_${businessLicence.code}`)).toBe('=not(entity.hasBusinessLicence = true)');
    expect(first.default.targetRef.id).toBe('Join_1');

    // and the second layer runs the five items after it, two of them under conditions
    const second = elements.get('Fork_2');
    expect(second.$type).toBe('bpmn:InclusiveGateway');
    expect(targetsOf(second)).toHaveLength(5);
    expect(conditionTo(second, `Item_${fireSafetyCheck.code}`)).toBe(
      '=shop.area > 300 or shop.investment > 30',
    );
    expect(conditionTo(second, 'Item_000162004000')).toBe('=shop.sellsTobacco = true');
    expect(conditionTo(second, `Item_${foodBusinessLicence.code}`)).toBeUndefined();
    // an unconditional item is always taken, so this layer needs no default
    expect(second.default).toBeUndefined();
    expect(elements.get('Join_2').$type).toBe('bpmn:InclusiveGateway');
  });

  it('should chain the second-hand flat and run the utility transfers in parallel after registration', async () => {
    // given the second-hand flat: filing → tax → registration → water ∥ power ∥ gas? ∥ broadband?
    const { elements } = await readBpmn(await composeBundle(composition('secondHandFlat')));

    // then the three first items follow each other directly
    expect(targetsOf(elements.get('Start_filed'))).toEqual(['Item_990150001000']);
    expect(targetsOf(elements.get('Item_990150001000'))).toEqual(['Item_990110001000']);
    expect(targetsOf(elements.get('Item_990110001000'))).toEqual(['Item_990170001000']);
    // and registration forks to the four transfers, gas and broadband under conditions
    expect(targetsOf(elements.get('Item_990170001000'))).toEqual(['Fork_4']);
    expect(targetsOf(elements.get('Fork_4')).sort()).toEqual([
      'Item_990180001000',
      'Item_990180002000',
      'Item_990180003000',
      'Item_990180004000',
    ]);
    expect(targetsOf(elements.get('Join_4'))).toEqual(['End_concluded']);
  });

  it('should use a parallel gateway when every item of a layer always runs', async () => {
    // given a bundle of three unconditional items after one
    const bundle: BundleComposition = {
      ...composition('restaurant'),
      key: 'plain',
      items: [
        { itemCode: businessLicence.code },
        { itemCode: foodBusinessLicence.code },
        { itemCode: fireSafetyCheck.code },
      ],
      prerequisites: [
        { before: businessLicence.code, after: foodBusinessLicence.code },
        { before: businessLicence.code, after: fireSafetyCheck.code },
      ],
    };

    // when it is composed
    const { elements } = await readBpmn(await composeBundle(bundle));

    // then the two independent items fork and join in parallel
    expect(elements.get('Fork_2').$type).toBe('bpmn:ParallelGateway');
    expect(elements.get('Join_2').$type).toBe('bpmn:ParallelGateway');
    expect(byType(elements, 'bpmn:InclusiveGateway')).toHaveLength(0);
  });

  it('should lay out every element and flow of every shipped bundle without overlapping shapes', async () => {
    for (const inlineItems of [false, true]) {
      for (const bundle of bundleCompositions) {
        // given a shipped bundle, when it is composed (with call activities or inlined items)
        const { elements, drawn, definitions } = await readBpmn(await composeBundle(bundle, { inlineItems }));
        const label = `${bundle.key}${inlineItems ? ' (inline)' : ''}`;

        // then the diagram has a shape or edge for each element
        for (const id of elements.keys()) expect(drawn, `${label}: ${id}`).toContain(id);
        // and no two shapes overlap, except a sub-process and what it contains, and a boundary
        // event (不予许可) and the activity it sits on
        const shapes = definitions.diagrams
          .flatMap((d: Element) => d.plane.planeElement)
          .filter((e: Element) => e.bounds);
        for (const a of shapes) {
          for (const b of shapes) {
            if (a === b) continue;
            const nested =
              a.bpmnElement.$parent === b.bpmnElement ||
              b.bpmnElement.$parent === a.bpmnElement ||
              a.bpmnElement.attachedToRef === b.bpmnElement ||
              b.bpmnElement.attachedToRef === a.bpmnElement;
            const [p, q] = [a.bounds, b.bounds];
            const overlap =
              p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
            expect(overlap && !nested, `${label}: ${a.bpmnElement.id} overlaps ${b.bpmnElement.id}`).toBe(
              false,
            );
          }
        }
      }
    }
  });

  it('should NOT draw a flow through a shape it does not connect (the skip flow goes above the layer)', async () => {
    for (const inlineItems of [false, true]) {
      for (const bundle of bundleCompositions) {
        // given a shipped bundle, when it is composed
        const { process, definitions } = await readBpmn(await composeBundle(bundle, { inlineItems }));
        const label = `${bundle.key}${inlineItems ? ' (inline)' : ''}`;
        const planeElements: Element[] = definitions.diagrams.flatMap((d: Element) => d.plane.planeElement);
        const topLevel = new Set(process.flowElements.map((e: Element) => e.id));
        const shapes = planeElements.filter((e) => e.bounds && topLevel.has(e.bpmnElement.id));
        const edges = planeElements.filter((e) => e.waypoint && topLevel.has(e.bpmnElement.id));

        // then no segment of a top-level flow enters a top-level shape other than its two ends
        for (const edge of edges) {
          const { sourceRef, targetRef } = edge.bpmnElement;
          for (const shape of shapes) {
            if (shape.bpmnElement === sourceRef || shape.bpmnElement === targetRef) continue;
            const b = shape.bounds;
            for (let i = 1; i < edge.waypoint.length; i++) {
              const [p, q] = [edge.waypoint[i - 1], edge.waypoint[i]];
              // Flows are drawn orthogonally: a segment is horizontal or vertical.
              const crosses =
                Math.max(p.x, q.x) > b.x + 1 &&
                Math.min(p.x, q.x) < b.x + b.width - 1 &&
                Math.max(p.y, q.y) > b.y + 1 &&
                Math.min(p.y, q.y) < b.y + b.height - 1;
              expect(crosses, `${label}: ${edge.bpmnElement.id} crosses ${shape.bpmnElement.id}`).toBe(false);
            }
          }
        }
      }
    }
  });

  it('should round-trip through bpmn-moddle without losing anything', async () => {
    for (const bundle of bundleCompositions) {
      // given the composed XML of a shipped bundle
      const xml = await composeBundle(bundle);

      // when it is read and written again by bpmn-moddle with the engine's yj extension
      const moddle = createModdle();
      const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
      const { xml: written } = await moddle.toXML(rootElement, { format: true });

      // then it reads the same: elements, yj attributes, limits, conditions, flows and diagram
      expect(summary(await readBpmn(written)), bundle.key).toEqual(summary(await readBpmn(xml)));
      // and writing it once more changes nothing
      const again = await moddle.toXML((await moddle.fromXML(written, 'bpmn:Definitions')).rootElement, {
        format: true,
      });
      expect(again.xml).toBe(written);
    }
  });

  it('should refuse a dependency cycle, naming the items in it', async () => {
    // given a bundle whose food licence must precede the business licence and vice versa
    const bundle: BundleComposition = {
      ...composition('restaurant'),
      prerequisites: [
        { before: businessLicence.code, after: foodBusinessLicence.code },
        { before: foodBusinessLicence.code, after: fireSafetyCheck.code },
        { before: fireSafetyCheck.code, after: businessLicence.code },
      ],
    };

    // when it is composed, then it is refused with the cycle spelled out
    const refusal = await composeBundle(bundle).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CatalogueError);
    const [issue] = (refusal as CatalogueError).issues;
    expect(issue).toMatchObject({ code: 'cycle', bundleKey: 'restaurant' });
    expect(issue!.itemCodes!.sort()).toEqual(
      [businessLicence.code, fireSafetyCheck.code, foodBusinessLicence.code].sort(),
    );
    expect(issue!.message).toContain(
      '营业执照核发（市场主体设立登记） (000104001000) → 食品经营许可（新办） (000131024000) → 公众聚集场所投入使用、营业前消防安全检查 (000125049000) → 营业执照核发（市场主体设立登记） (000104001000)',
    );
  });

  it('should refuse unknown items, prerequisites outside the bundle and invalid FEEL all at once', async () => {
    // given a bundle with three mistakes
    const bundle: BundleComposition = {
      ...composition('restaurant'),
      items: [{ itemCode: businessLicence.code, when: 'shop.area >' }, { itemCode: '123456789012' }],
      prerequisites: [{ before: businessLicence.code, after: foodBusinessLicence.code }],
    };

    // when it is composed, then each mistake is named
    const refusal = (await composeBundle(bundle).catch((e: unknown) => e)) as CatalogueError;
    expect(refusal.issues.map((i) => i.code).sort()).toEqual([
      'invalidCondition',
      'unknownItem',
      'unknownPrerequisite',
    ]);
    expect(refusal.issues.find((i) => i.code === 'unknownItem')!.message).toMatch(
      /123456789012, which is not in the catalogue/,
    );
  });
});
