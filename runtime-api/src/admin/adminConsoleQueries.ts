import type { Knex } from 'knex';
import type { NoticeDay } from '../calendar/parseCalendarNotice';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { readWarningPolicy } from '../deadlines/warningPolicy';

/** Department systems' API keys, newest first, with the department and who issued each. */
export async function apiKeyList(knex: Knex) {
  const rows = await knex('api_keys as k')
    .join('users as s', 's.id', 'k.user_id')
    .leftJoin('users as by', 'by.id', 'k.created_by')
    .orderBy('k.created_at', 'desc')
    .limit(500)
    .select(
      'k.id',
      'k.name',
      's.username',
      's.department_id',
      'by.display_name as created_by_name',
      'k.created_at',
      'k.revoked_at',
    );
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    username: r.username as string,
    departmentId: r.department_id as string,
    createdBy: (r.created_by_name ?? null) as string | null,
    createdAt: new Date(r.created_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  }));
}

/** The warning policy in force for every item (its steps) and bundle (the case clock), defaults filled in. */
export async function warningPolicies(knex: Knex) {
  const [items, bundles] = await Promise.all([
    knex('items').orderBy('code').select('code', 'name_zh', 'name_en', 'department_id', 'warning_policy'),
    knex('bundles').orderBy('key').select('key', 'name_zh', 'name_en', 'warning_policy'),
  ]);
  const isDefault = (stored: unknown) =>
    !stored || (typeof stored === 'object' && Object.keys(stored as object).length === 0);
  return {
    items: items.map((i) => ({
      code: i.code as string,
      name: { zh: i.name_zh as string, en: i.name_en as string },
      departmentId: i.department_id as string,
      policy: readWarningPolicy(i.warning_policy),
      isDefault: isDefault(i.warning_policy),
    })),
    bundles: bundles.map((b) => ({
      key: b.key as string,
      name: { zh: b.name_zh as string, en: b.name_en as string },
      policy: readWarningPolicy(b.warning_policy),
      isDefault: isDefault(b.warning_policy),
    })),
  };
}

/**
 * What loading a notice would change, before it is loaded: the days it adds, removes or renames
 * against the stored ones, and how many open deadlines fall on or after the first changed day in
 * the region (those the load would count again).
 */
export async function previewCalendarNotice(
  knex: Knex,
  input: { region: string; year: number; days: NoticeDay[] },
) {
  const stored: NoticeDay[] = (
    await knex('calendar_days')
      .where({ region: input.region })
      .whereBetween('date', [`${input.year}-01-01`, `${input.year}-12-31`])
      .orderBy('date')
      .select(knex.raw(`to_char(date, 'YYYY-MM-DD') as date`), 'kind', 'name')
  ).map((d: NoticeDay) => ({ date: d.date, kind: d.kind, name: d.name }));
  const before = new Map(stored.map((d) => [d.date, d]));
  const after = new Map(input.days.map((d) => [d.date, d]));
  const added = input.days.filter((d) => !before.has(d.date));
  const removed = stored.filter((d) => !after.has(d.date));
  const changed = input.days
    .filter((d) => {
      const old = before.get(d.date);
      return old && (old.kind !== d.kind || old.name !== d.name);
    })
    .map((d) => ({ date: d.date, before: before.get(d.date)!, after: d }));
  const firstChange = [...added, ...removed, ...changed.map((c) => c.after)].map((d) => d.date).sort()[0] ?? null;
  let openDeadlines = 0;
  if (firstChange) {
    // A national notice moves every case's deadlines; a region's only the cases counted in it.
    const inRegion = (q: Knex.QueryBuilder, column: string) =>
      input.region === NATIONAL_REGION ? q : q.where(column, input.region);
    const [cases, steps] = await Promise.all([
      inRegion(
        knex('cases as c').whereIn('c.status', ['preReview', 'correction', 'inProgress']).where('c.due_date', '>=', firstChange),
        'c.calendar_region',
      ).count<{ n: string }[]>({ n: '*' }),
      inRegion(
        knex('tasks as t')
          .join('cases as c', 'c.id', 't.case_id')
          .whereIn('t.status', ['open', 'claimed'])
          .where('t.due_date', '>=', firstChange),
        'c.calendar_region',
      ).count<{ n: string }[]>({ n: '*' }),
    ]);
    openDeadlines = Number(cases[0]?.n ?? 0) + Number(steps[0]?.n ?? 0);
  }
  return { region: input.region, year: input.year, added, removed, changed, firstChange, openDeadlines };
}
