import type { WorkCalendar } from '@yijian/engine';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import type { AppContext } from '../context';

/**
 * The calendar of each row's case region, for lists that mix regions (queues, case lists): one
 * cached calendar per distinct region on the page, national when a case has none.
 */
export async function regionCalendars(
  ctx: AppContext,
  rows: readonly { calendar_region?: string | null }[],
): Promise<(row: { calendar_region?: string | null }) => WorkCalendar> {
  const regions = [...new Set(rows.map((r) => r.calendar_region ?? NATIONAL_REGION))];
  if (!regions.includes(NATIONAL_REGION)) regions.push(NATIONAL_REGION);
  const calendars = new Map(
    await Promise.all(regions.map(async (region) => [region, await ctx.calendar.get(region)] as const)),
  );
  return (row) => calendars.get(row.calendar_region ?? NATIONAL_REGION)!;
}
