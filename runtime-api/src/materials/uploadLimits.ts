import type { Knex } from 'knex';
import { ApiError } from '../http/errors';

/** Uploads an applicant may make in an hour: a full bundle is a few dozen files. */
export const UPLOADS_PER_HOUR = 60;
/** Bytes an applicant may hold in uploads attached to no case yet. */
export const UNATTACHED_QUOTA_BYTES = 100 * 1024 * 1024;
/** An upload attached to no case for this long is removed (the applicant never filed it). */
export const UNATTACHED_UPLOAD_HOURS = 24;

/**
 * Per-applicant rate and quota, checked before a new upload is stored: 429 `upload_rate_limited`
 * past {@link UPLOADS_PER_HOUR} in the last hour, 413 `upload_quota_exceeded` when the new file
 * would take the applicant's unattached uploads past {@link UNATTACHED_QUOTA_BYTES}.
 */
export async function checkUploadLimits(
  db: Knex | Knex.Transaction,
  userId: string,
  size: number,
): Promise<void> {
  const row = await db('uploads as u')
    .join('files as f', 'f.sha256', 'u.sha256')
    .where('u.uploaded_by', userId)
    .first(
      db.raw(`count(*) filter (where u.created_at > now() - interval '1 hour')::int as recent`),
      db.raw(
        `coalesce(sum(f.size_bytes) filter (where not exists (
           select 1 from case_materials m where m.upload_id = u.id)), 0)::bigint as unattached`,
      ),
    );
  if (Number(row?.recent ?? 0) >= UPLOADS_PER_HOUR)
    throw new ApiError('upload_rate_limited', { perHour: UPLOADS_PER_HOUR });
  if (Number(row?.unattached ?? 0) + size > UNATTACHED_QUOTA_BYTES)
    throw new ApiError('upload_quota_exceeded', { megabytes: UNATTACHED_QUOTA_BYTES / 1024 / 1024 });
}

/**
 * Removes uploads attached to no case (nor kept in a draft) after {@link UNATTACHED_UPLOAD_HOURS}, and the stored
 * bytes no upload uses any more. Returns how many uploads went.
 */
export async function removeExpiredUploads(knex: Knex, hours = UNATTACHED_UPLOAD_HOURS): Promise<number> {
  return knex.transaction(async (trx) => {
    const removed = await trx('uploads as u')
      .where('u.created_at', '<', trx.raw(`now() - make_interval(hours => ?)`, [hours]))
      .whereNotExists((q) =>
        q.select(trx.raw('1')).from('case_materials as m').whereRaw('m.upload_id = u.id'),
      )
      // An upload kept in the applicant's draft (草稿) waits for the draft to be filed or deleted.
      .whereNotExists((q) =>
        q
          .select(trx.raw('1'))
          .from(trx.raw('apply_drafts as d, jsonb_each_text(d.materials) as dm'))
          .whereRaw('d.applicant_id = u.uploaded_by and dm.value = u.id::text'),
      )
      .del();
    await trx('files as f')
      .whereNotExists((q) => q.select(trx.raw('1')).from('uploads as u').whereRaw('u.sha256 = f.sha256'))
      .del();
    return removed;
  });
}
