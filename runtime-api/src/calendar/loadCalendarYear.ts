import { chineseDaysCalendar } from '@yijian/process-library';
import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import type { AppContext } from '../context';
import type { NoticeDay } from './parseCalendarNotice';
import { recomputeDeadlines } from './recomputeDeadlines';

interface YearLoad {
  region: string;
  year: number;
  days: NoticeDay[];
  source: string;
  /** The admin who loaded it; null for the packaged data added at start-up. */
  changedBy: string | null;
}

/**
 * Loads one year's notice for a region in one transaction: replaces that year's days, marks the
 * year covered (national notices only), records the change with before and after in the audit
 * table, and recomputes every deadline that depends on this year (see recomputeDeadlines): case,
 * item and step deadlines with their jobs, the deemed-acceptance timer, the issuance deadline and
 * the engine's clock in the snapshot.
 */
export async function loadCalendarYear(
  ctx: AppContext,
  input: YearLoad,
): Promise<{ days: number; recomputedDeadlines: number }> {
  const result = await ctx.knex.transaction(async (trx) => {
    await lockYear(trx, input.region, input.year);
    return replaceYear(ctx, trx, input);
  });
  // After the commit, through the pool: this node's next command counts with the new days.
  await ctx.calendar.reload();
  return result;
}

/**
 * Upgrades: adds the national years the packaged data (`chinese-days`) has and the database
 * lacks — a newer package brings next year's notice — each like an admin's load (deadlines
 * recomputed, audited as the package). A year already loaded, by an admin or an earlier package,
 * is never overwritten. Safe on every start and on several nodes at once. Returns the years added.
 */
export async function addPackagedCalendarYears(ctx: AppContext): Promise<number[]> {
  const packaged = chineseDaysCalendar();
  const present = new Set(
    (await ctx.knex('calendar_years').where({ region: NATIONAL_REGION }).select('year')).map(
      (r) => r.year as number,
    ),
  );
  const added: number[] = [];
  for (const year of packaged.years.filter((y) => !present.has(y))) {
    const loaded = await ctx.knex.transaction(async (trx) => {
      await lockYear(trx, NATIONAL_REGION, year);
      // Another node, or an admin, may have loaded it meanwhile: theirs stands.
      if (await trx('calendar_years').where({ region: NATIONAL_REGION, year }).first('year')) return false;
      await replaceYear(ctx, trx, {
        region: NATIONAL_REGION,
        year,
        days: packaged.days.filter((d) => d.date.startsWith(`${year}-`)),
        source: 'chinese-days (packaged)',
        changedBy: null,
      });
      return true;
    });
    if (loaded) added.push(year);
  }
  if (added.length > 0) await ctx.calendar.reload();
  return added;
}

/** One loader per region and year at a time; a second waits and then sees the first's rows. */
async function lockYear(trx: Knex.Transaction, region: string, year: number): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`calendar:${region}:${year}`]);
}

async function replaceYear(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: YearLoad,
): Promise<{ days: number; recomputedDeadlines: number }> {
  const inYear = (q: Knex.QueryBuilder) =>
    q.where({ region: input.region }).whereBetween('date', [`${input.year}-01-01`, `${input.year}-12-31`]);
  const before = await inYear(trx('calendar_days')).orderBy('date').select('date', 'kind', 'name');
  await inYear(trx('calendar_days')).delete();
  if (input.days.length > 0)
    await trx('calendar_days').insert(input.days.map((d) => ({ region: input.region, ...d })));
  if (input.region === NATIONAL_REGION) {
    await trx('calendar_years')
      .insert({ region: input.region, year: input.year, source: input.source })
      .onConflict(['region', 'year'])
      .merge(['source', 'loaded_at']);
  }
  const recomputed = await recomputeDeadlines(ctx, trx, {
    region: input.region,
    year: input.year,
    now: await ctx.now(trx),
    actorId: input.changedBy,
  });
  await trx('calendar_changes').insert({
    region: input.region,
    year: input.year,
    changed_by: input.changedBy,
    source: input.source,
    before: JSON.stringify(before),
    after: JSON.stringify(input.days),
    recomputed_deadlines: recomputed,
  });
  // The missing-notice warning for this year, if any, is answered.
  await trx('admin_notifications')
    .where({ key: `calendar.missing:${input.region}:${input.year}` })
    .whereNull('resolved_at')
    .update({ resolved_at: trx.fn.now() });
  return { days: input.days.length, recomputedDeadlines: recomputed };
}
