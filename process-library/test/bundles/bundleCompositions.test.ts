import { parseBpmn } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { bundleCompositions, createBundleCompositions } from '../../src/bundles/bundleCompositions';
import { composedBundle } from '../../src/bundles/composedBundle';
import { serviceItems } from '../../src/catalogue/serviceItems';
import { bundles, departments } from '../../src/index';

describe('the five bundles', () => {
  it('should use the item codes the provincial guide gives and mark every other code illustrative', () => {
    // given the catalogue
    const fromGuide = serviceItems.filter((i) => i.codeSource === 'provincialGuide');

    // then exactly the three published codes are marked as from the guide
    expect(fromGuide.map((i) => [i.code, i.name.zh])).toEqual([
      ['000131024000', '食品经营许可（新办）'],
      ['000125049000', '公众聚集场所投入使用、营业前消防安全检查'],
      ['000162004000', '烟草专卖零售许可证核发'],
    ]);
    const codes = serviceItems.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('should take the fire-check threshold from the locality settings', () => {
    // given a province where both area and investment must be exceeded, and only area counts
    const both = createBundleCompositions({
      fireCheckThreshold: { areaAbove: 500, investmentAbove: 30, combine: 'and' },
    });
    const areaOnly = createBundleCompositions({
      fireCheckThreshold: { areaAbove: 300, investmentAbove: null, combine: 'or' },
    });
    const fireCondition = (list: typeof bundleCompositions, key: string) =>
      list.find((c) => c.key === key)!.items.find((i) => i.itemCode === '000125049000')!.when;

    // then the restaurant and clinic conditions follow the data
    expect(fireCondition(bundleCompositions, 'restaurant')).toBe('shop.area > 300 or shop.investment > 30');
    expect(fireCondition(both, 'restaurant')).toBe('shop.area > 500 and shop.investment > 30');
    expect(fireCondition(areaOnly, 'clinic')).toBe('clinic.area > 300');
    // and the kindergarten always has its fire check
    expect(fireCondition(bundleCompositions, 'kindergarten')).toBeUndefined();
  });

  it('should give every bundle the joint limit of 45 working days, extendable by 15', () => {
    for (const bundle of bundleCompositions) {
      expect(bundle.jointLimit.statutory, bundle.key).toEqual({ value: 45, unit: 'workingDays' });
      expect(bundle.jointLimit.extension, bundle.key).toEqual({ value: 15, unit: 'workingDays' });
      expect(departments.map((d) => d.id)).toContain(bundle.leadDepartmentId);
    }
  });

  it('should turn a composition into a Bundle the runtime can deploy', async () => {
    // given the convenience store, when it is turned into a Bundle
    const bundle = await composedBundle(bundleCompositions.find((c) => c.key === 'convenienceStore')!);

    // then it has the runtime's shape and its BPMN deploys
    expect(bundle).toMatchObject({ key: 'convenienceStore', leadDepartmentId: 'market' });
    expect(bundle.form.components.length).toBeGreaterThan(5);
    const definition = await parseBpmn(bundle.bpmn, { key: bundle.key, version: 1 });
    expect(definition.key).toBe('convenienceStore');
  });

  it('should keep shipping the hand-drawn restaurant bundle unchanged for the runtime', async () => {
    // given the bundles the runtime deploys today
    expect(bundles.map((b) => b.key)).toEqual(['restaurant']);
    const [restaurant] = bundles;

    // then its form is the six-field form and its BPMN deploys with the three parallel steps
    expect(restaurant!.form.components.map((c) => c.key)).toEqual([
      'applicant.name',
      'applicant.idNumber',
      'applicant.phone',
      'shop.name',
      'shop.address',
      'shop.area',
    ]);
    const definition = await parseBpmn(restaurant!.bpmn, { version: 1 });
    expect(Object.keys(definition.nodes)).toContain('Task_foodLicence');
  });
});
