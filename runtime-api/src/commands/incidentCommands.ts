import type { CaseRow } from '@yijian/db';
import {
  type CaseSnapshot,
  DefinitionError,
  migrateSnapshot,
  readCase,
  type Variables,
} from '@yijian/engine';
import type { FormSchema } from '@yijian/process-library';
import type { Knex } from 'knex';
import { formValidator } from '../catalogue/formValidator';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound, stateName } from '../http/errors';
import { parse } from '../http/validate';
import { resolveIncident } from '../incidents/incidentQueries';
import { incidentRows } from '../incidents/openIncidents';
import { presentIncidents } from '../incidents/presentIncidents';
import { rearmFailedJob } from '../jobs/jobFailures';
import { applyCaseEvent } from './applyCaseEvent';
import { appendCaseEvent } from './caseEvents';

/** Phases in which a case still runs: only these can be repaired or moved. */
const RUNNING_PHASES = ['preReview', 'correction', 'inProgress'];

/** The case row a repair locks, with its bundle's form. */
type RepairedCase = Omit<CaseRow, 'snapshot'> & { snapshot: CaseSnapshot; form_schema: FormSchema };

/** Locks the case row first, as every command does, so repairs queue up behind other commands. */
async function lockCase(trx: Knex.Transaction, caseId: string): Promise<RepairedCase> {
  const kase: RepairedCase | undefined = await trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where('c.id', caseId)
    .forUpdate('c')
    .first('c.*', 'b.form_schema');
  if (!kase) throw notFound('case', caseId);
  return kase;
}

/** One changed case variable as the audit log keeps it. */
export interface VariableChange {
  name: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Applies an admin's variable edits to the case's form answers (for keys the form has) and returns
 * what changed, before and after. Each edited answer is checked against its own field's rules, as
 * the applicant's was; the rest of the form is not re-checked, since a repair may make an item apply
 * whose answers were never asked (its department asks for them). The engine merges the same values
 * with the retry.
 */
async function editVariables(
  ctx: AppContext,
  trx: Knex.Transaction,
  kase: RepairedCase,
  variables: Variables,
): Promise<VariableChange[]> {
  const definition = await ctx.definitions.get(kase.definition_key, kase.definition_version, trx);
  const current = readCase(definition, kase.snapshot).context.tokens.variables;
  const changes = Object.entries(variables)
    .filter(([name, after]) => !same(current[name], after))
    .map(([name, after]) => ({ name, before: current[name] ?? null, after }));
  const schema = kase.form_schema;
  const edited = new Map(changes.map((c) => [c.name, c.after]));
  const fields = schema.components.filter((f) => edited.has(f.key));
  if (fields.length > 0) {
    // The edited fields alone, never hidden: null clears an optional answer, not a required one.
    const own = formValidator({
      ...schema,
      components: fields.map(({ conditional: _hidden, ...field }) => field),
    });
    const values = Object.fromEntries(
      fields.filter((f) => edited.get(f.key) !== null).map((f) => [f.key, edited.get(f.key)]),
    );
    const valid = parse(own, values, 'variables');
    const answers: Record<string, unknown> = { ...kase.form_data };
    for (const f of fields) {
      if (f.key in valid) answers[f.key] = valid[f.key];
      else delete answers[f.key];
    }
    // The audit log and the engine get the value as the form keeps it (e.g. trimmed text).
    const formKeys = new Set(fields.map((f) => f.key));
    for (const c of changes) if (formKeys.has(c.name)) c.after = valid[c.name] ?? null;
    await trx('cases')
      .where({ id: kase.id })
      .update({ form_data: JSON.stringify(answers) });
  }
  return changes;
}

/** The incident as the operator sees it after the command, resolved or still open. */
async function incidentView(ctx: AppContext, trx: Knex.Transaction, incidentId: string) {
  const rows = await incidentRows(trx).where('i.id', incidentId);
  const [view] = await presentIncidents(trx, ctx.definitions, rows);
  return view!;
}

/**
 * Retries an open incident (Camunda Operate's "retry"): the reason and any variable edits go to the
 * audit log first (`case.variablesEdited`, before/after per variable), then an engine incident's
 * parked step runs again (`incident.retry`) or a failed job is armed again. A retry that fails once
 * more keeps the incident open with one attempt more; the answer says which.
 */
export async function retryIncident(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; incidentId: string; reason: string; variables?: Variables },
) {
  const kase = await lockCase(trx, input.caseId);
  const incident = await trx('incidents')
    .where({ id: input.incidentId, case_id: kase.id })
    .forUpdate()
    .first('id', 'key', 'source', 'element_id', 'status', 'attempts');
  if (!incident) throw notFound('incident', input.incidentId);
  if (incident.status !== 'open') throw new ApiError('incident_not_open', { id: String(incident.id) });
  const variables = input.variables ?? {};
  if (incident.source === 'job' && Object.keys(variables).length > 0) {
    throw new ApiError('variables_not_applicable', {}, [
      {
        path: 'variables',
        message: 'leave out for a job incident',
        messages: { 'zh-CN': '后台任务故障不能修改变量，请去掉此项', en: 'leave out for a job incident' },
      },
    ]);
  }
  const now = await ctx.now(trx);
  const actorId = input.user.id;
  const incidentId = String(incident.id);
  const changes = await editVariables(ctx, trx, kase, variables);
  if (changes.length > 0) {
    await appendCaseEvent(trx, kase.id, {
      type: 'case.variablesEdited',
      at: now,
      actorId,
      elementId: incident.element_id,
      payload: { incidentId, reason: input.reason, changes },
    });
  }
  await appendCaseEvent(trx, kase.id, {
    type: 'incident.retried',
    at: now,
    actorId,
    elementId: incident.element_id,
    payload: { incidentId, key: incident.key, reason: input.reason, attempt: incident.attempts + 1 },
  });
  if (incident.source === 'job') {
    const jobKey = String(incident.key).replace(/^job:/, '');
    if (!(await rearmFailedJob(trx, kase.id, jobKey))) throw new ApiError('job_gone', { job: jobKey });
    // The job runs again from the queue; if it fails its attempts again, a new incident opens.
    await resolveIncident(trx, {
      caseId: kase.id,
      key: incident.key,
      at: now,
      by: actorId,
      resolution: 'retried',
    });
    await appendCaseEvent(trx, kase.id, {
      type: 'incident.resolved',
      at: now,
      actorId,
      elementId: incident.element_id,
      payload: { incidentId, key: incident.key, resolution: 'retried' },
    });
  } else {
    await applyCaseEvent(ctx, trx, {
      caseId: kase.id,
      now,
      actorId,
      event: {
        type: 'incident.retry',
        actorId,
        key: incident.key,
        ...(changes.length > 0
          ? { variables: Object.fromEntries(changes.map((c) => [c.name, c.after])) }
          : {}),
      },
    });
  }
  return incidentView(ctx, trx, incidentId);
}

/**
 * 版本迁移: moves a running case to a newer deployed version of its process, e.g. one whose broken
 * condition was fixed, so that a retry then runs the fixed model. The engine checks that every
 * element holding a token exists alike in the target; a refusal names each element (422).
 */
export async function migrateCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; toVersion: number; reason: string },
): Promise<void> {
  const kase = await lockCase(trx, input.caseId);
  if (!RUNNING_PHASES.includes(kase.status))
    throw new ApiError('case_not_running', { status: stateName(kase.status) });
  const fromVersion: number = kase.definition_version;
  if (input.toVersion <= fromVersion) {
    throw new ApiError('migration_not_newer', { from: fromVersion }, [
      { path: 'toVersion', message: `must be greater than ${fromVersion}` },
    ]);
  }
  const deployed = await trx('process_definitions')
    .where({ key: kase.definition_key, version: input.toVersion })
    .first('version');
  if (!deployed) throw notFound('process', `${kase.definition_key} v${input.toVersion}`);
  // One after another on the transaction's one connection.
  const from = await ctx.definitions.get(kase.definition_key, fromVersion, trx);
  const to = await ctx.definitions.get(kase.definition_key, input.toVersion, trx);
  let snapshot: ReturnType<typeof migrateSnapshot>;
  try {
    snapshot = migrateSnapshot(from, to, kase.snapshot);
  } catch (error) {
    if (!(error instanceof DefinitionError)) throw error;
    throw new ApiError(
      'migration_refused',
      {
        from: fromVersion,
        to: input.toVersion,
        count: error.issues.length,
        problems: error.issues
          .map((issue) => `${issue.elementId ?? '(process)'}: ${issue.message}`)
          .join('; '),
      },
      error.issues.map((issue) => ({ path: issue.elementId ?? '(process)', message: issue.message })),
    );
  }
  await trx('cases')
    .where({ id: kase.id })
    .update({
      snapshot: JSON.stringify(snapshot),
      definition_version: input.toVersion,
      version: kase.version + 1,
    });
  await appendCaseEvent(trx, kase.id, {
    type: 'case.migrated',
    at: await ctx.now(trx),
    actorId: input.user.id,
    payload: { key: kase.definition_key, fromVersion, toVersion: input.toVersion, reason: input.reason },
  });
}
