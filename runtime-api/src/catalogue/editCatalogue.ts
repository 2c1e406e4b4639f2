import { type MaterialTypeRow, tables } from '@yijian/db';
import {
  type BundleComposition,
  bundleCompositions,
  CatalogueError,
  type CatalogueIssue,
  checkItemFields,
  type Department,
  type FormSchema,
  mergeForms,
  type ServiceItem,
  validateCatalogue,
} from '@yijian/process-library';
import type { Knex } from 'knex';
import { catalogueIssueMessages } from '../http/errorCodes';
import { ApiError, type ErrorDetail, invalidField, notFound } from '../http/errors';
import {
  currentCatalogue,
  type ItemDefinition,
  joinItem,
  latestItem,
  type StoredItem,
  storeItemVersion,
} from './catalogueStore';

type Db = Knex | Knex.Transaction;

/** What the rules of an item are checked against: the departments and e-licence types stored. */
async function references(
  db: Db,
): Promise<{ departments: Department[]; eLicences: Set<string>; materials: Set<string> }> {
  // One at a time: `db` may be a transaction, whose one connection takes one query at a time.
  const departments = await db('departments').select('id', 'name_zh', 'name_en');
  const eLicences = await db('e_licence_types').select('key');
  const materials = await db('material_types').select('key');
  return {
    departments: departments.map((d) => ({ id: d.id, name: { zh: d.name_zh, en: d.name_en } })),
    eLicences: new Set(eLicences.map((e) => e.key as string)),
    materials: new Set(materials.map((m) => m.key as string)),
  };
}

/**
 * Every problem of an item as the catalogue rules see it (departments, materials, limits with
 * promised ≤ statutory, its questions), each pointing into the request; warnings apart.
 */
async function itemProblems(
  db: Db,
  item: ServiceItem,
): Promise<{ errors: ErrorDetail[]; warnings: string[] }> {
  const refs = await references(db);
  const issues = validateCatalogue({ items: [item], departments: refs.departments, compositions: [] })
    // The material catalogue is the stored one (material_types, with the Studio's new
    // materials), checked below, not only the process library's dictionary.
    .filter((i) => i.code !== 'unknownMaterial');
  const errors: ErrorDetail[] = issues
    .filter((i) => i.severity === 'error')
    .map((issue) => ({
      path: itemPath(item, issue),
      message: issue.message,
      messages: catalogueIssueMessages(issue),
    }));
  const licence = (path: string, key: string | null | undefined) => {
    if (key && !refs.eLicences.has(key))
      errors.push(bilingual(path, `电子证照类型 ${key} 不存在。`, `There is no e-licence type ${key}.`));
  };
  licence('item.result.licence', item.result.licence);
  item.materials.forEach((m, index) => {
    if (!refs.materials.has(m.key))
      errors.push(
        bilingual(
          `item.materials.${index}.key`,
          `材料 ${m.key} 不在材料目录中。`,
          `Material ${m.key} is not in the material catalogue.`,
        ),
      );
  });
  return {
    errors: dedupe(errors),
    warnings: issues.filter((i) => i.severity === 'warning').map((i) => i.message),
  };
}

function bilingual(path: string, zh: string, en: string): ErrorDetail {
  return { path, message: en, messages: { 'zh-CN': zh, en } };
}

function itemPath(item: ServiceItem, issue: CatalogueIssue): string {
  switch (issue.code) {
    case 'promisedExceedsStatutory':
    case 'mixedLimitUnits':
      return 'item.promisedLimit';
    case 'invalidLimit':
      return 'item';
    case 'missingDepartment':
    case 'unknownDepartment':
      return /competent/.test(issue.message)
        ? 'item.competentDepartmentId'
        : /step/.test(issue.message)
          ? 'item.steps'
          : 'item.implementingDepartmentId';
    case 'unknownMaterial':
      return 'item.materials';
    default:
      return issue.fieldKey ? `schema.components.${fieldIndex(item, issue.fieldKey)}` : 'item';
  }
}

function fieldIndex(item: ServiceItem, key: string): number {
  return Math.max(
    0,
    item.fields.findIndex((f) => f.key === key),
  );
}

function dedupe(details: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((d) => {
    const key = `${d.path}\n${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function refused(
  code: 'catalogue_item_invalid' | 'item_form_invalid',
  itemCode: string,
  details: ErrorDetail[],
) {
  const first = details[0]!;
  const params = {
    code: itemCode,
    count: details.length,
    problem: first.messages ?? { 'zh-CN': first.message, en: first.message },
  };
  return code === 'item_form_invalid'
    ? new ApiError('item_form_invalid', params, details)
    : new ApiError('catalogue_item_invalid', params, details);
}

function checkVersion(code: string, stored: StoredItem | undefined, expected: number): void {
  const current = stored?.version ?? 0;
  if (current !== expected) throw new ApiError('catalogue_version_conflict', { code, current, expected });
}

/** The bundles (key and name) whose composition lists the item: where a change of it shows. */
export async function bundlesUsing(
  db: Db,
  code: string,
): Promise<{ key: string; name: { zh: string; en: string } }[]> {
  const rows = await db('bundle_items as bi')
    .join('bundles as b', 'b.key', 'bi.bundle_key')
    .where('bi.item_code', code)
    .orderBy('b.sort_order')
    .select('b.key', 'b.name_zh', 'b.name_en');
  return rows.map((r) => ({ key: r.key, name: { zh: r.name_zh, en: r.name_en } }));
}

/**
 * 修改事项: stores the next version of an item's elements (its form unchanged), audited. Checked
 * by the catalogue rules first; bundles change only when published again, and cases running on a
 * deployed version keep it.
 */
export async function saveItem(
  trx: Knex.Transaction,
  code: string,
  input: { item: ItemDefinition; expectedVersion: number },
  userId: string,
): Promise<{ stored: StoredItem; warnings: string[] }> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:item:${code}`]);
  const previous = await latestItem(trx, code);
  if (!previous) throw notFound('item', code);
  checkVersion(code, previous, input.expectedVersion);
  const item = joinItem({ code, item: input.item, form: previous.form });
  const { errors, warnings } = await itemProblems(trx, item);
  if (errors.length > 0) throw refused('catalogue_item_invalid', code, errors);
  const stored = await storeItemVersion(trx, {
    code,
    item: input.item,
    form: previous.form,
    previous,
    kind: 'item',
    userId,
  });
  return { stored, warnings };
}

/** 新增事项: a new item with an empty form (the designer adds its questions in the form designer). */
export async function createItem(
  trx: Knex.Transaction,
  input: { code: string; item: ItemDefinition },
  userId: string,
): Promise<{ stored: StoredItem; warnings: string[] }> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:item:${input.code}`]);
  if (await latestItem(trx, input.code)) throw new ApiError('catalogue_item_exists', { code: input.code });
  const form: FormSchema = { type: 'default', id: `item-${input.code}`, schemaVersion: 16, components: [] };
  const { errors, warnings } = await itemProblems(
    trx,
    joinItem({ code: input.code, item: input.item, form }),
  );
  if (errors.length > 0) throw refused('catalogue_item_invalid', input.code, errors);
  const stored = await storeItemVersion(trx, {
    code: input.code,
    item: input.item,
    form,
    previous: undefined,
    kind: 'item',
    userId,
  });
  return { stored, warnings };
}

/**
 * The form rules of an item's questions, and the combined form of every bundle using the item
 * merged with them (a shared key defined otherwise by another item of a bundle is refused here,
 * not at the next publish). Returns the edited catalogue.
 */
async function checkForm(
  db: Db,
  base: readonly ServiceItem[],
  code: string,
  stored: StoredItem,
  schema: FormSchema,
): Promise<ServiceItem[]> {
  const item = joinItem({ code, item: stored.item, form: schema });
  const issues = checkItemFields(item);
  const catalogue = (await currentCatalogue(db, base)).map((i) => (i.code === code ? item : i));
  if (!catalogue.some((i) => i.code === code)) catalogue.push(item);
  for (const { key } of await bundlesUsing(db, code)) {
    const composition = await compositionOf(db, key);
    if (!composition) continue;
    try {
      mergeForms(composition, { items: catalogue });
    } catch (thrown) {
      if (!(thrown instanceof CatalogueError)) throw thrown;
      issues.push(...thrown.issues.filter((i) => i.itemCodes?.includes(code)));
    }
  }
  if (issues.length > 0) {
    throw refused(
      'item_form_invalid',
      code,
      dedupe(
        issues.map((issue) => ({
          path: issue.fieldKey ? `schema.components.${fieldIndex(item, issue.fieldKey)}` : 'schema',
          message: issue.message,
          messages: catalogueIssueMessages(issue),
        })),
      ),
    );
  }
  return catalogue;
}

/** 保存表单: the next version of an item's form, checked by the form rules, audited. */
export async function saveItemForm(
  trx: Knex.Transaction,
  code: string,
  input: { schema: FormSchema; expectedVersion: number },
  options: { base: readonly ServiceItem[]; userId: string },
): Promise<StoredItem> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:item:${code}`]);
  const previous = await latestItem(trx, code);
  if (!previous) throw notFound('item', code);
  checkVersion(code, previous, input.expectedVersion);
  const schema: FormSchema = { ...input.schema, id: `item-${code}` };
  await checkForm(trx, options.base, code, previous, schema);
  return storeItemVersion(trx, {
    code,
    item: previous.item,
    form: schema,
    previous,
    kind: 'itemForm',
    userId: options.userId,
  });
}

/**
 * 预览: the combined form of a bundle with one item's form as being edited (not saved), and for
 * each of the item's keys which other items of the bundle ask it too (asked once in the form).
 */
export async function previewItemForm(
  db: Db,
  code: string,
  input: { schema: FormSchema; bundleKey: string },
  base: readonly ServiceItem[],
): Promise<{ form: FormSchema; sharedWith: Record<string, string[]> }> {
  const stored = await latestItem(db, code);
  if (!stored) throw notFound('item', code);
  const composition = await compositionOf(db, input.bundleKey);
  if (!composition) throw notFound('composition', input.bundleKey);
  const catalogue = await checkForm(db, base, code, stored, input.schema);
  const form = mergeForms(composition, { items: catalogue });
  const others = composition.items
    .map((i) => catalogue.find((c) => c.code === i.itemCode))
    .filter((i): i is ServiceItem => i !== undefined && i.code !== code);
  const sharedWith = Object.fromEntries(
    input.schema.components.map((f) => [
      f.key,
      others.filter((o) => o.fields.some((of) => of.key === f.key)).map((o) => o.code),
    ]),
  );
  return { form, sharedWith };
}

/** A bundle's composition: the stored one of a composed bundle, the library's of a shipped one. */
export async function compositionOf(db: Db, key: string): Promise<BundleComposition | undefined> {
  const row = await db('bundles').where({ key }).first('composition');
  if (!row) return undefined;
  return (row.composition as BundleComposition | null) ?? bundleCompositions.find((c) => c.key === key);
}

/** A material type (材料) as the Studio edits it. */
export interface MaterialTypeInput {
  name: { zh: string; en: string };
  eLicenceType: string | null;
  trustLevel: 'A' | 'B' | 'C' | 'D' | null;
}

function materialOf(row: MaterialTypeRow, usedBy: string[]) {
  return {
    key: row.key,
    name: { zh: row.name_zh, en: row.name_en },
    eLicenceType: row.e_licence_type ?? null,
    trustLevel: row.min_trust ?? null,
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    usedBy,
  };
}

/** 材料目录: every material type with the items (latest versions) asking for it. */
export async function listMaterialTypes(db: Db, base: readonly ServiceItem[]) {
  const rows = await tables.materialTypes(db).orderBy('key');
  const catalogue = await currentCatalogue(db, base);
  return rows.map((row) =>
    materialOf(
      row,
      catalogue.filter((i) => i.materials.some((m) => m.key === row.key)).map((i) => i.code),
    ),
  );
}

/** A material type as the audit trail records it before and after a change. */
function auditedMaterial(row: MaterialTypeRow) {
  return {
    name: { zh: row.name_zh, en: row.name_en },
    eLicenceType: row.e_licence_type ?? null,
    trustLevel: row.min_trust ?? null,
  };
}

async function checkELicence(db: Db, eLicenceType: string | null): Promise<void> {
  if (eLicenceType && !(await db('e_licence_types').where({ key: eLicenceType }).first('key'))) {
    throw invalidField('eLicenceType', {
      'zh-CN': `电子证照类型 ${eLicenceType} 不存在`,
      en: `there is no e-licence type ${eLicenceType}`,
    });
  }
}

/**
 * 新建材料: a material type items can then ask for, audited (no `before`). A key the catalogue has
 * (shipped or created) is a 409; the start's seed never touches it (it is edited, not shipped).
 */
export async function createMaterialType(
  trx: Knex.Transaction,
  input: MaterialTypeInput & { key: string },
  userId: string,
) {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`catalogue:material:${input.key}`]);
  if (await trx('material_types').where({ key: input.key }).first('key'))
    throw new ApiError('material_type_exists', { key: input.key });
  await checkELicence(trx, input.eLicenceType);
  const [created] = await tables
    .materialTypes(trx)
    .insert({
      key: input.key,
      name_zh: input.name.zh,
      name_en: input.name.en,
      e_licence_type: input.eLicenceType,
      min_trust: input.trustLevel,
      edited_by: userId,
      edited_at: trx.fn.now(),
    })
    .returning('*');
  await trx('catalogue_changes').insert({
    kind: 'material',
    target: input.key,
    version: null,
    changed_by: userId,
    before: null,
    after: JSON.stringify(auditedMaterial(created!)),
  });
  return materialOf(created!, []);
}

/**
 * 修改材料: names, the e-licence that satisfies it and the weakest trust level reused, audited
 * with the row before and after. From then on the start's seed no longer overwrites it.
 */
export async function saveMaterialType(
  trx: Knex.Transaction,
  key: string,
  input: MaterialTypeInput,
  options: { base: readonly ServiceItem[]; userId: string },
) {
  const before = await tables.materialTypes(trx).where({ key }).forUpdate().first();
  if (!before) throw notFound('material', key);
  await checkELicence(trx, input.eLicenceType);
  const [after] = await tables
    .materialTypes(trx)
    .where({ key })
    .update({
      name_zh: input.name.zh,
      name_en: input.name.en,
      e_licence_type: input.eLicenceType,
      min_trust: input.trustLevel,
      edited_by: options.userId,
      edited_at: trx.fn.now(),
    })
    .returning('*');
  await trx('catalogue_changes').insert({
    kind: 'material',
    target: key,
    version: null,
    changed_by: options.userId,
    before: JSON.stringify(auditedMaterial(before)),
    after: JSON.stringify(auditedMaterial(after!)),
  });
  const catalogue = await currentCatalogue(trx, options.base);
  return materialOf(
    after!,
    catalogue.filter((i) => i.materials.some((m) => m.key === key)).map((i) => i.code),
  );
}
