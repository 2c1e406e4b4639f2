import type { Knex } from 'knex';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import type { AppContext } from '../context';
import type { NoticeDay } from './parseCalendarNotice';
import { recomputeProvisionalDeadlines } from './recomputeProvisionalDeadlines';

/**
 * Loads one year's notice for a region in one transaction: replaces that year's days, marks the
 * year covered (national notices only), records the change with before and after in the audit
 * table, and recomputes every deadline that was provisional for want of this year.
 */
export async function loadCalendarYear(
  ctx: AppContext,
  input: { region: string; year: number; days: NoticeDay[]; source: string; changedBy: string },
): Promise<{ days: number; recomputedDeadlines: number }> {
  const result = await ctx.knex.transaction(async (trx) => {
    // One loader per region and year at a time; a second waits and then sees the first's rows.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`calendar:${input.region}:${input.year}`]);
    const inYear = (q: Knex.QueryBuilder) =>
      q.where({ region: input.region }).whereBetween('date', [`${input.year}-01-01`, `${input.year}-12-31`]);
    const before = await inYear(trx('calendar_days')).orderBy('date').select('date', 'kind', 'name');
    await inYear(trx('calendar_days')).delete();
    await trx('calendar_days').insert(input.days.map((d) => ({ region: input.region, ...d })));
    if (input.region === NATIONAL_REGION) {
      await trx('calendar_years')
        .insert({ region: input.region, year: input.year, source: input.source })
        .onConflict(['region', 'year'])
        .merge(['source', 'loaded_at']);
    }
    const recomputed = await recomputeProvisionalDeadlines(trx, await ctx.now(trx));
    await trx('calendar_changes').insert({
      region: input.region,
      year: input.year,
      changed_by: input.changedBy,
      source: input.source,
      before: JSON.stringify(before),
      after: JSON.stringify(input.days),
      recomputed_deadlines: recomputed,
    });
    return { days: input.days.length, recomputedDeadlines: recomputed };
  });
  // After the commit, through the pool: this node's next command counts with the new days.
  await ctx.calendar.reload();
  return result;
}
