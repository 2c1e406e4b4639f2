import type { Knex } from 'knex';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidFields, notFound, stateName } from '../http/errors';
import { attachCaseMaterial, type MaterialSource, markVerified, reusableUpload } from './caseMaterialQueries';
import { heldELicence } from './eLicenceQueries';
import { uploadRows } from './fileQueries';
import { caseHolder, type LicenceHolder } from './licenceHolder';
import { bundleItemMaterials, type ItemMaterialRow } from './materialCatalogueQueries';
import { appendMaterialEvent } from './materialEvents';
import { type MaterialNeed, mergeMaterialNeeds, reuseFloor } from './materialNeeds';
import { REUSABLE_TRUST, type Trust, UPLOAD_TRUST } from './trustLevels';

/** Case statuses in which the applicant may still hand in materials. */
const OPEN_STATUSES = ['preReview', 'correction', 'inProgress'];

/** Loads the applicant's uploads by id; any that is not theirs is a field error on its material. */
async function ownUploads(
  trx: Knex.Transaction,
  userId: string,
  byMaterial: Record<string, string>,
): Promise<Map<string, string>> {
  const ids = [...new Set(Object.values(byMaterial))];
  const rows = ids.length ? await uploadRows(trx).whereIn('u.id', ids).andWhere('u.uploaded_by', userId) : [];
  const mine = new Set(rows.map((r: { id: string }) => r.id));
  const bad = Object.entries(byMaterial).filter(([, id]) => !mine.has(id));
  if (bad.length > 0)
    throw invalidFields(
      bad.map(([key]) => ({ path: `materials.${key}`, messages: validationReasons.notYourUpload })),
    );
  return new Map(Object.entries(byMaterial));
}

function unknownMaterials(needs: MaterialNeed[], keys: string[]): void {
  const known = new Set(needs.map((n) => n.key));
  const bad = keys.filter((k) => !known.has(k));
  if (bad.length > 0)
    throw invalidFields(
      bad.map((key) => ({ path: `materials.${key}`, messages: validationReasons.notAMaterialOfBundle })),
    );
}

/**
 * At filing (申办): attaches the applicant's uploads (trust C) to the case's materials, one row per
 * material however many items need it, and reuses what the applicant already holds for the rest
 * — an e-licence issued to them, or an upload a clerk verified in an earlier case (凡能通过网络共享
 * 复用的材料，不得要求重复提交). Runs in the filing's transaction.
 */
export async function attachMaterialsAtFiling(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; uploads: Record<string, string> | undefined },
): Promise<void> {
  const kase = await trx('cases')
    .where({ id: input.caseId })
    .first('bundle_key', 'applicant_id', 'form_data');
  if (!kase) throw notFound('case', input.caseId);
  // The business (or person) this case is for: only its own e-licences are reused.
  const holder = caseHolder((kase.form_data ?? {}) as Record<string, unknown>);
  const needs = mergeMaterialNeeds(await bundleItemMaterials(trx, kase.bundle_key));
  const requested = input.uploads ?? {};
  unknownMaterials(needs, Object.keys(requested));
  const uploads = await ownUploads(trx, input.user.id, requested);
  const now = await ctx.now(trx);

  const attached: { key: string; source: MaterialSource; trustLevel: Trust }[] = [];
  for (const need of needs) {
    const uploadId = uploads.get(need.key);
    if (uploadId) {
      await attachCaseMaterial(
        trx,
        {
          caseId: input.caseId,
          materialKey: need.key,
          uploadId,
          trustLevel: UPLOAD_TRUST,
          source: 'upload',
          at: now,
          attachedBy: input.user.id,
        },
        'always',
      );
      attached.push({ key: need.key, source: 'upload', trustLevel: UPLOAD_TRUST });
      continue;
    }
    const reused = await reusable(trx, kase.applicant_id, need, holder);
    if (!reused) continue;
    await attachCaseMaterial(
      trx,
      { caseId: input.caseId, materialKey: need.key, source: 'reused', at: now, attachedBy: null, ...reused },
      'never',
    );
    attached.push({ key: need.key, source: 'reused', trustLevel: reused.trustLevel });
  }
  if (attached.length > 0)
    await appendMaterialEvent(trx, input.caseId, {
      type: 'materials.attached',
      at: now,
      actorId: input.user.id,
      payload: { materials: attached },
    });
}

/** What the applicant already holds for a material: an e-licence first, else a verified upload. */
async function reusable(
  db: Knex | Knex.Transaction,
  applicantId: string,
  need: Pick<MaterialNeed, 'key' | 'minTrust' | 'eLicenceType'>,
  /** The case's holder; absent before the form is filled (the apply form's preview). */
  holder?: LicenceHolder,
): Promise<
  | { eLicenceId: string; trustLevel: Trust }
  | { uploadId: string; trustLevel: Trust; verifiedBy: string | null; verifiedAt: string | null }
  | null
> {
  const floor = reuseFloor(need.minTrust);
  if (need.eLicenceType) {
    const licence = await heldELicence(db, {
      holderUserId: applicantId,
      type: need.eLicenceType.key,
      floor,
      holder,
    });
    if (licence) return { eLicenceId: licence.id, trustLevel: licence.trust_level };
  }
  const upload = await reusableUpload(db, { applicantId, materialKey: need.key, floor });
  if (upload)
    return {
      uploadId: upload.upload_id,
      trustLevel: upload.trust_level,
      verifiedBy: upload.verified_by,
      verifiedAt: upload.verified_at instanceof Date ? upload.verified_at.toISOString() : upload.verified_at,
    };
  return null;
}

/**
 * Materials of a bundle for the apply form: merged by key over the bundle's items (or the chosen
 * `itemCodes`), each with what the applicant already holds for it, so the form asks for it once or
 * not at all.
 */
export async function bundleMaterialNeeds(
  db: Knex,
  input: { bundleKey: string; itemCodes?: string[]; applicantId: string | null },
) {
  const rows: ItemMaterialRow[] = await bundleItemMaterials(db, input.bundleKey);
  const needs = mergeMaterialNeeds(rows, input.itemCodes);
  return Promise.all(
    needs.map(async (need) => {
      const held = input.applicantId && !need.providedBy ? await reusable(db, input.applicantId, need) : null;
      return {
        ...need,
        reusable: held
          ? 'eLicenceId' in held
            ? { kind: 'eLicence' as const, trustLevel: held.trustLevel }
            : { kind: 'upload' as const, trustLevel: held.trustLevel }
          : null,
      };
    }),
  );
}

/** Locks a case the applicant owns and that still takes materials. */
async function lockOwnOpenCase(trx: Knex.Transaction, user: AuthUser, caseId: string) {
  const kase = await trx('cases')
    .where({ id: caseId, applicant_id: user.id })
    .forUpdate()
    .first('id', 'bundle_key', 'status');
  if (!kase) throw notFound('case', caseId);
  if (!OPEN_STATUSES.includes(kase.status))
    throw new ApiError('case_closed_to_materials', { status: stateName(kase.status) });
  return kase as { id: string; bundle_key: string; status: string };
}

/**
 * 补交材料: the applicant attaches an upload to a material of their open case (trust C). The same
 * upload again changes nothing; a material already satisfied by an e-licence or a verified upload
 * is not replaced by an unchecked one.
 */
export async function attachUploadToCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; materialKey: string; uploadId: string },
): Promise<{ changed: boolean }> {
  const kase = await lockOwnOpenCase(trx, input.user, input.caseId);
  const needs = mergeMaterialNeeds(await bundleItemMaterials(trx, kase.bundle_key));
  unknownMaterials(needs, [input.materialKey]);
  await ownUploads(trx, input.user.id, { [input.materialKey]: input.uploadId });
  const existing = await trx('case_materials')
    .where({ case_id: kase.id, material_key: input.materialKey })
    .first('upload_id', 'trust_level');
  if (existing?.upload_id === input.uploadId) return { changed: false };
  if (existing && existing.trust_level < UPLOAD_TRUST)
    throw new ApiError('material_already_satisfied', {
      material: input.materialKey,
      trust: existing.trust_level,
    });
  const now = await ctx.now(trx);
  await attachCaseMaterial(
    trx,
    {
      caseId: kase.id,
      materialKey: input.materialKey,
      uploadId: input.uploadId,
      trustLevel: UPLOAD_TRUST,
      source: 'upload',
      at: now,
      attachedBy: input.user.id,
    },
    'always',
  );
  await appendMaterialEvent(trx, kase.id, {
    type: 'materials.attached',
    at: now,
    actorId: input.user.id,
    payload: { materials: [{ key: input.materialKey, source: 'upload', trustLevel: UPLOAD_TRUST }] },
  });
  return { changed: true };
}

/**
 * 核验: a clerk of a department whose item needs the material (or an admin) confirms the applicant's
 * upload against the original; it becomes B and so reusable in later cases. Verifying again is a
 * no-op; e-licences and already checked uploads need no check.
 */
export async function verifyCaseMaterial(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; materialKey: string; viewedSha256: string },
): Promise<{ changed: boolean }> {
  const kase = await trx('cases').where({ id: input.caseId }).first('id', 'bundle_key');
  if (!kase) throw notFound('case', input.caseId);
  if (input.user.role === 'clerk') {
    const rows: ItemMaterialRow[] = await bundleItemMaterials(trx, kase.bundle_key);
    // The front desk (综合受理, the lead department) checks every material of the bundle; a back
    // office those its own items ask for.
    const lead = await trx('bundles').where({ key: kase.bundle_key }).first('lead_department_id');
    const mine =
      lead?.lead_department_id === input.user.departmentId ||
      rows.some(
        (r) => r.material_key === input.materialKey && r.item_department_id === input.user.departmentId,
      );
    const visible = await trx('tasks')
      .where({ case_id: kase.id, department_id: input.user.departmentId })
      .first('id');
    if (!visible) throw notFound('case', input.caseId);
    if (!mine) throw new ApiError('material_not_your_department', { material: input.materialKey });
  }
  await trx('cases').where({ id: kase.id }).forUpdate().first('id');
  const row = await trx('case_materials as m')
    .leftJoin('uploads as u', 'u.id', 'm.upload_id')
    .where({ 'm.case_id': kase.id, 'm.material_key': input.materialKey })
    .first('m.trust_level', 'm.upload_id', 'u.sha256');
  if (!row) throw notFound('caseMaterial', `${input.caseId}/${input.materialKey}`);
  // The clerk vouches for the bytes they looked at: a file the applicant swapped in since (补交
  // replaces the upload) is not the one checked, and must not become trusted and reusable.
  if (row.sha256 && row.sha256 !== input.viewedSha256)
    throw new ApiError('material_changed_since_viewed', {
      material: input.materialKey,
      viewed: input.viewedSha256.slice(0, 12),
      current: String(row.sha256).slice(0, 12),
    });
  if (row.trust_level === 'A' || row.trust_level === 'B') return { changed: false };
  if (!row.upload_id || row.trust_level !== UPLOAD_TRUST)
    throw new ApiError('material_self_declared', { material: input.materialKey });
  const now = await ctx.now(trx);
  await markVerified(trx, {
    caseId: kase.id,
    materialKey: input.materialKey,
    trustLevel: REUSABLE_TRUST,
    verifiedBy: input.user.id,
    at: now,
  });
  await appendMaterialEvent(trx, kase.id, {
    type: 'material.verified',
    at: now,
    actorId: input.user.id,
    payload: { materialKey: input.materialKey, sha256: row.sha256, from: UPLOAD_TRUST, to: REUSABLE_TRUST },
  });
  return { changed: true };
}
