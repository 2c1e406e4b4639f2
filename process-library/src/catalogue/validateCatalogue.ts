import { bundleCompositions } from '../bundles/bundleCompositions';
import { CatalogueError, type CatalogueIssue } from '../CatalogueError';
import type { BundleComposition } from '../composer/BundleComposition';
import { planBundle } from '../composer/planBundle';
import { type Department, departments } from '../departments';
import { feelNames } from '../feel/feelNames';
import { checkItemFields } from '../forms/itemForm';
import { mergeForms } from '../forms/mergeForms';
import { isFieldKey } from './fieldDictionary';
import { materialDefinition } from './materialDictionary';
import type { ServiceItem, TimeLimit } from './ServiceItem';
import { serviceItems } from './serviceItems';

/** What {@link validateCatalogue} checks: items, the departments they route to, and bundles. */
export interface Catalogue {
  items: readonly ServiceItem[];
  departments: readonly Department[];
  compositions: readonly BundleComposition[];
}

/** The catalogue this package ships. */
export const shippedCatalogue: Catalogue = {
  items: serviceItems,
  departments,
  compositions: bundleCompositions,
};

/**
 * Checks a catalogue at design time and returns every problem, each said so an admin can fix it:
 * items without a department or with an unknown one, field keys not in the field dictionary,
 * unknown materials, invalid limits, promised > statutory (DOMAIN rule 11; compared only in the
 * same unit, mixed units are a warning), and per bundle: unknown items, dependency cycles, bad
 * inclusion conditions, conditions reading unknown fields and conflicting field definitions.
 */
export function validateCatalogue(catalogue: Catalogue = shippedCatalogue): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const known = new Set(catalogue.departments.map((d) => d.id));
  const codes = new Set<string>();
  for (const item of catalogue.items) {
    if (codes.has(item.code)) {
      issues.push(
        error('duplicateItem', `Item code ${item.code} is used twice; 事项编码 must be unique.`, item),
      );
    }
    codes.add(item.code);
    issues.push(...checkDepartments(item, known), ...checkFieldsAndMaterials(item), ...checkLimits(item));
  }
  for (const composition of catalogue.compositions)
    issues.push(...checkComposition(composition, catalogue, known));
  // An item redefining a shared field: a bundle's conflict naming both items says more, so first.
  const redefined = (i: CatalogueIssue) => i.code === 'fieldConflict' && i.bundleKey === undefined;
  return [...issues.filter((i) => !redefined(i)), ...issues.filter(redefined)];
}

/** Throws a {@link CatalogueError} listing every error (warnings do not block). */
export function assertValidCatalogue(catalogue: Catalogue = shippedCatalogue): void {
  const errors = validateCatalogue(catalogue).filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new CatalogueError(`The catalogue has ${errors.length} errors.`, errors);
}

function checkDepartments(item: ServiceItem, known: ReadonlySet<string>): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const roles = [
    ['implementing department (实施机关)', item.implementingDepartmentId],
    ['competent department (主管部门)', item.competentDepartmentId],
    ...(item.steps ?? [])
      .map((s) => [`department of step ${s.key}`, s.departmentId] as const)
      .filter(([, id]) => id !== undefined),
  ] as const;
  for (const [role, id] of roles) {
    if (!id || id.trim() === '') {
      issues.push(
        error(
          'missingDepartment',
          `${describe(item)} has no ${role}; set the department whose queue handles it.`,
          item,
        ),
      );
    } else if (!known.has(id)) {
      issues.push(
        error(
          'unknownDepartment',
          `${describe(item)} names ${id} as ${role}, which is not a department; add it to the departments or fix the id.`,
          item,
        ),
      );
    }
  }
  return issues;
}

function checkFieldsAndMaterials(item: ServiceItem): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  issues.push(...checkItemFields(item));
  for (const material of item.materials) {
    if (!materialDefinition(material.key)) {
      issues.push(
        error(
          'unknownMaterial',
          `${describe(item)} asks for material ${material.key}, which is not in the material dictionary.`,
          item,
        ),
      );
    }
  }
  return issues;
}

function checkLimits(item: ServiceItem): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const limits: [string, TimeLimit | null | undefined][] = [
    ['statutory limit', item.statutoryLimit],
    ['promised limit', item.promisedLimit],
    ...(item.steps ?? []).map((s) => [`limit of step ${s.key}`, s.limit] as [string, TimeLimit | undefined]),
  ];
  for (const [what, limit] of limits) {
    if (limit && !(Number.isInteger(limit.value) && limit.value > 0)) {
      issues.push(
        error('invalidLimit', `The ${what} of ${describe(item)} must be a positive whole number.`, item),
      );
    }
  }
  issues.push(...comparePromised(item.promisedLimit, item.statutoryLimit, describe(item), [item.code]));
  return issues;
}

/** Promised must not exceed statutory (DOMAIN rule 11); only the same unit can be compared. */
function comparePromised(
  promised: TimeLimit | undefined,
  statutory: TimeLimit | null,
  what: string,
  itemCodes: string[],
): CatalogueIssue[] {
  if (!promised || !statutory) return [];
  if (promised.unit !== statutory.unit) {
    return [
      {
        code: 'mixedLimitUnits',
        severity: 'warning',
        itemCodes,
        message: `The promised limit of ${what} is in ${promised.unit} and the statutory limit in ${statutory.unit}; they cannot be compared, so check by hand that ${promised.value} ${promised.unit} is within ${statutory.value} ${statutory.unit}, or use one unit.`,
      },
    ];
  }
  if (promised.value > statutory.value) {
    return [
      {
        code: 'promisedExceedsStatutory',
        severity: 'error',
        itemCodes,
        message: `The promised limit of ${what} (${promised.value} ${promised.unit}) exceeds its statutory limit (${statutory.value} ${statutory.unit}); promise at most ${statutory.value}.`,
      },
    ];
  }
  return [];
}

function checkComposition(
  composition: BundleComposition,
  catalogue: Catalogue,
  known: ReadonlySet<string>,
): CatalogueIssue[] {
  const bundleKey = composition.key;
  const issues: CatalogueIssue[] = [];
  if (!composition.leadDepartmentId) {
    issues.push({
      code: 'missingDepartment',
      severity: 'error',
      bundleKey,
      message: `Bundle ${bundleKey} has no lead department (牵头部门); set the department that owns intake.`,
    });
  } else if (!known.has(composition.leadDepartmentId)) {
    issues.push({
      code: 'unknownDepartment',
      severity: 'error',
      bundleKey,
      message: `Bundle ${bundleKey} names ${composition.leadDepartmentId} as lead department, which is not a department.`,
    });
  }
  const joint = composition.jointLimit;
  if (joint.extension.unit !== joint.statutory.unit) {
    issues.push({
      code: 'invalidLimit',
      severity: 'error',
      bundleKey,
      message: `The extension of bundle ${bundleKey} is in ${joint.extension.unit} but its joint limit in ${joint.statutory.unit}; give the extension in the same unit.`,
    });
  }
  issues.push(
    ...comparePromised(joint.promised, joint.statutory, `bundle ${bundleKey}`, []).map((i) => ({
      ...i,
      bundleKey,
    })),
  );
  for (const { itemCode, when } of composition.items) {
    for (const name of when === undefined ? [] : feelNames(when).names) {
      if (!isFieldKey(name)) {
        issues.push({
          code: 'unknownField',
          severity: 'error',
          bundleKey,
          itemCodes: [itemCode],
          fieldKey: name,
          message: `The inclusion condition of item ${itemCode} in bundle ${bundleKey} reads ${name}, which is not in the field dictionary; add it there or fix the condition.`,
        });
      }
    }
  }
  // The composer and the form merger say what is wrong with items, chain and fields.
  for (const check of [
    () => planBundle(composition, catalogue.items),
    () => mergeForms(composition, { items: catalogue.items }),
  ]) {
    try {
      check();
    } catch (thrown) {
      if (!(thrown instanceof CatalogueError)) throw thrown;
      for (const issue of thrown.issues) {
        const duplicate = issues.some((i) => i.code === issue.code && i.message === issue.message);
        if (!duplicate && issue.code !== 'unknownField') issues.push(issue);
      }
    }
  }
  return issues;
}

function error(code: CatalogueIssue['code'], message: string, item: ServiceItem): CatalogueIssue {
  return { code, severity: 'error', message, itemCodes: [item.code] };
}

function describe(item: ServiceItem): string {
  return `Item ${item.name.zh} (${item.code})`;
}
