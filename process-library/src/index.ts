import type { Bundle } from './bundle';
import { restaurant } from './bundles/restaurant';

export type { Bundle } from './bundle';
export { type CalendarDay, chineseDaysCalendar } from './calendar';
export { DEMO_PASSWORD, type DemoUser, demoUsers, type Role } from './demoUsers';
export { type Department, departments } from './departments';
export type { FormField, FormSchema } from './forms';

/** Every bundle the catalogue ships, in display order. */
export const bundles: readonly Bundle[] = [restaurant];
