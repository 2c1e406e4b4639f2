import type { LocalizedName } from '@yijian/engine';
import type { TimeLimit } from '../catalogue/ServiceItem';

/** An item taken into a bundle, optionally only for some applications. */
export interface BundleItem {
  /** 事项编码 of a catalogue item. */
  itemCode: string;
  /**
   * Inclusion condition: FEEL on the combined form's answers (e.g. `shop.area > 300`). The item
   * runs only when it evaluates to true (null, e.g. from an unanswered field, is not true).
   * Absent: the item always runs.
   */
  when?: string;
}

/** `before` must be concluded before `after` starts (一链办理: its result feeds the next). */
export interface Prerequisite {
  before: string;
  after: string;
}

/** 联合办理时限 (Art. 42): the limit of the whole bundle and its one extension. */
export interface JointLimit {
  statutory: TimeLimit;
  /** The longest extension that may be approved (at government level for a joint bundle). */
  extension: TimeLimit;
  promised?: TimeLimit;
}

/** Joint or centralised handling: 45 working days, one extension of up to 15 (DOMAIN rule 8). */
export const jointHandlingLimit: JointLimit = {
  statutory: { value: 45, unit: 'workingDays' },
  extension: { value: 15, unit: 'workingDays' },
};

/**
 * 一件事 as an admin composes it: which catalogue items, in which order, under which conditions.
 * The composer turns it into BPMN, `mergeForms` into the combined form, `serviceGuide` into the
 * guide.
 */
export interface BundleComposition {
  /** Bundle key and BPMN process id, e.g. `restaurant`. */
  key: string;
  name: LocalizedName;
  description: LocalizedName;
  /** 牵头部门: owns intake and the unified reply. */
  leadDepartmentId: string;
  items: BundleItem[];
  prerequisites: Prerequisite[];
  jointLimit: JointLimit;
}
