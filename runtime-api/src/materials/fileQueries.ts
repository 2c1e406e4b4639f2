import type { Knex } from 'knex';
import type { AuthUser } from '../http/auth';
import type { RowsQuery } from '../sql/caseQueries';
import type { UploadMediaType } from './uploadPolicy';

type Db = Knex | Knex.Transaction;

/** An upload as the API shows it; the bytes stay in `files`. */
export interface UploadRow {
  id: string;
  sha256: string;
  uploaded_by: string;
  filename: string;
  /** Only the accepted types are stored (uploadPolicy.ts). */
  media_type: UploadMediaType;
  size_bytes: number;
  created_at: Date;
}

/** Stores content once per hash: the same bytes uploaded again (by anyone) add no row. */
export function storeFile(
  db: Db,
  file: { sha256: string; content: Buffer; mediaType: string },
): Knex.QueryBuilder {
  return db('files')
    .insert({
      sha256: file.sha256,
      content: file.content,
      media_type: file.mediaType,
      size_bytes: file.content.length,
    })
    .onConflict('sha256')
    .ignore();
}

/** Records that a user uploaded this content; a retry of the same content returns nothing. */
export function insertUpload(
  db: Db,
  upload: { sha256: string; userId: string; filename: string },
): Knex.QueryBuilder {
  return db('uploads')
    .insert({ sha256: upload.sha256, uploaded_by: upload.userId, filename: upload.filename })
    .onConflict(['uploaded_by', 'sha256'])
    .ignore()
    .returning('id');
}

/** Uploads with their file's type and size (never the bytes). */
/** The upload of these bytes by this user, if they uploaded them before (the same file is one upload). */
export function ownUploadOf(db: Db, userId: string, sha256: string): Promise<{ id: string } | undefined> {
  return db('uploads').where({ uploaded_by: userId, sha256 }).first('id');
}

export function uploadRows(db: Db): RowsQuery<UploadRow> {
  return db('uploads as u')
    .join('files as f', 'f.sha256', 'u.sha256')
    .select(
      'u.id',
      'u.sha256',
      'u.uploaded_by',
      'u.filename',
      'f.media_type',
      'f.size_bytes',
      'u.created_at',
    );
}

/** The bytes of an upload, for download. */
export function uploadContent(db: Db, uploadId: string): Knex.QueryBuilder {
  return db('uploads as u')
    .join('files as f', 'f.sha256', 'u.sha256')
    .where('u.id', uploadId)
    .first('u.filename', 'f.media_type', 'f.content');
}

/**
 * An upload if `user` may read it: its uploader; a clerk whose department has a step in a case it
 * is attached to; managers and admins.
 */
export function uploadVisibleTo(db: Db, user: AuthUser, uploadId: string): Knex.QueryBuilder {
  const q = db('uploads as u').where('u.id', uploadId);
  if (user.role === 'applicant') q.andWhere('u.uploaded_by', user.id);
  else if (user.role === 'clerk')
    q.whereExists(
      db('case_materials as cm')
        .join('tasks as t', 't.case_id', 'cm.case_id')
        .whereRaw('cm.upload_id = u.id')
        .andWhere('t.department_id', user.departmentId),
    );
  else if (user.role !== 'manager' && user.role !== 'admin') q.whereRaw('false');
  return q;
}
