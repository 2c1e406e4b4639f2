import {
  type CatalogueSettings,
  catalogueSettings,
  thresholdCondition,
} from '../catalogue/catalogueSettings';
import {
  businessLicence,
  environmentalFiling,
  fireSafetyCheck,
  foodBusinessLicence,
  outdoorSignage,
  tobaccoRetailLicence,
} from '../catalogue/items/businessItems';
import {
  childcareHealthEvaluation,
  clinicFiling,
  kindergartenEstablishment,
  privateNonEnterpriseRegistration,
  radiologyLicence,
} from '../catalogue/items/educationAndHealthItems';
import {
  broadbandTransfer,
  contractFiling,
  gasTransfer,
  powerTransfer,
  propertyTransferTax,
  realEstateTransfer,
  waterTransfer,
} from '../catalogue/items/propertyItems';
import type { ServiceItem } from '../catalogue/ServiceItem';
import { type BundleComposition, jointHandlingLimit, type Prerequisite } from '../composer/BundleComposition';

/** `first` before each of `then`. */
function chain(first: ServiceItem, then: ServiceItem[]): Prerequisite[] {
  return then.map((item) => ({ before: first.code, after: item.code }));
}

// Business licence: the applicant may already hold one (the platform then fetches it by sharing).
const needsBusinessLicence = 'not(entity.hasBusinessLicence = true)';
const sellsTobacco = 'shop.sellsTobacco = true';
const forProfit = 'entity.ownership = "forProfit"';
const nonProfit = 'entity.ownership = "nonProfit"';

/**
 * The five bundles of DOMAIN.md ("The bundles to ship") composed from catalogue items. Locality
 * thresholds come from `settings`, so a province changes data, not code.
 */
export function createBundleCompositions(
  settings: CatalogueSettings = catalogueSettings,
): BundleComposition[] {
  const fireCheckForShop = thresholdCondition(settings.fireCheckThreshold, 'shop');
  const fireCheckForClinic = thresholdCondition(settings.fireCheckThreshold, 'clinic');
  return [
    {
      key: 'restaurant',
      name: { zh: '开办餐馆', en: 'Open a restaurant' },
      description: {
        zh: '营业执照办结后，食品经营许可、户外招牌设置、环评登记表备案并联办理；达到规模的办理消防安全检查，销售卷烟的办理烟草专卖零售许可。',
        en: 'After the business licence: food licence, signage and environmental filing in parallel; the fire check above the size threshold and the tobacco licence when selling tobacco.',
      },
      leadDepartmentId: 'market',
      items: [
        { itemCode: businessLicence.code, when: needsBusinessLicence },
        { itemCode: foodBusinessLicence.code },
        { itemCode: outdoorSignage.code },
        { itemCode: fireSafetyCheck.code, when: fireCheckForShop },
        { itemCode: environmentalFiling.code },
        { itemCode: tobaccoRetailLicence.code, when: sellsTobacco },
      ],
      prerequisites: chain(businessLicence, [
        foodBusinessLicence,
        outdoorSignage,
        fireSafetyCheck,
        environmentalFiling,
        tobaccoRetailLicence,
      ]),
      jointLimit: { ...jointHandlingLimit, promised: { value: 20, unit: 'workingDays' } },
    },
    {
      key: 'convenienceStore',
      name: { zh: '开办便利店', en: 'Open a convenience store' },
      description: {
        zh: '营业执照办结后办理食品经营许可；销售卷烟的办理烟草专卖零售许可，达到规模的办理消防安全检查。',
        en: 'After the business licence: the food licence; the tobacco licence when selling tobacco and the fire check above the size threshold.',
      },
      leadDepartmentId: 'market',
      items: [
        { itemCode: businessLicence.code, when: needsBusinessLicence },
        { itemCode: foodBusinessLicence.code },
        { itemCode: tobaccoRetailLicence.code, when: sellsTobacco },
        { itemCode: fireSafetyCheck.code, when: fireCheckForShop },
      ],
      prerequisites: chain(businessLicence, [foodBusinessLicence, tobaccoRetailLicence, fireSafetyCheck]),
      jointLimit: { ...jointHandlingLimit, promised: { value: 15, unit: 'workingDays' } },
    },
    {
      key: 'secondHandFlat',
      name: { zh: '二手房买卖', en: 'Sell a second-hand flat' },
      description: {
        zh: '网签备案、税费申报、不动产转移登记依次办理，登记后水、电、气、有线电视宽带联动过户；买卖双方共同申请。',
        en: 'Contract filing, tax and transfer registration in turn, then water, power, gas and broadband transfers pushed by the registry; buyer and seller apply together.',
      },
      leadDepartmentId: 'realEstate',
      items: [
        { itemCode: contractFiling.code },
        { itemCode: propertyTransferTax.code },
        { itemCode: realEstateTransfer.code },
        { itemCode: waterTransfer.code },
        { itemCode: powerTransfer.code },
        { itemCode: gasTransfer.code, when: 'property.hasGas = true' },
        { itemCode: broadbandTransfer.code, when: 'property.hasBroadband = true' },
      ],
      prerequisites: [
        { before: contractFiling.code, after: propertyTransferTax.code },
        { before: propertyTransferTax.code, after: realEstateTransfer.code },
        ...chain(realEstateTransfer, [waterTransfer, powerTransfer, gasTransfer, broadbandTransfer]),
      ],
      jointLimit: { ...jointHandlingLimit, promised: { value: 5, unit: 'workingDays' } },
    },
    {
      key: 'kindergarten',
      name: { zh: '开办幼儿园', en: 'Open a kindergarten' },
      description: {
        zh: '办学许可后，法人登记（非营利性民办非企业单位登记、营利性营业执照）、消防安全检查、托幼机构卫生评价、食堂食品经营许可并联办理。',
        en: 'After the school-running licence: registration (non-profit or for-profit), fire check, health-care evaluation and the canteen food licence in parallel.',
      },
      leadDepartmentId: 'education',
      items: [
        { itemCode: kindergartenEstablishment.code },
        { itemCode: privateNonEnterpriseRegistration.code, when: nonProfit },
        { itemCode: businessLicence.code, when: forProfit },
        { itemCode: fireSafetyCheck.code },
        { itemCode: childcareHealthEvaluation.code },
        { itemCode: foodBusinessLicence.code, when: 'school.hasCanteen = true' },
      ],
      prerequisites: chain(kindergartenEstablishment, [
        privateNonEnterpriseRegistration,
        businessLicence,
        fireSafetyCheck,
        childcareHealthEvaluation,
        foodBusinessLicence,
      ]),
      jointLimit: jointHandlingLimit,
    },
    {
      key: 'clinic',
      name: { zh: '开办诊所', en: 'Open a clinic' },
      description: {
        zh: '诊所备案后，法人登记、放射诊疗许可（配置X射线设备的）、消防安全检查（达到规模的）并联办理。',
        en: 'After the clinic filing: registration, the radiology licence (with X-ray equipment) and the fire check (above the size threshold) in parallel.',
      },
      leadDepartmentId: 'health',
      items: [
        { itemCode: clinicFiling.code },
        { itemCode: privateNonEnterpriseRegistration.code, when: nonProfit },
        { itemCode: businessLicence.code, when: forProfit },
        { itemCode: radiologyLicence.code, when: 'clinic.hasXray = true' },
        { itemCode: fireSafetyCheck.code, when: fireCheckForClinic },
      ],
      prerequisites: chain(clinicFiling, [
        privateNonEnterpriseRegistration,
        businessLicence,
        radiologyLicence,
        fireSafetyCheck,
      ]),
      jointLimit: jointHandlingLimit,
    },
  ];
}

/** The five shipped bundle compositions with the demo locality's settings. */
export const bundleCompositions: readonly BundleComposition[] = createBundleCompositions();
