import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { CatalogueError } from '../../src/CatalogueError';
import { dictionaryFields } from '../../src/catalogue/fieldDictionary';
import { foodBusinessLicence, outdoorSignage } from '../../src/catalogue/items/businessItems';
import type { ServiceItem } from '../../src/catalogue/ServiceItem';
import { serviceItems } from '../../src/catalogue/serviceItems';
import type { BundleComposition } from '../../src/composer/BundleComposition';
import { mergeForms } from '../../src/forms/mergeForms';
import { visibleFields } from '../../src/forms/visibleFields';

const composition = (key: string): BundleComposition => bundleCompositions.find((c) => c.key === key)!;
const keysOf = (fields: { key: string }[]) => fields.map((f) => f.key);

describe('mergeForms', () => {
  it('should ask each shared restaurant field exactly once', () => {
    // given the restaurant, whose six items all ask for the applicant and several for the shop
    const restaurant = composition('restaurant');
    const items = restaurant.items.map((i) => serviceItems.find((s) => s.code === i.itemCode)!);
    const asked = items.flatMap((item) => keysOf(item.fields));
    expect(asked.filter((k) => k === 'applicant.idNumber')).toHaveLength(6);
    expect(asked.filter((k) => k === 'shop.address')).toHaveLength(4);

    // when the forms are merged
    const form = mergeForms(restaurant);

    // then every key appears once, and every key any item asks is there
    const keys = keysOf(form.components);
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(keys)).toEqual(
      new Set([...asked, 'entity.hasBusinessLicence', 'shop.investment', 'shop.sellsTobacco']),
    );
    expect(keys).toHaveLength(new Set(asked).size + 3);
    for (const shared of [
      'applicant.name',
      'applicant.idNumber',
      'applicant.phone',
      'shop.name',
      'shop.address',
    ]) {
      expect(
        keys.filter((k) => k === shared),
        shared,
      ).toHaveLength(1);
    }
  });

  it('should group fields by topic section in the dictionary order', () => {
    // given the restaurant, when its forms are merged
    const form = mergeForms(composition('restaurant'));

    // then the sections follow the dictionary's order and each field sits in its key's topic
    expect(form.sections?.map((s) => s.id)).toEqual(['applicant', 'entity', 'shop', 'fire', 'environment']);
    const sectionsInOrder = form.components.map((c) => c.section);
    expect(sectionsInOrder).toEqual([...sectionsInOrder].sort((a, b) => order(a) - order(b)));
    for (const field of form.components) expect(field.key.startsWith(`${field.section}.`)).toBe(true);

    function order(section: string | undefined) {
      return form.sections!.findIndex((s) => s.id === section);
    }
  });

  it('should ask the questions that decide conditions before the fields they reveal', () => {
    // given the second-hand flat, when its forms are merged
    const keys = keysOf(mergeForms(composition('secondHandFlat')).components);

    // then buyer and seller come first, and "has gas?" precedes the gas account it reveals
    expect(keys.slice(0, 7)).toEqual([
      'buyer.name',
      'buyer.idNumber',
      'buyer.phone',
      'buyer.firstHome',
      'seller.name',
      'seller.idNumber',
      'seller.phone',
    ]);
    expect(keys.slice(-4)).toEqual([
      'property.hasGas',
      'property.hasBroadband',
      'property.gasAccount',
      'property.broadbandAccount',
    ]);
  });

  it('should show the fields of a conditional item only when the answers include it', () => {
    // given the restaurant's merged form
    const form = mergeForms(composition('restaurant'));
    const field = (key: string) => form.components.find((c) => c.key === key)!;

    // then the fields only the tobacco licence needs hide unless tobacco is sold
    expect(field('shop.distanceToSchool').conditional).toEqual({
      hide: '=(shop.sellsTobacco = true) != true',
    });
    // and fields only the fire check needs hide below the threshold
    expect(field('fire.safetyManager').conditional).toEqual({
      hide: '=(shop.area > 300 or shop.investment > 30) != true',
    });
    // and the answers the conditions read, and fields an unconditional item needs, always show
    for (const key of [
      'shop.area',
      'shop.investment',
      'shop.sellsTobacco',
      'entity.hasBusinessLicence',
      'shop.name',
    ]) {
      expect(field(key).conditional, key).toBeUndefined();
    }

    // when a small shop without tobacco that holds a business licence answers
    const shown = keysOf(
      visibleFields(form, {
        'shop.area': 80,
        'shop.investment': 10,
        'shop.sellsTobacco': false,
        'entity.hasBusinessLicence': true,
      }),
    );
    // then neither the tobacco, fire nor business licence questions are shown
    expect(shown).not.toContain('shop.distanceToSchool');
    expect(shown).not.toContain('fire.safetyManager');
    expect(shown).not.toContain('entity.scope');
    expect(shown).toContain('shop.foodCategories');

    // when a 400 m² shop selling tobacco answers
    const more = keysOf(
      visibleFields(form, { 'shop.area': 400, 'shop.investment': 10, 'shop.sellsTobacco': true }),
    );
    // then the tobacco and fire questions are shown, and the business licence ones since none is held
    expect(more).toEqual(
      expect.arrayContaining(['shop.distanceToSchool', 'fire.safetyManager', 'entity.scope']),
    );
  });

  it('should show a field needed by two conditional items when either applies', () => {
    // given the kindergarten, where entity.name is asked by both registrations, one per ownership
    const form = mergeForms(composition('kindergarten'));
    const entityName = form.components.find((c) => c.key === 'entity.name')!;
    expect(entityName.conditional?.hide).toBe(
      '=(entity.ownership = "nonProfit") != true and (entity.ownership = "forProfit") != true',
    );

    // then it is shown for either ownership and hidden until one is chosen
    expect(keysOf(visibleFields(form, { 'entity.ownership': 'nonProfit' }))).toContain('entity.name');
    expect(keysOf(visibleFields(form, { 'entity.ownership': 'forProfit' }))).toContain('entity.name');
    expect(keysOf(visibleFields(form, {}))).not.toContain('entity.name');
  });

  it('should refuse a bundle whose items define one field differently, naming the field and both items', () => {
    // given a signage item that asks the shop area as free text, next to the food licence's number
    const textArea: ServiceItem = {
      ...outdoorSignage,
      fields: [
        ...dictionaryFields('applicant.name'),
        { key: 'shop.area', type: 'textfield', label: '面积', labelEn: 'Area', section: 'shop' },
      ],
    };
    const items = serviceItems.map((i) => (i.code === outdoorSignage.code ? textArea : i));
    const bundle: BundleComposition = {
      ...composition('restaurant'),
      items: [{ itemCode: foodBusinessLicence.code }, { itemCode: outdoorSignage.code }],
      prerequisites: [],
    };

    // when the forms are merged, then it is refused
    let refusal: unknown;
    try {
      mergeForms(bundle, { items });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CatalogueError);
    const [issue] = (refusal as CatalogueError).issues;
    expect(issue).toMatchObject({
      code: 'fieldConflict',
      fieldKey: 'shop.area',
      itemCodes: [foodBusinessLicence.code, outdoorSignage.code],
    });
    expect(issue!.message).toBe(
      "Field shop.area is defined differently by 食品经营许可（新办） (000131024000) and 户外招牌设置 (000143017000) (type number vs textfield); give both the field dictionary's definition.",
    );
  });

  it('should build a form every runtime validator can read for all five bundles', () => {
    for (const bundle of bundleCompositions) {
      // given a shipped bundle, when its forms are merged
      const form = mergeForms(bundle);

      // then it is a flat form-js schema of keyed fields with labels in both languages
      expect(form).toMatchObject({ type: 'default', id: `${bundle.key}-combined`, schemaVersion: 16 });
      for (const field of form.components) {
        expect(field.key).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
        expect(field.label.length).toBeGreaterThan(0);
        expect(field.labelEn.length).toBeGreaterThan(0);
      }
    }
  });
});
