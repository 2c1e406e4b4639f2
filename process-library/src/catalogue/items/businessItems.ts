import { dictionaryFields } from '../fieldDictionary';
import { immediateItemSteps } from '../itemSteps';
import { itemMaterial as material } from '../materialDictionary';
import type { ServiceItem } from '../ServiceItem';

// Items for opening a shop. Promised limits are the demo locality's (DOMAIN: configurable).

const applicant = ['applicant.name', 'applicant.idNumber', 'applicant.phone'] as const;

/** 营业执照核发 (市场主体设立登记). Code as in the first restaurant bundle; illustrative. */
export const businessLicence: ServiceItem = {
  code: '000104001000',
  codeSource: 'illustrative',
  name: { zh: '营业执照核发（市场主体设立登记）', en: 'Business licence (registration of a market entity)' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'market',
  implementingDepartmentId: 'market',
  legalBasis: '《中华人民共和国市场主体登记管理条例》第三条、第十九条',
  handlingType: 'promised',
  // 条例 Art. 19: on the spot, else within 3 working days.
  statutoryLimit: { value: 3, unit: 'workingDays' },
  promisedLimit: { value: 1, unit: 'workingDays' },
  materials: [
    material('registrationApplication'),
    material('idCard'),
    material('premisesProof'),
    material('articlesOfAssociation', { requirement: 'secondary' }),
  ],
  fees: [],
  result: { name: { zh: '营业执照', en: 'Business licence' }, licence: 'businessLicence' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'entity.name',
    'entity.type',
    'entity.address',
    'entity.scope',
    'entity.registeredCapital',
  ),
};

/** 食品经营许可（新办）. Code from a provincial guide. */
export const foodBusinessLicence: ServiceItem = {
  code: '000131024000',
  codeSource: 'provincialGuide',
  name: { zh: '食品经营许可（新办）', en: 'Food-business licence (new)' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'market',
  implementingDepartmentId: 'market',
  legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》',
  handlingType: 'promised',
  // Rules 2015: 20 working days (+10); local practice promises 10 or less.
  statutoryLimit: { value: 20, unit: 'workingDays' },
  promisedLimit: { value: 10, unit: 'workingDays' },
  materials: [
    material('idCard'),
    material('businessLicence'),
    material('premisesProof'),
    material('foodSafetyRules'),
    material('layoutPlan', { requirement: 'secondary' }),
    material('equipmentList', { requirement: 'secondary' }),
  ],
  fees: [],
  result: { name: { zh: '食品经营许可证', en: 'Food-business licence' }, licence: 'foodBusinessLicence' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'shop.name',
    'shop.address',
    'shop.area',
    'shop.foodCategories',
    'shop.staffCount',
  ),
};

/** 公众聚集场所投入使用、营业前消防安全检查. Code from a provincial guide. */
export const fireSafetyCheck: ServiceItem = {
  code: '000125049000',
  codeSource: 'provincialGuide',
  name: {
    zh: '公众聚集场所投入使用、营业前消防安全检查',
    en: 'Pre-opening fire-safety check of a public assembly venue',
  },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'fire',
  implementingDepartmentId: 'fire',
  legalBasis: '《中华人民共和国消防法》第十五条',
  handlingType: 'promised',
  // 10 working days with an inspection; on the spot under 告知承诺.
  statutoryLimit: { value: 10, unit: 'workingDays' },
  promisedLimit: { value: 5, unit: 'workingDays' },
  materials: [
    material('idCard'),
    material('businessLicence'),
    material('fireSafetyCommitment'),
    material('fireAcceptanceProof', { requirement: 'secondary' }),
    material('fireSafetyPlan'),
  ],
  fees: [],
  result: {
    name: { zh: '公众聚集场所投入使用、营业前消防安全检查合格证', en: 'Fire-safety inspection certificate' },
    licence: 'fireSafetyInspection',
  },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(...applicant, 'fire.safetyManager', 'fire.buildingAcceptanceNumber'),
};

/** 户外招牌设置. Code as in the first restaurant bundle; illustrative. */
export const outdoorSignage: ServiceItem = {
  code: '000143017000',
  codeSource: 'illustrative',
  name: { zh: '户外招牌设置', en: 'Outdoor signage permit' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'urban',
  implementingDepartmentId: 'urban',
  legalBasis: '《城市市容和环境卫生管理条例》第十一条',
  handlingType: 'promised',
  statutoryLimit: { value: 20, unit: 'workingDays' },
  promisedLimit: { value: 5, unit: 'workingDays' },
  materials: [
    material('idCard'),
    material('businessLicence'),
    material('premisesProof'),
    material('signDesign'),
  ],
  fees: [],
  result: { name: { zh: '户外招牌设置许可决定书', en: 'Signage permit' }, licence: 'signagePermit' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(...applicant, 'shop.name', 'shop.address', 'shop.signText', 'shop.signArea'),
};

/** 建设项目环境影响登记表备案: a filing, done on the spot. Illustrative code. */
export const environmentalFiling: ServiceItem = {
  code: '990160001000',
  codeSource: 'illustrative',
  name: { zh: '建设项目环境影响登记表备案', en: 'Environmental impact registration filing' },
  type: 'filing',
  operation: 'new',
  competentDepartmentId: 'eco',
  implementingDepartmentId: 'eco',
  legalBasis: '《中华人民共和国环境影响评价法》第十六条；《建设项目环境影响登记表备案管理办法》',
  handlingType: 'immediate',
  statutoryLimit: null,
  promisedLimit: { value: 1, unit: 'workingDays' },
  materials: [material('environmentalRegistrationForm')],
  fees: [],
  result: { name: { zh: '备案回执', en: 'Filing receipt' }, licence: 'environmentalFiling' },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(
    ...applicant,
    'shop.address',
    'environment.sewageDestination',
    'environment.hasFumePurifier',
  ),
  steps: [...immediateItemSteps],
};

/** 烟草专卖零售许可证核发. Code from a provincial guide. */
export const tobaccoRetailLicence: ServiceItem = {
  code: '000162004000',
  codeSource: 'provincialGuide',
  name: { zh: '烟草专卖零售许可证核发', en: 'Tobacco retail licence' },
  type: 'licensing',
  operation: 'new',
  competentDepartmentId: 'tobacco',
  implementingDepartmentId: 'tobacco',
  legalBasis: '《中华人民共和国烟草专卖法》第十六条；《中华人民共和国烟草专卖法实施条例》',
  handlingType: 'promised',
  statutoryLimit: { value: 20, unit: 'workingDays' },
  promisedLimit: { value: 10, unit: 'workingDays' },
  materials: [material('idCard'), material('businessLicence'), material('premisesProof')],
  fees: [],
  result: {
    name: { zh: '烟草专卖零售许可证', en: 'Tobacco retail licence' },
    licence: 'tobaccoRetailLicence',
  },
  specialProcedures: [],
  visits: 0,
  level: 'county',
  fields: dictionaryFields(...applicant, 'shop.name', 'shop.address', 'shop.distanceToSchool'),
};
