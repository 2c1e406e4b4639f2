import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { CatalogueError } from '../../src/CatalogueError';
import { foodBusinessLicence } from '../../src/catalogue/items/businessItems';
import type { ServiceItem } from '../../src/catalogue/ServiceItem';
import { serviceItems } from '../../src/catalogue/serviceItems';
import {
  assertValidCatalogue,
  type Catalogue,
  shippedCatalogue,
  validateCatalogue,
} from '../../src/catalogue/validateCatalogue';
import { departments } from '../../src/departments';

/** The shipped catalogue with one item changed. */
function withItem(changes: Partial<ServiceItem>, code = foodBusinessLicence.code): Catalogue {
  return {
    ...shippedCatalogue,
    items: serviceItems.map((item) => (item.code === code ? { ...item, ...changes } : item)),
  };
}

describe('validateCatalogue', () => {
  it('should find nothing wrong with the shipped catalogue and its five bundles', () => {
    // given the shipped catalogue, when it is validated, then there is no issue at all
    expect(validateCatalogue()).toEqual([]);
    expect(() => assertValidCatalogue()).not.toThrow();
    expect(shippedCatalogue.compositions.map((c) => c.key)).toEqual([
      'restaurant',
      'convenienceStore',
      'secondHandFlat',
      'kindergarten',
      'clinic',
    ]);
  });

  it('should refuse an item without a department, and one routed to an unknown department', () => {
    // given an item with no implementing department and one whose competent department does not exist
    const catalogue = withItem({ implementingDepartmentId: '', competentDepartmentId: 'agriculture' });

    // when validated, then both are named
    const issues = validateCatalogue(catalogue);
    expect(issues).toContainEqual({
      code: 'missingDepartment',
      severity: 'error',
      itemCodes: ['000131024000'],
      message:
        'Item 食品经营许可（新办） (000131024000) has no implementing department (实施机关); set the department whose queue handles it.',
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'unknownDepartment',
        message: expect.stringContaining(
          'names agriculture as competent department (主管部门), which is not a department',
        ),
      }),
    );
  });

  it('should refuse a field key that is not in the field dictionary', () => {
    // given an item asking for a field the dictionary does not define
    const catalogue = withItem({
      fields: [
        ...foodBusinessLicence.fields,
        { key: 'shop.colour', type: 'textfield', label: '颜色', labelEn: 'Colour' },
      ],
    });

    // when validated, then the key and the item are named
    expect(validateCatalogue(catalogue)).toContainEqual(
      expect.objectContaining({ code: 'unknownField', fieldKey: 'shop.colour', itemCodes: ['000131024000'] }),
    );
  });

  it('should refuse a promised limit above the statutory one in the same unit', () => {
    // given a food licence promising 25 working days against a statutory 20
    const catalogue = withItem({ promisedLimit: { value: 25, unit: 'workingDays' } });

    // when validated, then it is an error that says what to promise
    expect(validateCatalogue(catalogue)).toContainEqual({
      code: 'promisedExceedsStatutory',
      severity: 'error',
      itemCodes: ['000131024000'],
      message:
        'The promised limit of Item 食品经营许可（新办） (000131024000) (25 workingDays) exceeds its statutory limit (20 workingDays); promise at most 20.',
    });
    expect(() => assertValidCatalogue(catalogue)).toThrow(CatalogueError);
  });

  it('should only warn when promised and statutory limits are in different units', () => {
    // given a promised limit in calendar days against a statutory one in working days
    const catalogue = withItem({ promisedLimit: { value: 25, unit: 'calendarDays' } });

    // when validated, then it is a warning, not an error
    const issues = validateCatalogue(catalogue);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'mixedLimitUnits', severity: 'warning', itemCodes: ['000131024000'] }),
    ]);
    expect(() => assertValidCatalogue(catalogue)).not.toThrow();
  });

  it('should refuse a bundle with a dependency cycle and a condition reading an unknown field', () => {
    // given the restaurant with its chain turned back on itself and a misspelt condition
    const [restaurant] = bundleCompositions;
    const broken = {
      ...restaurant!,
      items: restaurant!.items.map((i) =>
        i.itemCode === '000162004000' ? { ...i, when: 'shop.sellTobacco = true' } : i,
      ),
      prerequisites: [
        ...restaurant!.prerequisites,
        { before: foodBusinessLicence.code, after: '000104001000' },
      ],
    };

    // when validated
    const issues = validateCatalogue({ ...shippedCatalogue, compositions: [broken] });

    // then the cycle and the unknown field are both reported for the bundle
    expect(issues.map((i) => i.code).sort()).toEqual(['cycle', 'unknownField']);
    expect(issues.find((i) => i.code === 'cycle')).toMatchObject({
      bundleKey: 'restaurant',
      itemCodes: ['000104001000', '000131024000'],
    });
    expect(issues.find((i) => i.code === 'unknownField')).toMatchObject({
      fieldKey: 'shop.sellTobacco',
      itemCodes: ['000162004000'],
    });
  });

  it('should refuse a bundle led by an unknown department', () => {
    const [restaurant] = bundleCompositions;
    const issues = validateCatalogue({
      ...shippedCatalogue,
      compositions: [{ ...restaurant!, leadDepartmentId: 'nobody' }],
    });
    expect(issues).toEqual([expect.objectContaining({ code: 'unknownDepartment', bundleKey: 'restaurant' })]);
  });

  it('should keep the first four department ids and route every item to a listed department', () => {
    // the runtime's first bundle and its clerks use these ids
    expect(departments.slice(0, 4).map((d) => d.id)).toEqual(['market', 'fire', 'urban', 'eco']);
    const ids = new Set(departments.map((d) => d.id));
    expect(ids.size).toBe(departments.length);
    for (const id of ['tobacco', 'housing', 'tax', 'realEstate', 'water', 'power', 'gas', 'broadband']) {
      expect(ids).toContain(id);
    }
    for (const id of ['education', 'civilAffairs', 'health']) expect(ids).toContain(id);
  });
});
