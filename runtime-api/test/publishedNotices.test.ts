import { chineseDaysCalendar } from '@yijian/process-library';
import { describe, expect, it } from 'vitest';
import { checkNationalNotice } from '../src/calendar/parseCalendarNotice';

describe('A national notice’s completeness check', () => {
  it('should accept every published notice 2004–2026 as it is (an admin reloading one is never refused)', () => {
    const { days, years } = chineseDaysCalendar();
    const refused: string[] = [];
    for (const year of years) {
      try {
        checkNationalNotice(
          year,
          days.filter((d) => d.date.startsWith(`${year}-`)),
        );
      } catch (error) {
        refused.push(`${year}: ${(error as Error).message}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('should refuse a notice with only New Year’s Day, naming the festivals it lacks', () => {
    expect(() => checkNationalNotice(2027, [{ date: '2027-01-01', kind: 'rest', name: '元旦' }])).toThrow(
      /Spring Festival is missing: 2027-02-05, 2027-02-08 must be days off/,
    );
  });
});
