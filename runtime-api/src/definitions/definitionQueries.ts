import type { FormSchema } from '@yijian/process-library';
import type { Knex } from 'knex';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound } from '../http/errors';

/** Phases in which a case still runs (counted as running on the versions page). */
export const RUNNING_STATUSES = ['preReview', 'correction', 'inProgress'] as const;

/**
 * The version a new filing of `key` starts on: the latest one not retired; null when every version
 * is retired (or none is deployed).
 */
export async function activeVersion(db: Knex | Knex.Transaction, key: string): Promise<number | null> {
  const row = await db('process_definitions')
    .where({ key })
    .whereNull('retired_at')
    .orderBy('version', 'desc')
    .first('version');
  return (row?.version as number | undefined) ?? null;
}

/** What the definitions' audit trail records. */
export const CHANGE_ACTIONS = [
  'retired',
  'restored',
  'draft.created',
  'draft.imported',
  'draft.saved',
  'draft.deleted',
  'cases.migrated',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One line of the definitions' audit trail (append-only). */
export async function recordChange(
  db: Knex | Knex.Transaction,
  change: {
    bundleKey: string;
    version?: number | null;
    action: ChangeAction;
    actor: AuthUser;
    at: string;
    reason?: string | null;
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  await db('definition_changes').insert({
    bundle_key: change.bundleKey,
    version: change.version ?? null,
    action: change.action,
    actor_id: change.actor.id,
    at: change.at,
    reason: change.reason ?? null,
    payload: JSON.stringify(change.payload ?? {}),
  });
}

/** Who retired a bundle or a version, when and why (026); all null while it is offered. */
interface RetirementColumns {
  retired_at: Date | null;
  retired_by_name: string | null;
  retire_reason: string | null;
}

/** A bundle with its lifecycle counts, as {@link definitionSummaries} reads it. */
interface BundleSummaryRow extends RetirementColumns {
  key: string;
  name_zh: string;
  name_en: string;
  composition: unknown;
  latest_version: number | null;
  active_version: number | null;
  running: number;
  drafts: number;
}

/** A deployed version with who deployed it and its running cases. */
interface VersionRow extends RetirementColumns {
  version: number;
  deployed_at: Date;
  deployed_by_name: string | null;
  running: number;
}

/** An audited lifecycle change (`definition_changes`) with the actor's name. */
interface ChangeRow {
  id: string | number;
  action: ChangeAction;
  version: number | null;
  actor_name: string | null;
  at: Date;
  reason: string | null;
  payload: Record<string, unknown>;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

function retirementOf(row: RetirementColumns) {
  return row.retired_at
    ? { at: iso(row.retired_at)!, by: row.retired_by_name ?? null, reason: row.retire_reason ?? null }
    : null;
}

/** Every bundle with its lifecycle: retired or not, versions, running cases, drafts. */
export async function definitionSummaries(db: Knex, key?: string) {
  const query = db('bundles as b')
    .leftJoin('users as u', 'u.id', 'b.retired_by')
    .orderBy('b.sort_order')
    .select(
      'b.key',
      'b.name_zh',
      'b.name_en',
      'b.composition',
      'b.retired_at',
      'b.retire_reason',
      'u.display_name as retired_by_name',
      db.raw('(select max(version) from process_definitions pd where pd.key = b.key) as latest_version'),
      db.raw(
        '(select max(version) from process_definitions pd where pd.key = b.key and pd.retired_at is null) as active_version',
      ),
      db.raw(
        `(select count(*) from cases c where c.definition_key = b.key and c.status in ('preReview','correction','inProgress'))::int as running`,
      ),
      db.raw('(select count(*) from definition_drafts d where d.bundle_key = b.key)::int as drafts'),
    );
  if (key) query.where('b.key', key);
  const rows: BundleSummaryRow[] = await query;
  return rows.map((row) => ({
    key: row.key,
    name: { zh: row.name_zh, en: row.name_en },
    shipped: row.composition === null,
    retired: retirementOf(row),
    latestVersion: Number(row.latest_version ?? 0),
    activeVersion: row.active_version === null ? null : Number(row.active_version),
    runningCases: Number(row.running),
    drafts: Number(row.drafts),
  }));
}

/** A bundle's deployed versions, newest first, each with its running cases. */
export async function definitionVersions(db: Knex, key: string) {
  const [summary] = await definitionSummaries(db, key);
  if (!summary) throw notFound('bundle', key);
  const rows: VersionRow[] = await db('process_definitions as pd')
    .leftJoin('users as d', 'd.id', 'pd.deployed_by')
    .leftJoin('users as r', 'r.id', 'pd.retired_by')
    .where('pd.key', key)
    .orderBy('pd.version', 'desc')
    .select(
      'pd.version',
      'pd.deployed_at',
      'pd.retired_at',
      'pd.retire_reason',
      'd.display_name as deployed_by_name',
      'r.display_name as retired_by_name',
      db.raw(
        `(select count(*) from cases c where c.definition_key = pd.key and c.definition_version = pd.version
          and c.status in ('preReview','correction','inProgress'))::int as running`,
      ),
    );
  return {
    ...summary,
    versions: rows.map((row) => ({
      version: row.version as number,
      deployedAt: iso(row.deployed_at)!,
      deployedBy: (row.deployed_by_name as string | null) ?? null,
      retired: retirementOf(row),
      runningCases: Number(row.running),
      startsNewCases: summary.retired === null && summary.activeVersion === row.version,
    })),
  };
}

/**
 * 撤下 / 恢复 a whole bundle (version null) or one version, audited. Retiring takes the bundle out
 * of applicants' lists and refuses new filings; running cases are not touched.
 */
export async function setRetired(
  trx: Knex.Transaction,
  input: {
    key: string;
    version: number | null;
    retire: boolean;
    reason: string;
    user: AuthUser;
    now: string;
  },
): Promise<void> {
  const what =
    input.version === null
      ? { 'zh-CN': `一件事 ${input.key}`, en: `Bundle ${input.key}` }
      : { 'zh-CN': `${input.key} 第 ${input.version} 版`, en: `${input.key} v${input.version}` };
  const table = input.version === null ? 'bundles' : 'process_definitions';
  const where = input.version === null ? { key: input.key } : { key: input.key, version: input.version };
  const row = await trx(table).where(where).forUpdate().first('retired_at');
  if (!row) {
    throw input.version === null
      ? notFound('bundle', input.key)
      : notFound('process', `${input.key} v${input.version}`);
  }
  if (input.retire && row.retired_at) throw new ApiError('already_retired', { what });
  if (!input.retire && !row.retired_at) throw new ApiError('not_retired', { what });
  await trx(table)
    .where(where)
    .update(
      input.retire
        ? { retired_at: input.now, retired_by: input.user.id, retire_reason: input.reason }
        : { retired_at: null, retired_by: null, retire_reason: null },
    );
  await recordChange(trx, {
    bundleKey: input.key,
    version: input.version,
    action: input.retire ? 'retired' : 'restored',
    actor: input.user,
    at: input.now,
    reason: input.reason,
  });
}

/** The audited lifecycle changes of a bundle, newest first (the last 200). */
export async function definitionChanges(db: Knex, key: string) {
  const rows: ChangeRow[] = await db('definition_changes as c')
    .leftJoin('users as u', 'u.id', 'c.actor_id')
    .where('c.bundle_key', key)
    .orderBy('c.id', 'desc')
    .limit(200)
    .select('c.*', 'u.display_name as actor_name');
  return rows.map((row) => ({
    id: String(row.id),
    action: row.action,
    version: row.version ?? null,
    actor: row.actor_name ?? null,
    at: iso(row.at)!,
    reason: row.reason ?? null,
    payload: row.payload,
  }));
}

/** The BPMN XML of one deployed version, or undefined when it is not deployed. */
export async function deployedBpmn(
  db: Knex | Knex.Transaction,
  key: string,
  version: number,
): Promise<string | undefined> {
  const row: { bpmn_xml: string } | undefined = await db('process_definitions')
    .where({ key, version })
    .first('bpmn_xml');
  return row?.bpmn_xml;
}

/** Which of these versions of `key` are deployed. */
export function deployedVersions(
  db: Knex | Knex.Transaction,
  key: string,
  versions: readonly number[],
): Promise<number[]> {
  return db('process_definitions').where({ key }).whereIn('version', versions).pluck('version');
}

/** The combined form a bundle files with, or null when it has none (or no bundle is stored). */
export async function bundleFormSchema(db: Knex | Knex.Transaction, key: string): Promise<FormSchema | null> {
  const row: { form_schema: FormSchema | null } | undefined = await db('bundles')
    .where({ key })
    .first('form_schema');
  return row?.form_schema ?? null;
}
