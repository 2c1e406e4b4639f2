import { PREPARED } from '@yijian/db';
import type { Knex } from 'knex';
import { attachCaseMaterial } from './caseMaterialQueries';
import { insertELicence } from './eLicenceQueries';
import { caseHolder } from './licenceHolder';
import { bundleItemMaterials, type ItemMaterialRow } from './materialCatalogueQueries';
import { appendMaterialEvent } from './materialEvents';

/** Task outcomes that grant the item (a denial issues nothing). */
const approvingOutcomes = new Set(['approved']);

/**
 * 电子证照出证: when the last open step of an item whose result is an e-licence completes with an
 * approving outcome, the platform issues the licence to the applicant (trust A: issued by the
 * authority) and attaches it, without any upload, to every material of the same case that accepts
 * that licence type (an issued licence replaces a weaker upload). Later cases of the applicant
 * reuse it at filing. Runs in the completion's transaction, after the engine moved the case on;
 * a retried completion issues and attaches nothing twice.
 */
export async function issueResultLicence(
  trx: Knex.Transaction,
  input: {
    taskId: string;
    /** The task's case and item when the command already holds them (not read again). */
    task?: { case_id: string; item_code: string | null };
    outcome: string;
    at: string;
  },
): Promise<void> {
  if (!approvingOutcomes.has(input.outcome)) return;
  const task = input.task ?? (await trx('tasks').where({ id: input.taskId }).first('case_id', 'item_code'));
  if (!task?.item_code) return;
  // An item with several steps (受理 → 审查 → 决定 → 制证发证) issues after its last one: the
  // item and whether a step of it is still open, in one statement.
  const item = await trx('items as i')
    .where('i.code', task.item_code)
    .options(PREPARED)
    .first(
      'i.code',
      'i.name_zh',
      'i.name_en',
      'i.department_id',
      'i.result_licence_type',
      trx.raw(
        `exists (select 1 from tasks t where t.case_id = ? and t.item_code = i.code
                  and t.status in ('open', 'claimed')) as still_open`,
        [task.case_id],
      ),
    );
  if (!item?.result_licence_type || item.still_open) return;

  const kase = await trx('cases')
    .where({ id: task.case_id })
    .options(PREPARED)
    .first('id', 'case_number', 'bundle_key', 'applicant_id', 'form_data');
  const form = (kase.form_data ?? {}) as Record<string, unknown>;
  const holder = caseHolder(form);
  const number = `${kase.case_number}-${item.code}`;
  const inserted = await insertELicence(trx, {
    type: item.result_licence_type,
    number,
    holderUserId: kase.applicant_id,
    holderEntity: holder.entityName,
    holderCreditCode: holder.creditCode,
    issuingDepartmentId: item.department_id,
    issuingCaseId: kase.id,
    issuingItemCode: item.code,
    trustLevel: 'A',
    issuedAt: input.at,
    data: {
      itemName: { zh: item.name_zh, en: item.name_en },
      holderName: typeof form['applicant.name'] === 'string' ? form['applicant.name'] : null,
    },
  });
  if (inserted.length === 0) return;
  const eLicenceId = inserted[0].id as string;

  const rows: ItemMaterialRow[] = await bundleItemMaterials(trx, kase.bundle_key);
  const keys = [
    ...new Set(
      rows
        .filter((r) => r.material_key && r.e_licence_type === item.result_licence_type)
        .map((r) => r.material_key),
    ),
  ];
  // Every state change is in the audit log: the issuance, with where the licence now serves.
  await appendMaterialEvent(trx, kase.id, {
    type: 'eLicence.issued',
    at: input.at,
    actorId: null,
    payload: {
      name: { zh: item.name_zh, en: item.name_en },
      departmentId: item.department_id,
      licenceType: item.result_licence_type,
      number,
      trustLevel: 'A',
      attachedTo: keys,
    },
  });
  for (const key of keys) {
    await attachCaseMaterial(
      trx,
      {
        caseId: kase.id,
        materialKey: key,
        eLicenceId,
        trustLevel: 'A',
        source: 'eLicence',
        at: input.at,
        attachedBy: null,
      },
      'weakerOnly',
    );
  }
}
