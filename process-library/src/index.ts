import type { Bundle } from './bundle';
import { restaurant } from './bundles/restaurant';

export type { Bundle } from './bundle';
export { bundleCompositions, createBundleCompositions } from './bundles/bundleCompositions';
export { composedBundle } from './bundles/composedBundle';
export { CatalogueError, type CatalogueIssue, type CatalogueIssueCode } from './CatalogueError';
export { type CalendarDay, chineseDaysCalendar } from './calendar';
export {
  type CatalogueSettings,
  catalogueSettings,
  type SizeThreshold,
  thresholdCondition,
} from './catalogue/catalogueSettings';
export {
  dictionaryField,
  dictionaryFields,
  type FieldDefinition,
  type FieldKey,
  fieldDictionary,
  fieldSections,
  isFieldKey,
} from './catalogue/fieldDictionary';
export {
  calledItemBpmn,
  calledItemResolver,
  DECISION_STEP_KEY,
  ITEM_REFUSED,
  itemBpmn,
  itemDecides,
  itemProcessId,
  itemRefusedError,
  type RefusalRouting,
} from './catalogue/itemBpmn';
export { defaultItemSteps, immediateItemSteps, itemSteps } from './catalogue/itemSteps';
export {
  type ELicenceType,
  eLicenceTypes,
  type MaterialDefinition,
  type MaterialKey,
  materialDictionary,
  type TrustLevel,
} from './catalogue/materialDictionary';
export type {
  Fee,
  HandlingType,
  ItemLevel,
  ItemMaterial,
  ItemOperation,
  ItemResult,
  ItemStep,
  ItemType,
  ServiceItem,
  SpecialProcedure,
  TimeLimit,
} from './catalogue/ServiceItem';
export { itemTypeNames } from './catalogue/ServiceItem';
export { findServiceItem, serviceItems } from './catalogue/serviceItems';
export {
  assertValidCatalogue,
  type Catalogue,
  shippedCatalogue,
  validateCatalogue,
} from './catalogue/validateCatalogue';
export {
  type BundleComposition,
  type BundleItem,
  type JointLimit,
  jointHandlingLimit,
  type Prerequisite,
} from './composer/BundleComposition';
export { type ComposeOptions, composeBundle, itemElementId } from './composer/composeBundle';
export { type BundlePlan, type PlannedItem, planBundle } from './composer/planBundle';
export { DEMO_PASSWORD, type DemoUser, demoUsers, type Role } from './demoUsers';
export { type Department, departments } from './departments';
export { describeCondition } from './feel/describeCondition';
export { feelNames } from './feel/feelNames';
export type { FormField, FormSchema, FormSection } from './forms';
export { completeAnswers } from './forms/completeAnswers';
export {
  type FormLanguage,
  fieldMessages,
  fieldProblem,
  formProblems,
  normalisedAnswer,
  type RuleField,
  type RuleForm,
} from './forms/formRules';
export {
  checkItemFields,
  isItemFieldKey,
  itemCodeOfFieldKey,
  itemFieldPrefix,
  itemFormSchema,
} from './forms/itemForm';
export { mergeForms } from './forms/mergeForms';
export { conditionHolds, isFieldShown, visibleFields } from './forms/visibleFields';
export {
  type GuideFee,
  type GuideItem,
  type GuideMaterial,
  type MaterialNeed,
  type ServiceGuide,
  serviceGuide,
} from './guide/serviceGuide';

/** Every bundle the runtime deploys today, in display order (the hand-drawn restaurant). */
export const bundles: readonly Bundle[] = [restaurant];
