import { DefinitionError, parseBpmn } from '@yijian/engine';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { type CompositionInput, engineIssueDetails } from '../catalogue/publishBundle';
import type { AuthUser } from '../http/auth';
import { ApiError, invalidField, notFound } from '../http/errors';
import type { RowsQuery } from '../sql/caseQueries';
import { recordChange } from './definitionQueries';
import type { draftSchema, draftUpdateBody, newDraftBody } from './definitionSchemas';

/** A saved draft (`definition_drafts`, 026) with the name of who saved it last. */
interface DraftRow {
  id: string;
  bundle_key: string;
  kind: 'composition' | 'bpmn';
  name: string;
  composition: unknown;
  bpmn_xml: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by_name: string | null;
}

const iso = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();

function present(row: DraftRow): z.input<typeof draftSchema> {
  return {
    id: row.id,
    bundleKey: row.bundle_key,
    kind: row.kind,
    name: row.name,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by_name ?? null,
    composition: (row.composition as CompositionInput | null) ?? null,
    bpmn: row.bpmn_xml ?? null,
  };
}

const withNames = (db: Knex | Knex.Transaction): RowsQuery<DraftRow> =>
  db('definition_drafts as d')
    .leftJoin('users as u', 'u.id', 'd.updated_by')
    .select('d.*', 'u.display_name as updated_by_name');

/**
 * A BPMN document the engine must be able to run, as a deployment would check it; a refusal is a
 * 400 naming each element (`details[].path` = `bpmn.<elementId>`) with the engine's code and how
 * to fix it in zh-CN and English.
 */
export async function checkBpmn(xml: string, key: string): Promise<void> {
  try {
    await parseBpmn(xml, { key, version: 1 });
  } catch (thrown) {
    if (!(thrown instanceof DefinitionError)) throw thrown;
    const { problems, details } = engineIssueDetails(key, thrown);
    throw new ApiError('bpmn_refused', { count: thrown.issues.length, problems }, details);
  }
}

function keyMatches(key: string, composition: CompositionInput | undefined): void {
  if (composition && composition.key !== key) {
    throw invalidField('composition.key', {
      'zh-CN': `草稿属于一件事 ${key}，组合的标识须相同`,
      en: `the draft belongs to bundle ${key}; the composition's key must be the same`,
    });
  }
}

export async function listDrafts(db: Knex, key: string) {
  const rows = await withNames(db).where('d.bundle_key', key).orderBy('d.updated_at', 'desc');
  return rows.map((row) => {
    const { composition: _c, bpmn: _b, ...summary } = present(row);
    return summary;
  });
}

export async function getDraft(db: Knex | Knex.Transaction, id: string) {
  const row = await withNames(db).where('d.id', id).first();
  if (!row) throw notFound('draft', id);
  return present(row);
}

/** Saves a new draft of bundle `key` (the bundle need not exist yet); a BPMN one is checked by the engine. */
export async function createDraft(
  trx: Knex.Transaction,
  input: { key: string; body: z.output<typeof newDraftBody>; user: AuthUser; now: string },
) {
  const { body } = input;
  if (body.kind === 'bpmn') await checkBpmn(body.bpmn, input.key);
  else keyMatches(input.key, body.composition);
  const [row] = await trx('definition_drafts')
    .insert({
      bundle_key: input.key,
      kind: body.kind,
      name: body.name,
      composition: body.kind === 'composition' ? JSON.stringify(body.composition) : null,
      bpmn_xml: body.kind === 'bpmn' ? body.bpmn : null,
      created_by: input.user.id,
      created_at: input.now,
      updated_by: input.user.id,
      updated_at: input.now,
    })
    .returning('id');
  await recordChange(trx, {
    bundleKey: input.key,
    action: body.kind === 'bpmn' ? 'draft.imported' : 'draft.created',
    actor: input.user,
    at: input.now,
    payload: { draftId: row.id, name: body.name, kind: body.kind },
  });
  return getDraft(trx, row.id);
}

/**
 * Saves over a draft, only if nobody saved it since `updatedAt` (the version it was opened with);
 * otherwise 409 `draft_changed` and nothing is written.
 */
export async function updateDraft(
  trx: Knex.Transaction,
  input: { id: string; body: z.output<typeof draftUpdateBody>; user: AuthUser; now: string },
) {
  const row = await trx('definition_drafts').where({ id: input.id }).forUpdate().first();
  if (!row) throw notFound('draft', input.id);
  if (iso(row.updated_at) !== iso(input.body.updatedAt)) {
    throw new ApiError('draft_changed', { updatedAt: iso(row.updated_at) });
  }
  const { body } = input;
  if (body.bpmn !== undefined && row.kind !== 'bpmn') {
    throw invalidField('bpmn', {
      'zh-CN': '这是组合草稿，不能保存 BPMN',
      en: 'this is a composition draft, not a BPMN one',
    });
  }
  if (body.composition !== undefined && row.kind !== 'composition') {
    throw invalidField('composition', {
      'zh-CN': '这是 BPMN 草稿，不能保存组合',
      en: 'this is a BPMN draft, not a composition one',
    });
  }
  if (body.bpmn !== undefined) await checkBpmn(body.bpmn, row.bundle_key);
  keyMatches(row.bundle_key, body.composition);
  // Never the same instant twice, or a save in the same millisecond would not look stale.
  const updatedAt = new Date(
    Math.max(Date.parse(input.now), Date.parse(iso(row.updated_at)) + 1),
  ).toISOString();
  await trx('definition_drafts')
    .where({ id: input.id })
    .update({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.composition !== undefined ? { composition: JSON.stringify(body.composition) } : {}),
      ...(body.bpmn !== undefined ? { bpmn_xml: body.bpmn } : {}),
      updated_by: input.user.id,
      updated_at: updatedAt,
    });
  await recordChange(trx, {
    bundleKey: row.bundle_key,
    action: 'draft.saved',
    actor: input.user,
    at: input.now,
    payload: { draftId: input.id },
  });
  return getDraft(trx, input.id);
}

export async function deleteDraft(trx: Knex.Transaction, input: { id: string; user: AuthUser; now: string }) {
  const row = await trx('definition_drafts').where({ id: input.id }).forUpdate().first('bundle_key', 'name');
  if (!row) throw notFound('draft', input.id);
  await trx('definition_drafts').where({ id: input.id }).delete();
  await recordChange(trx, {
    bundleKey: row.bundle_key,
    action: 'draft.deleted',
    actor: input.user,
    at: input.now,
    payload: { draftId: input.id, name: row.name },
  });
}
