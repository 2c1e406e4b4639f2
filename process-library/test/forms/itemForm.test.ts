import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { businessLicence, foodBusinessLicence } from '../../src/catalogue/items/businessItems';
import type { ServiceItem } from '../../src/catalogue/ServiceItem';
import { serviceItems } from '../../src/catalogue/serviceItems';
import { validateCatalogue } from '../../src/catalogue/validateCatalogue';
import type { FormField } from '../../src/forms';
import { checkItemFields, isItemFieldKey, itemFormSchema } from '../../src/forms/itemForm';
import { mergeForms } from '../../src/forms/mergeForms';

const restaurant = bundleCompositions.find((c) => c.key === 'restaurant')!;
const withFields = (item: ServiceItem, fields: FormField[]): ServiceItem => ({ ...item, fields });
const seats: FormField = {
  key: `item${foodBusinessLicence.code}.seats`,
  type: 'number',
  label: '就餐座位数',
  labelEn: 'Seats',
  validate: { required: true, min: 1, max: 5000 },
};

describe('item forms (form designer rules)', () => {
  it('should accept every shipped item form as it is', () => {
    for (const item of serviceItems) expect(checkItemFields(item)).toEqual([]);
  });

  it("should accept an item's own namespaced field and merge it once, in a section named after the item", () => {
    // given the food licence asking an extra question of its own
    const food = withFields(foodBusinessLicence, [...foodBusinessLicence.fields, seats]);
    const items = serviceItems.map((i) => (i.code === food.code ? food : i));

    // then the rules accept it and the combined form asks it once, under the item's name
    expect(checkItemFields(food)).toEqual([]);
    const form = mergeForms(restaurant, { items });
    expect(form.components.filter((c) => c.key === seats.key)).toHaveLength(1);
    expect(form.sections?.find((s) => s.id === `item${food.code}`)).toEqual({
      id: `item${food.code}`,
      label: foodBusinessLicence.name.zh,
      labelEn: foodBusinessLicence.name.en,
    });
    expect(validateCatalogue({ items, departments: [], compositions: [] }).map((i) => i.code)).not.toContain(
      'unknownField',
    );
  });

  it('should let a shared field be worded for the item but NOT retyped or revalidated', () => {
    const [name, ...rest] = businessLicence.fields;
    // given a relabelled shared field: accepted, and the first item's wording is what the form asks
    const relabelled = withFields(businessLicence, [{ ...name!, label: '经营者姓名' }, ...rest]);
    expect(checkItemFields(relabelled)).toEqual([]);
    const items = serviceItems.map((i) => (i.code === relabelled.code ? relabelled : i));
    const form = mergeForms(restaurant, { items });
    expect(form.components.filter((c) => c.key === name!.key).map((c) => c.label)).toEqual(['经营者姓名']);

    // when its validation changes, it is refused naming the field
    const retyped = withFields(businessLicence, [{ ...name!, validate: { required: false } }, ...rest]);
    expect(checkItemFields(retyped)).toEqual([
      expect.objectContaining({
        code: 'fieldConflict',
        fieldKey: name!.key,
        itemCodes: [businessLicence.code],
      }),
    ]);
  });

  it('should refuse keys outside the dictionary and the item namespace, duplicates and broken rules', () => {
    const bad = withFields(foodBusinessLicence, [
      { key: 'seats', type: 'number', label: '座位', labelEn: 'Seats' },
      { key: `item${businessLicence.code}.x`, type: 'textfield', label: 'x', labelEn: 'x' },
      { ...seats, validate: { min: 10, max: 1 } },
      { ...seats },
      {
        key: `item${foodBusinessLicence.code}.kind`,
        type: 'select',
        label: '类别',
        labelEn: 'Kind',
        values: [],
      },
      {
        key: `item${foodBusinessLicence.code}.code`,
        type: 'textfield',
        label: '码',
        labelEn: 'Code',
        validate: { pattern: '([' },
      },
    ]);
    expect(checkItemFields(bad).map((i) => [i.code, i.fieldKey])).toEqual([
      ['unknownField', 'seats'],
      ['unknownField', `item${businessLicence.code}.x`],
      ['invalidField', seats.key],
      ['fieldConflict', seats.key],
      ['invalidField', `item${foodBusinessLicence.code}.kind`],
      ['invalidField', `item${foodBusinessLicence.code}.code`],
    ]);
    expect(isItemFieldKey(`item${foodBusinessLicence.code}.1x`, foodBusinessLicence.code)).toBe(false);
  });

  it('should write an item form as a form-js schema without merge-only properties', () => {
    const schema = itemFormSchema(businessLicence);
    expect(schema).toMatchObject({ type: 'default', id: `item-${businessLicence.code}` });
    expect(schema.components.map((c) => c.key)).toEqual(businessLicence.fields.map((f) => f.key));
    expect(schema.components.some((c) => 'section' in c)).toBe(false);
  });
});
