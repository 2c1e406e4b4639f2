import { countWorkingDays } from '../calendar/addWorkingDays';
import { shanghaiDate, type WorkCalendar } from '../calendar/workCalendar';

export type WarningLight = 'green' | 'yellow' | 'red';

/**
 * 亮灯预警: red once the deadline day has passed, yellow when at most `yellowWithin` working days
 * remain (DOMAIN rule 13; the threshold is per item configuration).
 */
export function warningLight(
  calendar: WorkCalendar,
  dueAt: string,
  now: string,
  yellowWithin = 1,
): { light: WarningLight; remainingWorkingDays: number; provisional: boolean } {
  const count = countWorkingDays(calendar, shanghaiDate(now), shanghaiDate(dueAt));
  const remainingWorkingDays = count.days;
  const provisional = count.provisional;
  if (Date.parse(now) > Date.parse(dueAt)) return { light: 'red', remainingWorkingDays, provisional };
  return {
    light: remainingWorkingDays <= yellowWithin ? 'yellow' : 'green',
    remainingWorkingDays,
    provisional,
  };
}
