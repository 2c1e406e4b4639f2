import { shanghaiDate, type WorkCalendar, workingDaysBetween } from '@yijian/engine';
import type { Knex } from 'knex';

interface FinishedGroup {
  key: string;
  name_zh: string;
  name_en: string;
  month: string;
  start_date: string;
  end_date: string;
  limit_value: number | null;
  limit_unit: string | null;
  finished: number;
  on_time: number;
}

/** The last `months` calendar months up to `now`'s, oldest first, as YYYY-MM (Asia/Shanghai). */
export function monthsUpTo(now: string, months: number): string[] {
  const [year, month] = shanghaiDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: months }, (_, i) => {
    const m = year * 12 + (month - 1) - (months - 1 - i);
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * 按时办结率 and working days used against the limit, per item or department and month, over the
 * items that finished (case_items completed). On time: finished by the item clock's due time.
 * Working days are counted under `calendar` from the clock's start date to the finishing day, in
 * groups of equal start and end day, so the cost is the number of distinct day pairs, not of items.
 */
export async function monitorPerformance(
  knex: Knex,
  calendar: WorkCalendar,
  now: string,
  input: { by: 'item' | 'department'; months: number },
) {
  const months = monthsUpTo(now, input.months);
  const from = `${months[0]}-01`;
  const keyColumn = input.by === 'item' ? 'ci.item_code' : 'i.department_id';
  const groups: FinishedGroup[] = await knex('case_items as ci')
    .join('items as i', 'i.code', 'ci.item_code')
    .modify((q) => {
      if (input.by === 'department') q.join('departments as d', 'd.id', 'i.department_id');
    })
    .where('ci.status', 'completed')
    .whereRaw(`ci.ended_at >= (?::date)::timestamp at time zone 'Asia/Shanghai'`, [from])
    .groupByRaw(`1, 2, 3, 4, 5, 6, 7, 8`)
    .select(
      knex.raw(`${keyColumn} as key`),
      knex.raw(input.by === 'item' ? 'i.name_zh' : 'd.name_zh'),
      knex.raw(input.by === 'item' ? 'i.name_en' : 'd.name_en'),
      knex.raw(`to_char(ci.ended_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month`),
      knex.raw(`to_char(ci.due_start_date, 'YYYY-MM-DD') as start_date`),
      knex.raw(`to_char(ci.ended_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as end_date`),
      knex.raw(`(ci.due_limit->>'value')::int as limit_value`),
      knex.raw(`ci.due_limit->>'unit' as limit_unit`),
      knex.raw('count(*)::int as finished'),
      knex.raw('(count(*) filter (where ci.due_at is null or ci.ended_at <= ci.due_at))::int as on_time'),
    );

  const series = new Map<
    string,
    {
      key: string;
      name: { zh: string; en: string };
      byMonth: Map<
        string,
        { finished: number; onTime: number; days: number; counted: number; limit: number }
      >;
    }
  >();
  for (const g of groups) {
    let s = series.get(g.key);
    if (!s) {
      s = { key: g.key, name: { zh: g.name_zh, en: g.name_en }, byMonth: new Map() };
      series.set(g.key, s);
    }
    const m = s.byMonth.get(g.month) ?? { finished: 0, onTime: 0, days: 0, counted: 0, limit: 0 };
    m.finished += g.finished;
    m.onTime += g.on_time;
    // Working days are only comparable with a working-day limit.
    if (g.limit_unit === 'workingDays' && g.limit_value !== null) {
      const used = Math.max(0, workingDaysBetween(calendar, g.start_date, g.end_date));
      m.days += used * g.finished;
      m.limit += g.limit_value * g.finished;
      m.counted += g.finished;
    }
    s.byMonth.set(g.month, m);
  }
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    by: input.by,
    months,
    series: [...series.values()]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((s) => ({
        key: s.key,
        name: s.name,
        points: months.map((month) => {
          const m = s.byMonth.get(month);
          return {
            month,
            finished: m?.finished ?? 0,
            onTime: m?.onTime ?? 0,
            onTimeRate: m && m.finished > 0 ? m.onTime / m.finished : null,
            avgWorkingDays: m && m.counted > 0 ? round(m.days / m.counted) : null,
            avgLimitWorkingDays: m && m.counted > 0 ? round(m.limit / m.counted) : null,
          };
        }),
      })),
  };
}
