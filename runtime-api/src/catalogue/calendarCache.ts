import { createWorkCalendar, type WorkCalendar } from '@yijian/engine';
import type { Knex } from 'knex';

/**
 * The national working-day calendar, read from `calendar_days`. It changes about once a year, so
 * it is cached per process and reloaded when an admin loads a notice.
 */
export class CalendarCache {
  private calendar: WorkCalendar | null = null;

  constructor(private readonly knex: Knex) {}

  async get(): Promise<WorkCalendar> {
    if (!this.calendar) this.calendar = await this.load();
    return this.calendar;
  }

  invalidate(): void {
    this.calendar = null;
  }

  private async load(): Promise<WorkCalendar> {
    const [days, years] = await Promise.all([
      this.knex('calendar_days').where({ region: 'CN' }).select('date', 'kind'),
      this.knex('calendar_years').where({ region: 'CN' }).select('year'),
    ]);
    return createWorkCalendar({
      restDays: days.filter((d) => d.kind === 'rest').map((d) => d.date as string),
      makeUpWorkDays: days.filter((d) => d.kind === 'makeUpWork').map((d) => d.date as string),
      coveredYears: years.map((y) => y.year as number),
    });
  }
}
