import {
  businessLicence,
  environmentalFiling,
  fireSafetyCheck,
  foodBusinessLicence,
  outdoorSignage,
  tobaccoRetailLicence,
} from './items/businessItems';
import {
  childcareHealthEvaluation,
  clinicFiling,
  kindergartenEstablishment,
  privateNonEnterpriseRegistration,
  radiologyLicence,
} from './items/educationAndHealthItems';
import {
  broadbandTransfer,
  contractFiling,
  gasTransfer,
  powerTransfer,
  propertyTransferTax,
  realEstateTransfer,
  waterTransfer,
} from './items/propertyItems';
import type { ServiceItem } from './ServiceItem';

/** 事项目录: every item the catalogue ships, the material the five bundles are composed from. */
export const serviceItems: readonly ServiceItem[] = [
  businessLicence,
  foodBusinessLicence,
  fireSafetyCheck,
  outdoorSignage,
  environmentalFiling,
  tobaccoRetailLicence,
  contractFiling,
  propertyTransferTax,
  realEstateTransfer,
  waterTransfer,
  powerTransfer,
  gasTransfer,
  broadbandTransfer,
  kindergartenEstablishment,
  privateNonEnterpriseRegistration,
  childcareHealthEvaluation,
  clinicFiling,
  radiologyLicence,
];

/** The item with this 事项编码 in `items`, or undefined. */
export function findServiceItem(
  code: string,
  items: readonly ServiceItem[] = serviceItems,
): ServiceItem | undefined {
  return items.find((item) => item.code === code);
}
