import type { Knex } from 'knex';

/** Reads and small writes of the calendar tables that the calendar routes present. */

/** Open notices for administrators (a year not loaded, a calendar change), newest first. */
export function openAdminNotifications(db: Knex): Promise<
  {
    id: string | number;
    kind: string;
    title_zh: string;
    title_en: string;
    detail: Record<string, unknown>;
    created_at: Date;
  }[]
> {
  return db('admin_notifications')
    .whereNull('resolved_at')
    .orderBy('created_at', 'desc')
    .limit(50)
    .select('id', 'kind', 'title_zh', 'title_en', 'detail', 'created_at');
}

/** Sets the calendar region of a department (null = national); undefined for an unknown department. */
export async function setDepartmentRegion(
  db: Knex,
  departmentId: string,
  region: string | null,
): Promise<{ id: string; region: string | null } | undefined> {
  const [row] = await db('departments')
    .where({ id: departmentId })
    .update({ region })
    .returning(['id', 'region']);
  return row;
}

/** One year's rest days and make-up working days of a region, by date. */
export function calendarDaysOfYear(
  db: Knex,
  region: string,
  year: number,
): Promise<{ date: string; kind: 'rest' | 'makeUpWork'; name: string }[]> {
  return db('calendar_days')
    .where({ region })
    .whereBetween('date', [`${year}-01-01`, `${year}-12-31`])
    .orderBy('date')
    .select('date', 'kind', 'name');
}

/** Whether the national notice of a year is loaded, and from where. */
export function nationalYearLoaded(db: Knex, year: number): Promise<{ source: string } | undefined> {
  return db('calendar_years').where({ region: 'CN', year }).first('source');
}

/** The latest calendar changes, newest first. */
export function recentCalendarChanges(db: Knex): Promise<
  {
    id: string | number;
    region: string;
    year: number;
    changed_by: string | null;
    changed_at: Date;
    source: string;
    before: unknown[];
    after: unknown[];
    recomputed_deadlines: number;
  }[]
> {
  return db('calendar_changes as c').orderBy('c.id', 'desc').limit(200).select('c.*');
}
