import { conditionHolds } from '@yijian/process-library';
import type { Knex } from 'knex';
import { iso } from '../presenters';
import { type CaseMaterialRow, caseItemCodesWithSteps, caseMaterialRows } from './caseMaterialQueries';
import { itemConditions } from './itemConditions';
import { bundleItemMaterials, type ItemMaterialRow } from './materialCatalogueQueries';
import { issuingItem } from './materialNeeds';
import { meetsTrust, type Trust } from './trustLevels';

type Db = Knex | Knex.Transaction;

/**
 * Runs the reads side by side on a pool, one after another in a transaction: its one connection
 * takes one query at a time (pg queues the rest with a deprecation warning).
 */
async function inTurn<T extends readonly (() => Promise<unknown>)[]>(
  db: Db,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!(db as Knex.Transaction).isTransaction)
    return (await Promise.all(reads.map((read) => read()))) as Results;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results;
}

/**
 * - `satisfied`: attached at the trust the item asks for (or any, when it sets no floor);
 * - `needsVerification`: the applicant's own upload where the item wants a checked one — the
 *   clerk's 核验 lifts it to B;
 * - `awaitingELicence`: an earlier item of the case issues the accepted e-licence; nothing to upload;
 * - `missing`.
 */
export type MaterialStatus = 'satisfied' | 'needsVerification' | 'awaitingELicence' | 'missing';

/**
 * The left joins give an upload's or an e-licence's columns all together or all null: an
 * attachment with `upload_id` has its file's, one with `e_licence_id` its licence's.
 */
function presentAttachment(row: CaseMaterialRow) {
  return {
    source: row.source,
    trustLevel: row.trust_level,
    attachedAt: iso(row.attached_at)!,
    verifiedBy: row.verified_by ? { id: row.verified_by, displayName: row.verified_by_name! } : null,
    verifiedAt: iso(row.verified_at),
    upload: row.upload_id
      ? {
          id: row.upload_id,
          filename: row.filename!,
          mediaType: row.media_type!,
          sizeBytes: row.size_bytes!,
          sha256: row.sha256!,
        }
      : null,
    eLicence: row.e_licence_id
      ? {
          id: row.e_licence_id,
          type: row.e_licence_type!,
          typeName: { zh: row.e_licence_type_zh!, en: row.e_licence_type_en! },
          number: row.e_licence_number!,
          holderEntity: row.e_licence_holder_entity ?? null,
          holderCreditCode: row.e_licence_holder_credit_code ?? null,
          issuingDepartmentId: row.issuing_department_id!,
          issuingCaseId: row.issuing_case_id ?? null,
          issuedAt: iso(row.issued_at)!,
          trustLevel: row.e_licence_trust_level!,
        }
      : null,
  };
}

export type MaterialAttachmentView = ReturnType<typeof presentAttachment>;

/** Per item of the case's bundle (in bundle order), each material it asks for and what satisfies it. */
export function presentItemMaterials(
  catalogue: readonly ItemMaterialRow[],
  attachments: readonly CaseMaterialRow[],
  itemsWithSteps: ReadonlySet<string> = new Set(),
) {
  const byKey = new Map(attachments.map((a) => [a.material_key, presentAttachment(a)]));
  const items: {
    itemCode: string;
    name: { zh: string; en: string };
    departmentId: string;
    materials: {
      key: string;
      name: { zh: string; en: string };
      requirement: 'required' | 'secondary';
      minTrust: Trust | null;
      eLicenceType: { key: string; name: { zh: string; en: string } } | null;
      status: MaterialStatus;
      providedBy: { itemCode: string; name: { zh: string; en: string } } | null;
      attachment: MaterialAttachmentView | null;
    }[];
  }[] = [];
  for (const row of catalogue) {
    let item = items.at(-1);
    if (!item || item.itemCode !== row.item_code) {
      item = {
        itemCode: row.item_code,
        name: { zh: row.item_name_zh, en: row.item_name_en },
        departmentId: row.item_department_id,
        materials: [],
      };
      items.push(item);
    }
    if (!row.material_key) continue;
    const attachment = byKey.get(row.material_key) ?? null;
    let providedBy = issuingItem(catalogue, row.e_licence_type, row.item_code);
    // The issuer is a prerequisite: if this item has started and the issuer never did, the issuer
    // was skipped (e.g. 营业执照 already held) and nothing will be issued.
    if (providedBy && itemsWithSteps.has(row.item_code) && !itemsWithSteps.has(providedBy.itemCode))
      providedBy = null;
    const status: MaterialStatus = attachment
      ? meetsTrust(attachment.trustLevel, row.min_trust)
        ? 'satisfied'
        : 'needsVerification'
      : providedBy
        ? 'awaitingELicence'
        : 'missing';
    item.materials.push({
      key: row.material_key,
      name: { zh: row.material_name_zh, en: row.material_name_en },
      requirement: row.requirement,
      minTrust: row.min_trust,
      eLicenceType: row.e_licence_type
        ? {
            key: row.e_licence_type,
            name: { zh: row.e_licence_type_zh ?? '', en: row.e_licence_type_en ?? '' },
          }
        : null,
      status,
      providedBy,
      attachment,
    });
  }
  return items;
}

export type ItemMaterialsView = ReturnType<typeof presentItemMaterials>[number];

/** The materials of every item of a case (or only `itemCode`'s), as the case and task APIs show them. */
export async function caseItemMaterials(
  db: Db,
  kase: { id: string; bundleKey: string },
  itemCode?: string | null,
): Promise<ItemMaterialsView[]> {
  const [catalogue, attachments, started, conditions, answers]: [
    ItemMaterialRow[],
    CaseMaterialRow[],
    { item_code: string }[],
    Map<string, string>,
    Record<string, unknown>,
  ] = await inTurn(db, [
    () => bundleItemMaterials(db, kase.bundleKey),
    () => caseMaterialRows(db, kase.id),
    () => caseItemCodesWithSteps(db, kase.id),
    () => itemConditions(db as Knex, kase.bundleKey),
    () =>
      db('cases')
        .where({ id: kase.id })
        .first('form_data')
        .then((r: { form_data: Record<string, unknown> } | undefined) => r?.form_data ?? {}) as Promise<
        Record<string, unknown>
      >,
  ] as const);
  // Items the case's answers leave out (no fire check under the threshold) ask for nothing.
  const applies = (row: ItemMaterialRow) => {
    const condition = conditions.get(row.item_code);
    return !condition || conditionHolds(condition, answers);
  };
  const items = presentItemMaterials(
    catalogue.filter(applies),
    attachments,
    new Set(started.map((r) => r.item_code)),
  );
  return itemCode === undefined ? items : items.filter((i) => i.itemCode === itemCode);
}
