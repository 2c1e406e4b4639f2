import type { Knex } from 'knex';
import { validationReasons } from '../http/errorCodes';
import { invalidFields, notFound } from '../http/errors';
import { type UploadRow, uploadRows } from '../materials/fileQueries';

type Db = Knex | Knex.Transaction;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

function presentUpload(row: UploadRow) {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: iso(row.created_at),
  };
}

/** An `apply_drafts` row with its bundle's names. */
interface DraftRow {
  applicant_id: string;
  bundle_key: string;
  form: Record<string, string | number | boolean | null>;
  /** Material key → upload id. */
  materials: Record<string, string>;
  step: number;
  created_at: Date;
  updated_at: Date;
  name_zh: string;
  name_en: string;
}

/** A bundle applicants may file (published), or 404. */
async function bundleOf(db: Db, bundleKey: string) {
  const bundle = await db('bundles').where({ key: bundleKey }).first('key', 'name_zh', 'name_en');
  if (!bundle) throw notFound('bundle', bundleKey);
  return bundle;
}

/** The applicant's draft of a bundle with its uploads, or 404. */
export async function loadDraft(db: Db, applicantId: string, bundleKey: string) {
  const row: DraftRow | undefined = await db('apply_drafts as d')
    .join('bundles as b', 'b.key', 'd.bundle_key')
    .where({ 'd.applicant_id': applicantId, 'd.bundle_key': bundleKey })
    .first('d.*', 'b.name_zh', 'b.name_en');
  if (!row) throw notFound('draft', bundleKey);
  const byMaterial = row.materials;
  const ids = [...new Set(Object.values(byMaterial))];
  // Only the applicant's own uploads that still exist: a removed one simply drops out.
  const uploads = ids.length
    ? await uploadRows(db).whereIn('u.id', ids).andWhere('u.uploaded_by', applicantId)
    : [];
  const byId = new Map(uploads.map((u) => [u.id, presentUpload(u)]));
  const materials: Record<string, ReturnType<typeof presentUpload>> = {};
  for (const [key, id] of Object.entries(byMaterial)) {
    const upload = byId.get(id);
    if (upload) materials[key] = upload;
  }
  return {
    bundleKey: row.bundle_key,
    bundleName: { zh: row.name_zh, en: row.name_en },
    form: row.form,
    materials,
    step: row.step,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Saves (creates or replaces) the applicant's draft; every upload must be the applicant's own. */
export async function saveDraft(
  db: Db,
  applicantId: string,
  bundleKey: string,
  draft: {
    form: Record<string, string | number | boolean | null>;
    materials: Record<string, string>;
    step: number;
  },
): Promise<void> {
  await bundleOf(db, bundleKey);
  const ids = [...new Set(Object.values(draft.materials))];
  const own: { id: string }[] = ids.length
    ? await db('uploads').whereIn('id', ids).andWhere('uploaded_by', applicantId).select('id')
    : [];
  const mine = new Set(own.map((r) => r.id));
  const bad = Object.entries(draft.materials).filter(([, id]) => !mine.has(id));
  if (bad.length > 0)
    throw invalidFields(
      bad.map(([key]) => ({ path: `materials.${key}`, messages: validationReasons.notYourUpload })),
    );
  await db('apply_drafts')
    .insert({
      applicant_id: applicantId,
      bundle_key: bundleKey,
      form: JSON.stringify(draft.form),
      materials: JSON.stringify(draft.materials),
      step: draft.step,
    })
    .onConflict(['applicant_id', 'bundle_key'])
    .merge({
      form: JSON.stringify(draft.form),
      materials: JSON.stringify(draft.materials),
      step: draft.step,
      updated_at: db.raw('now()'),
    });
}

/** The applicant's drafts, most recently saved first. */
export async function listDrafts(db: Db, applicantId: string) {
  const rows: {
    bundle_key: string;
    step: number;
    updated_at: Date;
    name_zh: string;
    name_en: string;
    answered: number;
  }[] = await db('apply_drafts as d')
    .join('bundles as b', 'b.key', 'd.bundle_key')
    .where('d.applicant_id', applicantId)
    .orderBy('d.updated_at', 'desc')
    .select(
      'd.bundle_key',
      'd.step',
      'd.updated_at',
      'b.name_zh',
      'b.name_en',
      db.raw(`(select count(*) from jsonb_object_keys(d.form))::int as answered`),
    );
  return rows.map((r) => ({
    bundleKey: r.bundle_key,
    bundleName: { zh: r.name_zh, en: r.name_en },
    step: r.step,
    answered: Number(r.answered),
    updatedAt: iso(r.updated_at),
  }));
}

/** Removes the draft (filed, or given up); true when there was one. */
export async function deleteDraft(db: Db, applicantId: string, bundleKey: string): Promise<boolean> {
  const n = await db('apply_drafts').where({ applicant_id: applicantId, bundle_key: bundleKey }).del();
  return n > 0;
}
