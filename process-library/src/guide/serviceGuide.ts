import type { LocalizedName } from '@yijian/engine';
import {
  type ELicenceType,
  eLicenceTypes,
  type MaterialKey,
  materialDefinition,
  type TrustLevel,
} from '../catalogue/materialDictionary';
import {
  type Fee,
  type HandlingType,
  type ItemResult,
  type ItemType,
  itemTypeNames,
  type ServiceItem,
  type SpecialProcedure,
  type TimeLimit,
} from '../catalogue/ServiceItem';
import { serviceItems } from '../catalogue/serviceItems';
import type { BundleComposition, JointLimit } from '../composer/BundleComposition';
import { planBundle } from '../composer/planBundle';
import { type Department, departments as shippedDepartments } from '../departments';

/** 办事指南 of one bundle: what the applicant reads before applying. */
export interface ServiceGuide {
  bundleKey: string;
  name: LocalizedName;
  description: LocalizedName;
  leadDepartment: Department;
  /** Every department involved, the lead department first. */
  departments: Department[];
  /** 联合办理时限 and its one extension. */
  jointLimit: JointLimit;
  items: GuideItem[];
  /** Each material once, with the items that need it. */
  materials: GuideMaterial[];
  fees: GuideFee[];
  /** Sum of all fees if every item applies; 0 means free. */
  totalFeesYuan: number;
  /**
   * 到办事地点次数 for the whole bundle: the most any item needs, since one window (一窗受理)
   * takes everything at once.
   */
  visits: number;
}

export interface GuideItem {
  code: string;
  codeSource: ServiceItem['codeSource'];
  name: LocalizedName;
  type: ItemType;
  typeName: LocalizedName;
  department: Department;
  legalBasis: string;
  handlingType: HandlingType;
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  /** FEEL inclusion condition; null when the item always applies. */
  condition: string | null;
  /** 事项编码 of the items that conclude before this one. */
  prerequisites: string[];
  result: ItemResult;
  specialProcedures: SpecialProcedure[];
  visits: number;
}

export interface GuideMaterial {
  key: MaterialKey;
  name: LocalizedName;
  /** `required` if any item requires it; `secondary` (容缺 allowed) only if every item does. */
  requirement: 'required' | 'secondary';
  originals: number;
  copies: number;
  /** The e-licence that satisfies it without an upload, if any. */
  eLicence: { type: ELicenceType; name: LocalizedName } | null;
  /** Lowest trust level every needing item accepts (the strictest of theirs). */
  trustLevel: TrustLevel | null;
  neededBy: MaterialNeed[];
  /** True when every item needing it gets it from an earlier item of the chain: no upload. */
  providedInChain: boolean;
}

/** One item's need for a material. */
export interface MaterialNeed {
  itemCode: string;
  /**
   * The earlier item of this bundle whose e-licence satisfies the material, attached to this item
   * automatically (e.g. the business licence for the food licence); null if the applicant brings it.
   */
  providedBy: string | null;
}

export interface GuideFee extends Fee {
  itemCode: string;
}

/**
 * Generates the service guide of a bundle from the catalogue: items with their limits and
 * conditions, the joint limit, departments, materials deduplicated across items (with which items
 * need each and which an earlier item's e-licence provides), fees and visits.
 */
export function serviceGuide(
  composition: BundleComposition,
  options: { items?: readonly ServiceItem[]; departments?: readonly Department[] } = {},
): ServiceGuide {
  const plan = planBundle(composition, options.items ?? serviceItems);
  const allDepartments = options.departments ?? shippedDepartments;
  const department = (id: string): Department =>
    allDepartments.find((d) => d.id === id) ?? { id, name: { zh: id, en: id } };

  const before = new Map(plan.items.map((p) => [p.item.code, p.prerequisites]));
  const earlier = (code: string): Set<string> => {
    const found = new Set<string>();
    const stack = [...(before.get(code) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (found.has(next)) continue;
      found.add(next);
      stack.push(...(before.get(next) ?? []));
    }
    return found;
  };

  const materials = new Map<MaterialKey, GuideMaterial>();
  for (const { item } of plan.items) {
    const upstream = earlier(item.code);
    for (const need of item.materials) {
      const definition = materialDefinition(need.key);
      const eLicence = definition?.eLicence ?? null;
      const provider = eLicence
        ? plan.items.find((p) => upstream.has(p.item.code) && p.item.result.licence === eLicence)
        : undefined;
      const trust = need.trustLevel ?? definition?.trustLevel ?? null;
      const seen = materials.get(need.key);
      const entry: MaterialNeed = { itemCode: item.code, providedBy: provider?.item.code ?? null };
      if (!seen) {
        materials.set(need.key, {
          key: need.key,
          name: definition?.name ?? { zh: need.key, en: need.key },
          requirement: need.requirement,
          originals: need.originals,
          copies: need.copies,
          eLicence: eLicence ? { type: eLicence, name: eLicenceTypes[eLicence] } : null,
          trustLevel: trust,
          neededBy: [entry],
          providedInChain: false,
        });
        continue;
      }
      if (need.requirement === 'required') seen.requirement = 'required';
      seen.originals = Math.max(seen.originals, need.originals);
      seen.copies = Math.max(seen.copies, need.copies);
      // A is the strictest level; the guide states the strictest any item asks.
      if (trust && (!seen.trustLevel || trust < seen.trustLevel)) seen.trustLevel = trust;
      seen.neededBy.push(entry);
    }
  }
  for (const material of materials.values()) {
    material.providedInChain = material.neededBy.every((n) => n.providedBy !== null);
  }

  const departmentIds = [
    composition.leadDepartmentId,
    ...plan.items.flatMap(({ item }) => [
      item.implementingDepartmentId,
      ...(item.steps ?? []).flatMap((s) => (s.departmentId ? [s.departmentId] : [])),
    ]),
  ];
  const fees = plan.items.flatMap(({ item }) => item.fees.map((fee) => ({ ...fee, itemCode: item.code })));
  return {
    bundleKey: composition.key,
    name: composition.name,
    description: composition.description,
    leadDepartment: department(composition.leadDepartmentId),
    departments: [...new Set(departmentIds)].map(department),
    jointLimit: composition.jointLimit,
    items: plan.items.map(({ item, when, prerequisites }) => ({
      code: item.code,
      codeSource: item.codeSource,
      name: item.name,
      type: item.type,
      typeName: itemTypeNames[item.type],
      department: department(item.implementingDepartmentId),
      legalBasis: item.legalBasis,
      handlingType: item.handlingType,
      statutoryLimit: item.statutoryLimit,
      promisedLimit: item.promisedLimit,
      condition: when,
      prerequisites,
      result: item.result,
      specialProcedures: item.specialProcedures,
      visits: item.visits,
    })),
    materials: [...materials.values()],
    fees,
    totalFeesYuan: fees.reduce((sum, fee) => sum + fee.amountYuan, 0),
    visits: Math.max(0, ...plan.items.map(({ item }) => item.visits)),
  };
}
