import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import type { BundleComposition } from '../../src/composer/BundleComposition';
import { serviceGuide } from '../../src/guide/serviceGuide';

const composition = (key: string): BundleComposition => bundleCompositions.find((c) => c.key === key)!;

describe('serviceGuide', () => {
  it('should list each restaurant material once with the items that need it', () => {
    // given the restaurant, when its guide is generated
    const guide = serviceGuide(composition('restaurant'));

    // then the ID card is listed once, for the five items that ask for it, as an A-level e-licence
    const keys = guide.materials.map((m) => m.key);
    expect(keys).toEqual([...new Set(keys)]);
    const idCard = guide.materials.find((m) => m.key === 'idCard')!;
    expect(idCard.neededBy.map((n) => n.itemCode).sort()).toEqual(
      ['000104001000', '000131024000', '000143017000', '000125049000', '000162004000'].sort(),
    );
    expect(idCard).toMatchObject({ requirement: 'required', trustLevel: 'A', providedInChain: false });
    expect(idCard.eLicence?.name.zh).toBe('居民身份证');

    // and the business licence is attached from the first item to the four items after it
    const licence = guide.materials.find((m) => m.key === 'businessLicence')!;
    expect(licence.neededBy).toEqual([
      { itemCode: '000131024000', providedBy: '000104001000' },
      { itemCode: '000143017000', providedBy: '000104001000' },
      { itemCode: '000125049000', providedBy: '000104001000' },
      { itemCode: '000162004000', providedBy: '000104001000' },
    ]);
    expect(licence.providedInChain).toBe(true);

    // and a material secondary in one item but required in another is required
    expect(guide.materials.find((m) => m.key === 'layoutPlan')!.requirement).toBe('secondary');
    expect(guide.materials.find((m) => m.key === 'premisesProof')!.requirement).toBe('required');
  });

  it('should give limits per item, the joint limit, departments, conditions, fees and visits', () => {
    // given the restaurant, when its guide is generated
    const guide = serviceGuide(composition('restaurant'));

    // then each item has its own limits and condition
    const food = guide.items.find((i) => i.code === '000131024000')!;
    expect(food).toMatchObject({
      statutoryLimit: { value: 20, unit: 'workingDays' },
      promisedLimit: { value: 10, unit: 'workingDays' },
      condition: null,
      prerequisites: ['000104001000'],
      typeName: { zh: '行政许可', en: 'Administrative licensing' },
      department: { id: 'market' },
      codeSource: 'provincialGuide',
    });
    expect(guide.items.find((i) => i.code === '000125049000')!.condition).toBe(
      'shop.area > 300 or shop.investment > 30',
    );
    // and the bundle has the joint limit, lead department first, no fees and no visit
    expect(guide.jointLimit).toEqual({
      statutory: { value: 45, unit: 'workingDays' },
      extension: { value: 15, unit: 'workingDays' },
      promised: { value: 20, unit: 'workingDays' },
    });
    expect(guide.departments.map((d) => d.id)).toEqual(['market', 'urban', 'fire', 'eco', 'tobacco']);
    expect(guide.leadDepartment.name.zh).toBe('市场监督管理局');
    expect(guide.totalFeesYuan).toBe(0);
    expect(guide.visits).toBe(0);
  });

  it('should carry the registration fee and the new certificate down the second-hand flat chain', () => {
    // given the second-hand flat, when its guide is generated
    const guide = serviceGuide(composition('secondHandFlat'));

    // then the registration fee is listed with its basis
    expect(guide.fees).toEqual([expect.objectContaining({ itemCode: '990170001000', amountYuan: 80 })]);
    expect(guide.totalFeesYuan).toBe(80);
    // and one visit is needed (the registration)
    expect(guide.visits).toBe(1);
    // and the tax certificate comes from the tax item, the filing receipt from the filing
    const tax = guide.materials.find((m) => m.key === 'taxPaymentCertificate')!;
    expect(tax.neededBy).toEqual([{ itemCode: '990170001000', providedBy: '990110001000' }]);
    const filing = guide.materials.find((m) => m.key === 'contractFilingReceipt')!;
    expect(filing.providedInChain).toBe(true);
    // and the utilities get the buyer's new title certificate from the registration
    const title = guide.materials.find((m) => m.key === 'realEstateCertificate')!;
    expect(title.neededBy.find((n) => n.itemCode === '990180001000')!.providedBy).toBe('990170001000');
    expect(title.neededBy.find((n) => n.itemCode === '990150001000')!.providedBy).toBeNull();
    expect(title.providedInChain).toBe(false);
    // and the contract is asked in the most originals and copies any item needs
    expect(guide.materials.find((m) => m.key === 'saleContract')).toMatchObject({ originals: 3, copies: 1 });
  });

  it('should count the kindergarten establishment in calendar months with its special procedures', () => {
    const guide = serviceGuide(composition('kindergarten'));
    const establishment = guide.items.find((i) => i.code === '990120001000')!;
    expect(establishment.statutoryLimit).toEqual({ value: 3, unit: 'calendarMonths' });
    expect(establishment.specialProcedures.map((p) => p.name.zh)).toEqual(['专家评审', '实地考察']);
    expect(guide.departments.map((d) => d.id)).toEqual([
      'education',
      'civilAffairs',
      'market',
      'fire',
      'health',
    ]);
  });
});
