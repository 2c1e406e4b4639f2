import { describe, expect, it } from 'vitest';
import { addCalendarPeriod, addWorkingDays, endOfShanghaiDay, shanghaiDate } from '../../src';
import { chinaCalendar } from './chinaCalendar';

/**
 * Hand-checked deadlines against the State Council holiday notices for 2024, 2025 and 2026.
 * Each row says why, so a reviewer can check it against the notice without running anything.
 * Next-day counting: the day of the act never counts (Civil Code Art. 201).
 */
const workingDayCases: [from: string, days: number, due: string, why: string][] = [
  // 2024 — 春节 2/10–17 off, make-up Sun 2/4 and Sun 2/18; 除夕 2/9 is a working day.
  ['2024-02-02', 1, '2024-02-04', 'Sat 2/3 off, Sun 2/4 is a make-up working day'],
  ['2024-02-08', 2, '2024-02-18', 'Fri 2/9 works, 2/10–17 off, Sun 2/18 make-up'],
  ['2024-02-18', 1, '2024-02-19', 'the day after the make-up Sunday'],
  // 2024 — 清明 4/4–6 off, make-up Sun 4/7.
  ['2024-04-03', 1, '2024-04-07', '4/4–6 off, Sun 4/7 make-up'],
  ['2024-04-03', 2, '2024-04-08', 'Sun 4/7, Mon 4/8'],
  // 2024 — 劳动节 5/1–5 off, make-up Sun 4/28 and Sat 5/11.
  ['2024-04-26', 1, '2024-04-28', 'Sat 4/27 off, Sun 4/28 make-up'],
  ['2024-04-29', 2, '2024-05-06', 'Tue 4/30, then 5/1–5 off, Mon 5/6'],
  ['2024-05-10', 1, '2024-05-11', 'Sat 5/11 make-up'],
  // 2024 — 端午 Mon 6/10 off.
  ['2024-06-07', 1, '2024-06-11', 'weekend, Mon 6/10 off, Tue 6/11'],
  // 2024 — 中秋 9/15–17 off, make-up Sat 9/14; 国庆 10/1–7 off, make-up Sun 9/29 and Sat 10/12.
  ['2024-09-13', 1, '2024-09-14', 'Sat 9/14 make-up'],
  ['2024-09-14', 1, '2024-09-18', '9/15–17 off'],
  ['2024-09-27', 1, '2024-09-29', 'Sat 9/28 off, Sun 9/29 make-up'],
  ['2024-09-29', 2, '2024-10-08', 'Mon 9/30, then 10/1–7 off, Tue 10/8'],
  ['2024-10-11', 1, '2024-10-12', 'Sat 10/12 make-up'],
  ['2024-09-30', 20, '2024-11-01', '10/8–11 (4), Sat 10/12 (5), three full weeks to Fri 11/1 (20)'],
  // 2025 — 元旦 Wed 1/1 off.
  ['2024-12-31', 1, '2025-01-02', 'Wed 1/1 off'],
  // 2025 — 春节 1/28–2/4 off, make-up Sun 1/26 and Sat 2/8.
  ['2025-01-24', 1, '2025-01-26', 'Sat 1/25 off, Sun 1/26 make-up'],
  ['2025-01-26', 1, '2025-01-27', 'Mon 1/27'],
  ['2025-01-27', 1, '2025-02-05', '1/28–2/4 off'],
  ['2025-02-07', 1, '2025-02-08', 'Sat 2/8 make-up'],
  // 2025 — 清明 4/4–6 off (no make-up day).
  ['2025-04-03', 1, '2025-04-07', 'Fri 4/4 off, weekend, Mon 4/7'],
  // 2025 — 劳动节 5/1–5 off, make-up Sun 4/27.
  ['2025-04-25', 1, '2025-04-27', 'Sat 4/26 off, Sun 4/27 make-up'],
  ['2025-04-29', 2, '2025-05-06', 'Wed 4/30, then 5/1–5 off, Tue 5/6'],
  // 2025 — 端午 5/31–6/2 off.
  ['2025-05-30', 1, '2025-06-03', '5/31–6/2 off'],
  // 2025 — 国庆·中秋 10/1–8 off, make-up Sun 9/28 and Sat 10/11.
  ['2025-09-26', 1, '2025-09-28', 'Sat 9/27 off, Sun 9/28 make-up'],
  ['2025-09-28', 2, '2025-09-30', 'Mon 9/29, Tue 9/30'],
  ['2025-09-30', 1, '2025-10-09', '10/1–8 off'],
  ['2025-10-09', 2, '2025-10-11', 'Fri 10/10, Sat 10/11 make-up'],
  ['2025-09-30', 20, '2025-11-04', '10/9–11 (3), three weeks to Fri 10/31 (18), Mon 11/3, Tue 11/4'],
  // 2026 — 元旦 1/1–3 off, make-up Sun 1/4.
  ['2025-12-31', 1, '2026-01-04', '1/1–3 off, Sun 1/4 make-up'],
  ['2026-01-04', 1, '2026-01-05', 'Mon 1/5'],
  // 2026 — 春节 2/15–23 off, make-up Sat 2/14 and Sat 2/28.
  ['2026-02-13', 1, '2026-02-14', 'Sat 2/14 make-up'],
  ['2026-02-14', 1, '2026-02-24', '2/15–23 off'],
  ['2026-02-27', 1, '2026-02-28', 'Sat 2/28 make-up'],
  ['2026-02-13', 5, '2026-02-27', 'DOMAIN rule 2: received 2026-02-13 + 5'],
  ['2026-02-12', 20, '2026-03-18', 'DOMAIN rule 2: accepted 2026-02-12 + 20'],
  // 2026 — 清明 4/4–6 off.
  ['2026-04-03', 1, '2026-04-07', '4/4–6 off'],
  // 2026 — 劳动节 5/1–5 off, make-up Sat 5/9.
  ['2026-04-30', 1, '2026-05-06', '5/1–5 off'],
  ['2026-05-08', 1, '2026-05-09', 'Sat 5/9 make-up'],
  // 2026 — 端午 6/19–21 off.
  ['2026-06-18', 1, '2026-06-22', 'Fri 6/19 off, weekend, Mon 6/22'],
  // 2026 — 中秋 9/25–27 off, make-up Sun 9/20; 国庆 10/1–7 off, make-up Sat 10/10.
  ['2026-09-18', 1, '2026-09-20', 'Sat 9/19 off, Sun 9/20 make-up'],
  ['2026-09-24', 1, '2026-09-28', 'Fri 9/25 off, weekend, Mon 9/28'],
  ['2026-09-30', 1, '2026-10-08', '10/1–7 off'],
  ['2026-10-09', 1, '2026-10-10', 'Sat 10/10 make-up'],
  ['2026-09-28', 20, '2026-10-30', 'DOMAIN rule 2: accepted 2026-09-28 + 20'],
];

const calendarUnitCases: [
  from: string,
  value: number,
  unit: 'calendarDays' | 'calendarMonths',
  due: string,
  why: string,
][] = [
  ['2026-01-30', 1, 'calendarMonths', '2026-02-28', '2/30 does not exist → 2/28, a make-up Saturday'],
  ['2026-09-05', 1, 'calendarMonths', '2026-10-08', '10/5 is National Day → next working day'],
  ['2024-01-31', 1, 'calendarMonths', '2024-02-29', 'leap year, Thursday'],
  ['2025-11-30', 3, 'calendarMonths', '2026-02-28', '2/30 → 2/28, make-up Saturday'],
  ['2026-07-01', 3, 'calendarMonths', '2026-10-08', '10/1 National Day → 10/8 (kindergarten: 3 months)'],
  ['2026-09-21', 10, 'calendarDays', '2026-10-08', '10/1 is a holiday → next working day'],
  ['2025-01-18', 10, 'calendarDays', '2025-02-05', '1/28 Spring Festival → next working day 2/5'],
  ['2026-03-02', 30, 'calendarDays', '2026-04-01', 'a Wednesday: no move'],
];

describe('statutory deadlines in working days (2024–2026 notices)', () => {
  it.each(workingDayCases)('%s + %i working days → %s (%s)', (from, days, due) => {
    expect(addWorkingDays(chinaCalendar, from, days)).toEqual({ date: due, provisional: false });
  });

  it('should hold at least 40 hand-checked working-day cases', () => {
    expect(workingDayCases.length).toBeGreaterThanOrEqual(40);
  });
});

describe('statutory deadlines in calendar units (moved off rest days, Civil Code Art. 203)', () => {
  it.each(calendarUnitCases)('%s + %i %s → %s (%s)', (from, value, unit, due) => {
    expect(addCalendarPeriod(chinaCalendar, from, value, unit)).toEqual({ date: due, provisional: false });
  });
});

describe('time zone independence', () => {
  it(`should compute Shanghai dates the same under TZ=${process.env.TZ ?? '(unset)'}`, () => {
    // 23:30 on 2026-02-12 in Beijing is still the 12th; 00:30 on the 13th is the 13th.
    expect(shanghaiDate('2026-02-12T15:30:00Z')).toBe('2026-02-12');
    expect(shanghaiDate('2026-02-12T16:30:00Z')).toBe('2026-02-13');
    expect(endOfShanghaiDay('2026-03-18')).toBe('2026-03-18T15:59:59.999Z');
  });

  it('should run under the time zone the project asked for', () => {
    const offset = new Date('2026-01-15T12:00:00Z').getTimezoneOffset();
    const expected: Record<string, number> = { 'America/New_York': 300, UTC: 0, 'Asia/Shanghai': -480 };
    if (process.env.TZ && process.env.TZ in expected) expect(offset).toBe(expected[process.env.TZ]);
  });
});
