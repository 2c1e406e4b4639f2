/**
 * 持证主体: whom an e-licence belongs to — a business (its name and, when known, its unified
 * social credit code 统一社会信用代码) or, with neither, the person who applied. A licence issued
 * to one business of an applicant must not serve another business the same applicant files for.
 */
export interface LicenceHolder {
  entityName: string | null;
  creditCode: string | null;
}

/** Form fields that name the business a case is for, most specific first. */
const ENTITY_NAME_FIELDS = ['entity.name', 'shop.name', 'school.name', 'clinic.name'];
const CREDIT_CODE_FIELDS = ['entity.creditCode', 'entity.uscc'];

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The holder a case's form names: its business, or the applicant in person when it names none. */
export function caseHolder(form: Record<string, unknown>): LicenceHolder {
  const pick = (fields: string[]) => fields.map((f) => text(form[f])).find((v) => v !== null) ?? null;
  return {
    entityName: pick(ENTITY_NAME_FIELDS),
    creditCode: pick(CREDIT_CODE_FIELDS)?.toUpperCase() ?? null,
  };
}

/** Names compared without spaces (全角 included) and case: 北京张记餐饮有限公司 = 北京张记 餐饮有限公司. */
export const normalEntityName = (name: string) => name.replace(/[\s\u3000]+/g, '').toLowerCase();
