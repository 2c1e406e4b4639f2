/**
 * A size threshold above which an item is needed, e.g. the pre-opening fire check: "investment
 * > 30万元 and/or area > 300 m²", where the "and"/"or" differs by province (DOMAIN, configurable).
 */
export interface SizeThreshold {
  /** Floor area in m²; null: area does not matter. */
  areaAbove: number | null;
  /** Investment in 万元 (10,000 yuan); null: investment does not matter. */
  investmentAbove: number | null;
  /** `or`: either exceeded is enough; `and`: both must be. */
  combine: 'and' | 'or';
}

/** Settings a locality changes without touching code. */
export interface CatalogueSettings {
  fireCheckThreshold: SizeThreshold;
}

/** The demo locality's settings. */
export const catalogueSettings: CatalogueSettings = {
  fireCheckThreshold: { areaAbove: 300, investmentAbove: 30, combine: 'or' },
};

/**
 * The FEEL inclusion condition of a threshold on a topic's `area` and `investment` answers:
 * `thresholdCondition({ areaAbove: 300, investmentAbove: 30, combine: 'or' }, 'shop')` →
 * `shop.area > 300 or shop.investment > 30`.
 */
export function thresholdCondition(threshold: SizeThreshold, topic: string): string {
  const parts: string[] = [];
  if (threshold.areaAbove !== null) parts.push(`${topic}.area > ${threshold.areaAbove}`);
  if (threshold.investmentAbove !== null) parts.push(`${topic}.investment > ${threshold.investmentAbove}`);
  if (parts.length === 0) return 'true';
  return parts.join(` ${threshold.combine} `);
}
