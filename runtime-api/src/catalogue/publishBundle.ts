import {
  DefinitionError,
  type DescribedIssue,
  describeIssue,
  type Limit,
  type ProcessDefinition,
  parseBpmn,
} from '@yijian/engine';
import {
  type Bundle,
  type BundleComposition,
  CatalogueError,
  type CatalogueIssue,
  composedBundle,
  type Department,
  jointHandlingLimit,
  type ServiceItem,
  type TimeLimit,
  validateCatalogue,
} from '@yijian/process-library';
import type { Knex } from 'knex';
import { catalogueIssueMessages, type Messages } from '../http/errorCodes';
import { ApiError, type ErrorDetail } from '../http/errors';
import { seedMaterialCatalogue } from '../materials/seedMaterialCatalogue';
import { latestItems } from './catalogueStore';
import { deployDefinition } from './deployDefinition';

/** A bundle as a designer composes it in one request (组合一件事); see `composeBundleBody`. */
export interface CompositionInput {
  key: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  leadDepartmentId: string;
  items: { itemCode: string; when?: string | undefined }[];
  prerequisites: { before: string; after: string }[];
  /** 承诺时限 of the whole bundle; the statutory joint limit is always 45 + 15 working days. */
  promisedLimit?: TimeLimit | undefined;
  sort?: number | undefined;
}

/** A composition that passed every check, with its BPMN and combined form. */
export interface CheckedComposition {
  composition: BundleComposition;
  bundle: Bundle;
  warnings: CatalogueIssue[];
}

/** The composition the process library's functions take, from the request. */
export function toComposition(input: CompositionInput): BundleComposition {
  return {
    key: input.key,
    name: input.name,
    description: input.description,
    leadDepartmentId: input.leadDepartmentId,
    items: input.items.map(({ itemCode, when }) => (when === undefined ? { itemCode } : { itemCode, when })),
    prerequisites: input.prerequisites,
    jointLimit: input.promisedLimit
      ? { ...jointHandlingLimit, promised: input.promisedLimit }
      : jointHandlingLimit,
  };
}

/**
 * Checks a composition against the catalogue and composes it: unknown items, dependency cycles,
 * bad FEEL or conditions reading unknown fields, conflicting field definitions, promised limits
 * above statutory ones, items without a department, an unknown lead department — every problem
 * at once, as a 400 whose `details` point at the part of the request (`items.2.when`). Then the
 * BPMN is parsed by the engine as deployment would (a refusal names the element ids; `parse:
 * false` leaves that to the deployment that follows). Writes nothing, so a preview and a publish
 * say the same.
 */
export async function checkComposition(
  input: CompositionInput,
  catalogue: readonly ServiceItem[],
  departments: readonly Department[],
  options: { parse?: boolean } = {},
): Promise<CheckedComposition> {
  const composition = toComposition(input);
  const codes = new Set(input.items.map((i) => i.itemCode));
  const issues = validateCatalogue({
    items: catalogue,
    departments,
    compositions: [composition],
  }).filter(
    // The whole catalogue is validated; only what this bundle uses concerns its designer. An
    // item's materials were checked against the stored material catalogue (material_types, with
    // the Studio's new materials) when it was saved, not against the shipped dictionary.
    (issue) =>
      issue.code !== 'unknownMaterial' &&
      (issue.bundleKey === input.key || issue.itemCodes?.some((code) => codes.has(code))),
  );
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw compositionRefused(input, errors);

  let bundle: Bundle;
  try {
    bundle = await composedBundle(composition, { items: catalogue });
  } catch (thrown) {
    if (thrown instanceof CatalogueError) throw compositionRefused(input, thrown.issues);
    throw thrown;
  }
  if (options.parse !== false) await parseOrRefuse(bundle.bpmn, input.key, 1);
  return { composition, bundle, warnings: issues.filter((i) => i.severity === 'warning') };
}

/**
 * 发布: checks, composes and deploys a bundle in the caller's transaction — the bundle row with its
 * composition and combined form, its items in order, and its process as the next version of the
 * key (version 1 for a new key; the same composition again deploys nothing new). Keys of bundles
 * the process library ships are refused: their composition is code and the next start would
 * seed it back.
 */
export async function publishBundle(
  trx: Knex.Transaction,
  input: CompositionInput,
  options: {
    catalogue: readonly ServiceItem[];
    userId: string;
    now: string;
    /** 重新发布 a shipped bundle from the edited catalogue (its key is otherwise refused). */
    republish?: boolean;
  },
): Promise<{ definition: ProcessDefinition; created: boolean }> {
  const departments = (await trx('departments').select('id', 'name_zh', 'name_en')).map((d) => ({
    id: d.id as string,
    name: { zh: d.name_zh as string, en: d.name_en as string },
  }));
  // deployDefinition parses it below, in this transaction, and its refusal is turned into the same 400.
  const { composition, bundle } = await checkComposition(input, options.catalogue, departments, {
    parse: false,
  });

  // One publisher of a key at a time, so the shipped-key check and the version cannot race.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`bundle:${input.key}`]);
  const existing = await trx('bundles').where({ key: input.key }).first('key', 'composition', 'sort_order');
  if (existing && existing.composition === null && !options.republish) {
    throw new ApiError('bundle_shipped', { key: input.key });
  }

  const items = composition.items.map(({ itemCode }) => options.catalogue.find((i) => i.code === itemCode)!);
  const codes = new Set(items.map((i) => i.code));
  await trx('items')
    .insert(
      items.map((item) => ({
        code: item.code,
        name_zh: item.name.zh,
        name_en: item.name.en,
        department_id: item.implementingDepartmentId,
        limits: JSON.stringify(itemLimits(item)),
      })),
    )
    .onConflict('code')
    .merge();
  // Their materials and result e-licences too, for items of a catalogue the start did not seed.
  await seedMaterialCatalogue(trx, items);

  const sortOrder =
    input.sort ??
    existing?.sort_order ??
    Number((await trx('bundles').max({ max: 'sort_order' }).first())?.max ?? -1) + 1;
  await trx('bundles')
    .insert({
      key: bundle.key,
      name_zh: bundle.name.zh,
      name_en: bundle.name.en,
      description_zh: bundle.description.zh,
      description_en: bundle.description.en,
      lead_department_id: bundle.leadDepartmentId,
      form_schema: JSON.stringify(bundle.form),
      sort_order: sortOrder,
      composition: JSON.stringify(composition),
      composed_by: options.userId,
      composed_at: options.now,
      // The catalogue versions (事项版本) this version was composed from.
      catalogue_versions: JSON.stringify(
        Object.fromEntries(
          [...(await latestItems(trx)).values()]
            .filter((stored) => codes.has(stored.code))
            .map((stored) => [stored.code, stored.version]),
        ),
      ),
    })
    .onConflict('key')
    .merge();
  await trx('bundle_items').where({ bundle_key: bundle.key }).delete();
  await trx('bundle_items').insert(
    composition.items.map(({ itemCode }, position) => ({
      bundle_key: bundle.key,
      item_code: itemCode,
      position,
    })),
  );

  try {
    return await deployDefinition(trx, bundle.key, bundle.bpmn, options.userId);
  } catch (thrown) {
    if (thrown instanceof DefinitionError) throw deploymentRefused(input.key, thrown);
    throw thrown;
  }
}

async function parseOrRefuse(xml: string, key: string, version: number): Promise<void> {
  try {
    await parseBpmn(xml, { key, version });
  } catch (thrown) {
    if (thrown instanceof DefinitionError) throw deploymentRefused(key, thrown);
    throw thrown;
  }
}

/**
 * The engine's issues with a BPMN document as refusal details: each names its element
 * (`bpmn.<elementId>`), carries the engine's stable code and says how to fix it in zh-CN and
 * English — the words the modeler's live lint shows on that element — and `problems` lists them
 * all in each language.
 */
export function engineIssueDetails(
  key: string,
  error: DefinitionError,
): { problems: Messages; details: ErrorDetail[] } {
  const described = error.issues.map(describeIssue);
  const line = (issue: DescribedIssue, language: 'zh-CN' | 'en') =>
    issue.elementId ? `${issue.elementId}: ${issue.messages[language]}` : issue.messages[language];
  return {
    problems: {
      'zh-CN': described.map((d) => line(d, 'zh-CN')).join('；'),
      en: described.map((d) => line(d, 'en')).join('; '),
    },
    details: described.map((d) => ({
      path: `bpmn.${d.elementId ?? key}`,
      message: d.messages.en,
      messages: d.messages,
      code: d.code,
    })),
  };
}

/** The engine refused a BPMN document (composed, or drawn in the modeler): a 422 per element. */
export function deploymentRefused(key: string, error: DefinitionError): ApiError {
  const { problems, details } = engineIssueDetails(key, error);
  return new ApiError('deployment_refused', { key, problems }, details);
}

/** Every problem as a 400; `details` point at the part of the request each is about. */
function compositionRefused(input: CompositionInput, issues: CatalogueIssue[]): ApiError {
  const details = issues.map((issue) => ({
    path: issuePath(input, issue),
    message: issue.message,
    messages: catalogueIssueMessages(issue),
  }));
  const first = details[0]!;
  return new ApiError(
    'composition_invalid',
    { key: input.key, count: details.length, problem: first.messages },
    dedupe(details),
  );
}

function issuePath(input: CompositionInput, issue: CatalogueIssue): string {
  const index = (code: string | undefined) => input.items.findIndex((i) => i.itemCode === code);
  const at = index(issue.itemCodes?.[0]);
  switch (issue.code) {
    case 'cycle':
    case 'unknownPrerequisite':
      return 'prerequisites';
    case 'invalidCondition':
      return at >= 0 ? `items.${at}.when` : 'items';
    case 'unknownField':
      // A condition reading a field the dictionary does not know.
      return at >= 0 ? `items.${at}.when` : 'items';
    case 'fieldConflict': {
      const second = index(issue.itemCodes?.[1]);
      return second >= 0 ? `items.${second}.itemCode` : 'items';
    }
    case 'promisedExceedsStatutory':
    case 'invalidLimit':
    case 'mixedLimitUnits':
      return issue.bundleKey && !issue.itemCodes?.length
        ? 'promisedLimit'
        : at >= 0
          ? `items.${at}.itemCode`
          : 'items';
    case 'missingDepartment':
    case 'unknownDepartment':
      return issue.itemCodes?.length && at >= 0 ? `items.${at}.itemCode` : 'leadDepartmentId';
    default:
      return at >= 0 ? `items.${at}.itemCode` : 'items';
  }
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

function itemLimits(item: ServiceItem): Limit[] {
  const limits: Limit[] = [];
  if (item.statutoryLimit) limits.push({ ...item.statutoryLimit, kind: 'statutory' });
  limits.push({ ...item.promisedLimit, kind: 'promised' });
  return limits;
}
