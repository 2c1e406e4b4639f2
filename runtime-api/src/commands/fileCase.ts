import { shanghaiDate, transition } from '@yijian/engine';
import type { FormSchema } from '@yijian/process-library';
import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { formValidator } from '../catalogue/formValidator';
import type { AppContext } from '../context';
import { activeVersion } from '../definitions/definitionQueries';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { parse } from '../http/validate';
import { appendCaseEvent } from './caseEvents';
import { executeEffects } from './executeEffects';

/**
 * 申办: an applicant files one combined form for a bundle. Validates the answers against the
 * bundle's form, starts its latest process version and opens the first department tasks.
 */
export async function fileCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; bundleKey: string; form: unknown },
): Promise<{ caseId: string }> {
  // A case counts its deadlines in the region of the window that accepts it: the lead department's.
  const bundle = await trx('bundles as b')
    .leftJoin('departments as d', 'd.id', 'b.lead_department_id')
    .where('b.key', input.bundleKey)
    .first('b.key', 'b.form_schema', 'b.retired_at', 'd.region');
  if (!bundle) throw notFound('bundle', input.bundleKey);
  // 撤下: a retired bundle takes no new filings (its running cases go on).
  if (bundle.retired_at) throw new ApiError('bundle_retired', { key: bundle.key });
  const form = parse(
    formValidator(bundle.form_schema as FormSchema),
    input.form,
    'form',
    formValidator(bundle.form_schema as FormSchema, 'zh-CN'),
  );

  // A filing starts on the latest version not retired.
  const version = await activeVersion(trx, bundle.key);
  if (version === null) throw new ApiError('no_active_version', { key: bundle.key });
  // Through this transaction's connection (never wait for the pool inside a transaction), one
  // after another: pg queues concurrent queries on one connection with a deprecation warning.
  const definition = await ctx.definitions.get(bundle.key, version, trx);
  const calendar = await ctx.calendar.get(bundle.region ?? NATIONAL_REGION, trx);
  const now = await ctx.now(trx);
  const { snapshot, effects } = transition(
    definition,
    null,
    { type: 'case.file', actorId: input.user.id, variables: form },
    { now, calendar },
  );

  const seq = await trx.raw<{ rows: { n: number }[] }>(`select nextval('case_number_seq') as n`);
  // 办件编号: YJ + filing date (Shanghai) + a running number.
  const caseNumber = `YJ${shanghaiDate(now).replaceAll('-', '')}${String(seq.rows[0]!.n).padStart(6, '0')}`;
  const [row] = await trx('cases')
    .insert({
      case_number: caseNumber,
      bundle_key: bundle.key,
      definition_key: definition.key,
      definition_version: definition.version,
      applicant_id: input.user.id,
      status: snapshot.phase,
      form_data: JSON.stringify(form),
      snapshot: JSON.stringify(snapshot),
      filed_at: now,
      calendar_region: bundle.region ?? null,
    })
    .returning('id');
  const caseId = row.id as string;
  await appendCaseEvent(trx, caseId, {
    type: 'case.filed',
    at: now,
    actorId: input.user.id,
    payload: { bundleKey: bundle.key, definitionVersion: definition.version },
  });
  await executeEffects(trx, caseId, effects, { now, actorId: input.user.id, calendar, definition });
  return { caseId };
}
