import type { ItemStep, ServiceItem } from './ServiceItem';

/**
 * The default steps of an item: 受理 → 审查 → 决定 → 制证发证. Intake carries the 5-working-day
 * limit for a correction notice (Art. 32) and issuance its own 10 working days after the decision
 * (Art. 44); review and decision run within the item's limit.
 */
export const defaultItemSteps: readonly ItemStep[] = [
  { key: 'intake', name: { zh: '受理', en: 'Intake' }, limit: { value: 5, unit: 'workingDays' } },
  { key: 'review', name: { zh: '审查', en: 'Review' } },
  { key: 'decision', name: { zh: '决定', en: 'Decision' } },
  { key: 'issuance', name: { zh: '制证发证', en: 'Issuance' }, limit: { value: 10, unit: 'workingDays' } },
];

/** Steps of an item handled on the spot (即办件: filings, tax returns): accept, then conclude. */
export const immediateItemSteps: readonly ItemStep[] = [
  { key: 'intake', name: { zh: '受理', en: 'Intake' } },
  { key: 'conclusion', name: { zh: '办结', en: 'Conclusion' } },
];

/** The steps an item runs: its own, or the default four. */
export function itemSteps(item: ServiceItem): readonly ItemStep[] {
  return item.steps && item.steps.length > 0 ? item.steps : defaultItemSteps;
}
