import type { Knex } from 'knex';
import type { AuthUser } from '../http/auth';
import type { RowsQuery } from '../sql/caseQueries';

type Db = Knex | Knex.Transaction;

/** The document kinds and the case events that issue them. */
export const documentEvents = {
  'case.accepted': 'acceptanceNotice',
  'case.correctionNotice': 'correctionNotice',
  'case.rejected': 'rejectionDecision',
  'item.decided': 'licenceDecision',
  'case.concluded': 'conclusionNotice',
  'eLicence.issued': 'eLicenceCertificate',
} as const;

/** A case document with its file's size and the issuing department's names (never the bytes). */
export interface CaseDocumentRow {
  id: string;
  case_id: string;
  kind: (typeof documentEvents)[keyof typeof documentEvents];
  item_code: string | null;
  title_zh: string;
  title_en: string;
  filename: string;
  sha256: string;
  issued_on: string;
  created_at: Date;
  /** bigint: pg gives it as a string. */
  size_bytes: string | number;
  department_zh: string | null;
  department_en: string | null;
}

/** The documents of a case, oldest first (never the bytes). */
export function caseDocumentRows(db: Db, caseId: string): RowsQuery<CaseDocumentRow> {
  return db('case_documents as d')
    .join('files as f', 'f.sha256', 'd.sha256')
    .leftJoin('departments as dep', 'dep.id', 'd.issuing_department_id')
    .where('d.case_id', caseId)
    .orderBy([{ column: 'd.source_seq' }, { column: 'd.kind' }])
    .select(
      'd.id',
      'd.case_id',
      'd.kind',
      'd.item_code',
      'd.title_zh',
      'd.title_en',
      'd.filename',
      'd.sha256',
      'd.issued_on',
      'd.created_at',
      'f.size_bytes',
      'dep.name_zh as department_zh',
      'dep.name_en as department_en',
    );
}

/**
 * A case a user may read documents of: its applicant, and clerks of a department with a step in it
 * or leading its bundle (the window). Everyone else gets 404, as for a case that does not exist.
 */
export function documentCaseVisibleTo(db: Db, user: AuthUser, caseId: string): Knex.QueryBuilder {
  const q = db('cases as c').join('bundles as b', 'b.key', 'c.bundle_key').where('c.id', caseId);
  if (user.role === 'applicant') q.andWhere('c.applicant_id', user.id);
  else if (user.role === 'clerk')
    q.andWhere((w) =>
      w
        .where('b.lead_department_id', user.departmentId)
        .orWhereExists(
          db('tasks as t').whereRaw('t.case_id = c.id').andWhere('t.department_id', user.departmentId),
        ),
    );
  else q.whereRaw('false');
  return q.first('c.id', 'c.applicant_id');
}
