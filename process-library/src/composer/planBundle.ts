import { CatalogueError, type CatalogueIssue } from '../CatalogueError';
import type { ServiceItem } from '../catalogue/ServiceItem';
import { serviceItems } from '../catalogue/serviceItems';
import { feelNames, feelSource } from '../feel/feelNames';
import type { BundleComposition } from './BundleComposition';

/** An item of a bundle, resolved from the catalogue and placed in the chain. */
export interface PlannedItem {
  item: ServiceItem;
  /** FEEL inclusion condition without the leading `=`, or null when the item always runs. */
  when: string | null;
  /** Position in the chain: 0 runs first; items of one layer run in parallel. */
  layer: number;
  /** 事项编码 of the items that must conclude first (as declared). */
  prerequisites: string[];
}

/** The chain (一链办理) of a bundle: its items in layers of independent items. */
export interface BundlePlan {
  composition: BundleComposition;
  /** In the order the composition lists them. */
  items: PlannedItem[];
  /** `layers[n]` runs after every item of `layers[n - 1]` has concluded or been skipped. */
  layers: PlannedItem[][];
}

/**
 * Resolves a composition's items from the catalogue and layers them by their prerequisites
 * (longest path: an item runs one layer after its latest prerequisite). Refuses, with a
 * {@link CatalogueError} naming every problem, unknown or repeated items, prerequisites on items
 * outside the bundle, invalid FEEL conditions and dependency cycles (naming the items in the cycle).
 */
export function planBundle(
  composition: BundleComposition,
  items: readonly ServiceItem[] = serviceItems,
): BundlePlan {
  const issues: CatalogueIssue[] = [];
  const bundleKey = composition.key;
  const byCode = new Map<string, ServiceItem>();
  for (const { itemCode, when } of composition.items) {
    const item = items.find((i) => i.code === itemCode);
    if (!item) {
      issues.push({
        code: 'unknownItem',
        severity: 'error',
        bundleKey,
        itemCodes: [itemCode],
        message: `Bundle ${bundleKey} lists item ${itemCode}, which is not in the catalogue; add the item or fix the code.`,
      });
    } else if (byCode.has(itemCode)) {
      issues.push({
        code: 'duplicateItem',
        severity: 'error',
        bundleKey,
        itemCodes: [itemCode],
        message: `Bundle ${bundleKey} lists ${describe(item)} twice; list each item once.`,
      });
    } else byCode.set(itemCode, item);
    const error = when === undefined ? null : feelNames(when).error;
    if (error) {
      issues.push({
        code: 'invalidCondition',
        severity: 'error',
        bundleKey,
        itemCodes: [itemCode],
        message: `The inclusion condition of ${item ? describe(item) : itemCode}: ${error}`,
        condition: feelSource(when ?? ''),
      });
    }
  }

  const before = new Map<string, string[]>([...byCode.keys()].map((code) => [code, []]));
  for (const { before: first, after } of composition.prerequisites) {
    const unknown = [first, after].filter((code) => !byCode.has(code));
    if (unknown.length > 0) {
      issues.push({
        code: 'unknownPrerequisite',
        severity: 'error',
        bundleKey,
        itemCodes: unknown,
        message: `The prerequisite ${first} → ${after} of bundle ${bundleKey} names ${unknown.join(', ')}, which the bundle does not list; add the item to the bundle or remove the prerequisite.`,
      });
      continue;
    }
    const list = before.get(after)!;
    if (!list.includes(first)) list.push(first);
  }

  const cycle = findCycle(before);
  if (cycle) {
    const path = cycle.map((code) => describe(byCode.get(code)!)).join(' → ');
    issues.push({
      code: 'cycle',
      severity: 'error',
      bundleKey,
      itemCodes: cycle.slice(0, -1),
      message: `The prerequisites of bundle ${bundleKey} form a cycle: ${path}; remove one of these prerequisites.`,
    });
  }
  if (issues.length > 0) {
    throw new CatalogueError(`Bundle ${bundleKey} cannot be composed (${issues.length} problems).`, issues);
  }

  const layerOf = new Map<string, number>();
  const layer = (code: string): number => {
    let found = layerOf.get(code);
    if (found === undefined) {
      found = Math.max(-1, ...before.get(code)!.map(layer)) + 1;
      layerOf.set(code, found);
    }
    return found;
  };
  const planned: PlannedItem[] = composition.items.map(({ itemCode, when }) => ({
    item: byCode.get(itemCode)!,
    when: when === undefined ? null : feelSource(when),
    layer: layer(itemCode),
    prerequisites: before.get(itemCode)!,
  }));
  const layers: PlannedItem[][] = [];
  for (const p of planned) {
    layers[p.layer] ??= [];
    layers[p.layer]!.push(p);
  }
  return { composition, items: planned, layers };
}

/**
 * A cycle in the "must come before" graph as a closed path of codes (first = last), or null.
 * `before.get(x)` lists the items that must precede x.
 */
export function findCycle(before: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (code: string): string[] | null => {
    state.set(code, 'visiting');
    path.push(code);
    for (const next of before.get(code) ?? []) {
      const seen = state.get(next);
      if (seen === 'visiting') {
        // Reported in running order (prerequisite first), from the item listed first, closing on it.
        const cycle = path.slice(path.indexOf(next)).reverse();
        const order = [...before.keys()];
        const first = cycle.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
        const start = cycle.indexOf(first);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        return [...rotated, rotated[0]!];
      }
      if (seen === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(code, 'done');
    return null;
  };
  for (const code of before.keys()) {
    if (!state.has(code)) {
      const found = visit(code);
      if (found) return found;
    }
  }
  return null;
}

function describe(item: ServiceItem): string {
  return `${item.name.zh} (${item.code})`;
}
