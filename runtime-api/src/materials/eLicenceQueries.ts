import type { Knex } from 'knex';
import { type LicenceHolder, normalEntityName } from './licenceHolder';
import type { Trust } from './trustLevels';

type Db = Knex | Knex.Transaction;

export interface NewELicence {
  type: string;
  number: string;
  holderUserId: string | null;
  holderEntity: string | null;
  /** 统一社会信用代码 of the holder business, when the case gave it. */
  holderCreditCode: string | null;
  issuingDepartmentId: string;
  issuingCaseId: string | null;
  issuingItemCode: string | null;
  trustLevel: Trust;
  issuedAt: string;
  data: Record<string, unknown>;
}

/** Issues an e-licence; an item of a case issues its licence once (retries insert nothing). */
export function insertELicence(db: Db, licence: NewELicence): Knex.QueryBuilder {
  return db('e_licences')
    .insert({
      type: licence.type,
      number: licence.number,
      holder_user_id: licence.holderUserId,
      holder_entity: licence.holderEntity,
      holder_credit_code: licence.holderCreditCode,
      issuing_department_id: licence.issuingDepartmentId,
      issuing_case_id: licence.issuingCaseId,
      issuing_item_code: licence.issuingItemCode,
      trust_level: licence.trustLevel,
      issued_at: licence.issuedAt,
      data: JSON.stringify(licence.data),
    })
    .onConflict(['issuing_case_id', 'issuing_item_code', 'type'])
    .ignore()
    .returning('id');
}

export function eLicenceIssuedBy(db: Db, caseId: string, itemCode: string, type: string): Knex.QueryBuilder {
  return db('e_licences').where({ issuing_case_id: caseId, issuing_item_code: itemCode, type }).first('id');
}

/**
 * The strongest, then newest, e-licence of a type that a user holds at `floor` trust or better:
 * what a later case of the same applicant reuses instead of asking (数据共享, DOMAIN rule 18).
 * With `holder`, only a licence of that holder: the same credit code, else the same business
 * name, or a personal licence (no business on it); a case for no business takes personal ones only.
 */
export function heldELicence(
  db: Db,
  input: { holderUserId: string; type: string; floor: Trust; holder?: LicenceHolder },
): Knex.QueryBuilder {
  const q = db('e_licences')
    .where({ holder_user_id: input.holderUserId, type: input.type })
    .andWhere('trust_level', '<=', input.floor);
  const holder = input.holder;
  if (holder)
    q.andWhere((w) => {
      w.where((p) => p.whereNull('holder_entity').whereNull('holder_credit_code'));
      if (holder.creditCode) w.orWhere('holder_credit_code', holder.creditCode);
      if (holder.entityName)
        w.orWhere((n) =>
          n
            .whereNull('holder_credit_code')
            .andWhereRaw(`lower(regexp_replace(holder_entity, '[[:space:]　]+', '', 'g')) = ?`, [
              normalEntityName(holder.entityName as string),
            ]),
        );
    });
  return q.orderBy('trust_level').orderBy('issued_at', 'desc').first('id', 'trust_level');
}

/** 我的证照: every e-licence issued to a user, newest first, with its type, issuer and case number. */
/** An e-licence of a holder with its type's names, the issuing department's and its case number. */
export interface HeldLicenceRow {
  id: string;
  type: string;
  number: string;
  holder_user_id: string | null;
  holder_entity: string | null;
  issuing_department_id: string;
  issuing_case_id: string | null;
  issuing_item_code: string | null;
  trust_level: string;
  issued_at: Date;
  data: Record<string, unknown>;
  name_zh: string;
  name_en: string;
  department_zh: string;
  department_en: string;
  case_number: string | null;
}

export function licencesOfHolder(db: Db, userId: string): Promise<HeldLicenceRow[]> {
  return db('e_licences as l')
    .join('e_licence_types as t', 't.key', 'l.type')
    .join('departments as d', 'd.id', 'l.issuing_department_id')
    .leftJoin('cases as c', 'c.id', 'l.issuing_case_id')
    .where('l.holder_user_id', userId)
    .orderBy('l.issued_at', 'desc')
    .select(
      'l.*',
      't.name_zh',
      't.name_en',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
      'c.case_number',
    );
}
