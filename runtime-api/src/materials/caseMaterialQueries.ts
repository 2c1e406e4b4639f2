import type { Knex } from 'knex';
import type { Trust } from './trustLevels';
import type { UploadMediaType } from './uploadPolicy';

type Db = Knex | Knex.Transaction;

export type MaterialSource = 'upload' | 'eLicence' | 'reused';

export interface CaseMaterialAttachment {
  caseId: string;
  materialKey: string;
  uploadId?: string | null;
  eLicenceId?: string | null;
  trustLevel: Trust;
  source: MaterialSource;
  at: string;
  attachedBy: string | null;
  verifiedBy?: string | null;
  verifiedAt?: string | null;
}

/**
 * Attaches an upload or e-licence to a case's material (one row serves every item needing it).
 * With `replace: 'weakerOnly'` an existing attachment is replaced only by a strictly more trusted
 * one (an issued licence beats the user's scan); `'never'` keeps whatever is there. Returns the
 * rows written, so the caller knows whether anything changed.
 */
export function attachCaseMaterial(
  db: Db,
  a: CaseMaterialAttachment,
  replace: 'weakerOnly' | 'never' | 'always',
): Knex.QueryBuilder {
  const insert = db('case_materials').insert({
    case_id: a.caseId,
    material_key: a.materialKey,
    upload_id: a.uploadId ?? null,
    e_licence_id: a.eLicenceId ?? null,
    trust_level: a.trustLevel,
    source: a.source,
    attached_at: a.at,
    attached_by: a.attachedBy,
    verified_by: a.verifiedBy ?? null,
    verified_at: a.verifiedAt ?? null,
  });
  if (replace === 'never')
    return insert.onConflict(['case_id', 'material_key']).ignore().returning('material_key');
  const merge = insert
    .onConflict(['case_id', 'material_key'])
    .merge([
      'upload_id',
      'e_licence_id',
      'trust_level',
      'source',
      'attached_at',
      'attached_by',
      'verified_by',
      'verified_at',
    ]);
  if (replace === 'weakerOnly') merge.where('case_materials.trust_level', '>', a.trustLevel);
  return merge.returning('material_key');
}

/** A case's attachments with the upload's file and the e-licence's details, and who verified. */
/** A material attached to a case: its upload (with the file's type and size) or its e-licence, and who verified it. */
export interface CaseMaterialRow {
  material_key: string;
  trust_level: Trust;
  source: MaterialSource;
  attached_at: Date;
  verified_by: string | null;
  verified_by_name: string | null;
  verified_at: Date | null;
  upload_id: string | null;
  filename: string | null;
  sha256: string | null;
  media_type: UploadMediaType | null;
  size_bytes: number | null;
  e_licence_id: string | null;
  e_licence_type: string | null;
  e_licence_type_zh: string | null;
  e_licence_type_en: string | null;
  e_licence_number: string | null;
  e_licence_holder_entity: string | null;
  e_licence_holder_credit_code: string | null;
  issuing_department_id: string | null;
  issuing_case_id: string | null;
  issued_at: Date | null;
  e_licence_trust_level: Trust | null;
}

export function caseMaterialRows(db: Db, caseId: string): Promise<CaseMaterialRow[]> {
  return db('case_materials as cm')
    .leftJoin('uploads as u', 'u.id', 'cm.upload_id')
    .leftJoin('files as f', 'f.sha256', 'u.sha256')
    .leftJoin('e_licences as el', 'el.id', 'cm.e_licence_id')
    .leftJoin('e_licence_types as elt', 'elt.key', 'el.type')
    .leftJoin('users as v', 'v.id', 'cm.verified_by')
    .where('cm.case_id', caseId)
    .select(
      'cm.material_key',
      'cm.trust_level',
      'cm.source',
      'cm.attached_at',
      'cm.verified_by',
      'v.display_name as verified_by_name',
      'cm.verified_at',
      'u.id as upload_id',
      'u.filename',
      'u.sha256',
      'f.media_type',
      'f.size_bytes',
      'el.id as e_licence_id',
      'el.type as e_licence_type',
      'elt.name_zh as e_licence_type_zh',
      'elt.name_en as e_licence_type_en',
      'el.number as e_licence_number',
      'el.holder_entity as e_licence_holder_entity',
      'el.holder_credit_code as e_licence_holder_credit_code',
      'el.issuing_department_id',
      'el.issuing_case_id',
      'el.issued_at',
      'el.trust_level as e_licence_trust_level',
    );
}

/**
 * The newest upload of a material from the applicant's earlier cases that a clerk has verified (or
 * that was reused verified): a user's own scan (C) is never reused unchecked.
 */
export function reusableUpload(
  db: Db,
  input: { applicantId: string; materialKey: string; floor: Trust },
): Knex.QueryBuilder {
  return db('case_materials as cm')
    .join('cases as c', 'c.id', 'cm.case_id')
    .where('c.applicant_id', input.applicantId)
    .andWhere('cm.material_key', input.materialKey)
    .whereNotNull('cm.upload_id')
    .andWhere('cm.trust_level', '<=', input.floor)
    .orderBy('cm.trust_level')
    .orderByRaw('coalesce(cm.verified_at, cm.attached_at) desc')
    .first('cm.upload_id', 'cm.trust_level', 'cm.verified_by', 'cm.verified_at');
}

/** The items of a case that have (or had) a step, so have run or are running. */
export function caseItemCodesWithSteps(db: Db, caseId: string): Knex.QueryBuilder {
  return db('tasks').where({ case_id: caseId }).whereNotNull('item_code').distinct('item_code');
}

/** 核验: a clerk confirms a user's upload; it becomes reusable (C → B). */
export function markVerified(
  db: Db,
  input: { caseId: string; materialKey: string; trustLevel: Trust; verifiedBy: string; at: string },
): Knex.QueryBuilder {
  return db('case_materials')
    .where({ case_id: input.caseId, material_key: input.materialKey })
    .update({ trust_level: input.trustLevel, verified_by: input.verifiedBy, verified_at: input.at });
}
