import { DefinitionError, migrateSnapshot } from '@yijian/engine';
import { migrateCase } from '../commands/incidentCommands';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError, notFound } from '../http/errors';
import { RUNNING_STATUSES, recordChange } from './definitionQueries';

/** Cases one request moves at most; `more` says to run it again. */
export const BULK_MIGRATION_LIMIT = 500;

interface CaseRef {
  caseId: string;
  caseNumber: string;
}
type Refusal = CaseRef & { problems: { elementId: string | null; message: string }[] };

/**
 * 批量版本迁移: the running cases of `fromVersion` to `toVersion`, each where the engine's
 * `migrateSnapshot` allows it, each refused with the engine's reasons where it does not. A dry
 * run only says which would move; applying moves each case in its own transaction (locked, audited
 * on the case as `case.migrated`), so one refusal never holds back the others.
 */
export async function bulkMigrate(
  ctx: AppContext,
  input: {
    key: string;
    fromVersion: number;
    toVersion: number;
    reason: string;
    dryRun: boolean;
    user: AuthUser;
  },
) {
  if (input.toVersion <= input.fromVersion) {
    throw new ApiError('migration_not_newer', { from: input.fromVersion }, [
      { path: 'toVersion', message: `must be greater than ${input.fromVersion}` },
    ]);
  }
  const deployed = await ctx
    .knex('process_definitions')
    .where({ key: input.key })
    .whereIn('version', [input.fromVersion, input.toVersion])
    .pluck('version');
  for (const version of [input.fromVersion, input.toVersion]) {
    if (!deployed.includes(version)) throw notFound('process', `${input.key} v${version}`);
  }
  const [from, to] = await Promise.all([
    ctx.definitions.get(input.key, input.fromVersion),
    ctx.definitions.get(input.key, input.toVersion),
  ]);
  const rows = await ctx
    .knex('cases')
    .where({ definition_key: input.key, definition_version: input.fromVersion })
    .whereIn('status', RUNNING_STATUSES)
    .orderBy('filed_at')
    .limit(BULK_MIGRATION_LIMIT + 1)
    .select('id', 'case_number', 'snapshot');
  const more = rows.length > BULK_MIGRATION_LIMIT;
  const moved: CaseRef[] = [];
  const refused: Refusal[] = [];
  for (const row of rows.slice(0, BULK_MIGRATION_LIMIT)) {
    const ref = { caseId: row.id as string, caseNumber: row.case_number as string };
    if (input.dryRun) {
      try {
        migrateSnapshot(from, to, row.snapshot);
        moved.push(ref);
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        refused.push({
          ...ref,
          problems: error.issues.map((i) => ({ elementId: i.elementId, message: i.message })),
        });
      }
      continue;
    }
    try {
      await ctx.knex.transaction((trx) =>
        migrateCase(ctx, trx, {
          user: input.user,
          caseId: ref.caseId,
          toVersion: input.toVersion,
          reason: input.reason,
        }),
      );
      moved.push(ref);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refused.push({
        ...ref,
        problems:
          error.code === 'migration_refused' && error.details
            ? error.details.map((d) => ({
                elementId: d.path === '(process)' ? null : d.path,
                message: d.message,
              }))
            : // Concluded or moved meanwhile: said in its own words.
              [{ elementId: null, message: error.messages.en }],
      });
    }
  }
  if (!input.dryRun) {
    await recordChange(ctx.knex, {
      bundleKey: input.key,
      version: input.fromVersion,
      action: 'cases.migrated',
      actor: input.user,
      at: await ctx.now(),
      reason: input.reason,
      payload: {
        toVersion: input.toVersion,
        moved: moved.map((c) => c.caseNumber),
        refused: refused.map((c) => c.caseNumber),
      },
    });
  }
  return {
    key: input.key,
    fromVersion: input.fromVersion,
    toVersion: input.toVersion,
    dryRun: input.dryRun,
    moved,
    refused,
    more,
  };
}
