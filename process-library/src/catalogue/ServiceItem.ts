import type { LimitUnit, LocalizedName } from '@yijian/engine';
import type { FormField } from '../forms';
import type { ELicenceType, MaterialKey, TrustLevel } from './materialDictionary';

/**
 * 事项类型. The national catalogue's kinds of item; 备案 (filing) is listed under 其他行政权力 in
 * most provinces but is kept apart because it is handled on the spot.
 */
export type ItemType =
  | 'licensing' // 行政许可
  | 'confirmation' // 行政确认 (e.g. 不动产登记)
  | 'levy' // 行政征收 (e.g. 税费)
  | 'filing' // 备案
  | 'publicService' // 公共服务
  | 'otherPower'; // 其他行政权力

/** 办件类型: 即办件 handled on the spot, 承诺件 within the promised limit. */
export type HandlingType = 'immediate' | 'promised';

/** 行使层级. */
export type ItemLevel = 'province' | 'city' | 'county' | 'township' | 'village';

/** 业务办理项: the operation under a sub-item (新办 / 变更 / 延续 / 注销). */
export type ItemOperation = 'new' | 'change' | 'renewal' | 'cancellation';

/** A time limit with its unit (DOMAIN rule 3); the kind is given by where it is stored. */
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

/** 申请材料 as an item asks for it; the name and accepted e-licence come from the dictionary. */
export interface ItemMaterial {
  key: MaterialKey;
  /** `secondary` materials may be missing at acceptance under 容缺受理 (DOMAIN rule 15). */
  requirement: 'required' | 'secondary';
  originals: number;
  copies: number;
  /** Lowest e-licence trust level the item accepts for reuse; defaults to the dictionary's. */
  trustLevel?: TrustLevel;
}

/** 收费 (an item with no fees is free: 不收费). */
export interface Fee {
  name: LocalizedName;
  amountYuan: number;
  basis: string;
}

/** 特别程序 (Art. 45): hearing, inspection, testing, expert review …; its time pauses the clock. */
export interface SpecialProcedure {
  name: LocalizedName;
  expectedWorkingDays: number;
  /** Whether its time counts towards the limit; false for every Art. 45 procedure. */
  counted: boolean;
}

/** 办理结果: what the applicant receives. */
export interface ItemResult {
  name: LocalizedName;
  /** The e-licence issued, which later items of a chain can reuse; null when none is issued. */
  licence: ELicenceType | null;
}

/** One step of an item's own process (受理 → 审查 → 决定 → 制证发证 by default). */
export interface ItemStep {
  /** Unique within the item; becomes part of the BPMN element id. */
  key: string;
  name: LocalizedName;
  /** Per-step statutory limit (DOMAIN rule 12), e.g. issuance within 10 working days (Art. 44). */
  limit?: TimeLimit;
  /** Another department's queue for this step; the implementing department by default. */
  departmentId?: string;
}

/**
 * 政务服务事项: one standardised service with the standard elements of a provincial catalogue
 * (事项要素) and what the engine needs to run it.
 */
export interface ServiceItem {
  /** 事项编码: unique, the same everywhere. */
  code: string;
  /**
   * Where the code comes from: a published provincial guide, or made up for the demo catalogue
   * (replace it with the locality's real code before production).
   */
  codeSource: 'provincialGuide' | 'illustrative';
  name: LocalizedName;
  type: ItemType;
  operation: ItemOperation;
  /** 主管部门. */
  competentDepartmentId: string;
  /** 实施机关: whose queue receives the item's steps. */
  implementingDepartmentId: string;
  /** 设定依据. */
  legalBasis: string;
  handlingType: HandlingType;
  /** 法定办结时限; null when no law sets one (public services, most filings). */
  statutoryLimit: TimeLimit | null;
  /** 承诺办结时限: must not exceed the statutory limit (DOMAIN rule 11). Locality data. */
  promisedLimit: TimeLimit;
  materials: ItemMaterial[];
  /** Empty for a free item (不收费). */
  fees: Fee[];
  result: ItemResult;
  specialProcedures: SpecialProcedure[];
  /** 到办事地点次数: 0 means fully online (全程网办). */
  visits: number;
  level: ItemLevel;
  /** The item's questions, each a field dictionary definition (see `dictionaryFields`). */
  fields: FormField[];
  /** Overrides the default steps (受理 → 审查 → 决定 → 制证发证). */
  steps?: ItemStep[];
}

/** 事项类型 names for the service guide. */
export const itemTypeNames: Readonly<Record<ItemType, LocalizedName>> = {
  licensing: { zh: '行政许可', en: 'Administrative licensing' },
  confirmation: { zh: '行政确认', en: 'Administrative confirmation' },
  levy: { zh: '行政征收', en: 'Administrative levy' },
  filing: { zh: '备案', en: 'Filing' },
  publicService: { zh: '公共服务', en: 'Public service' },
  otherPower: { zh: '其他行政权力', en: 'Other administrative power' },
};
