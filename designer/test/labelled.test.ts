import { describe, expect, it } from 'vitest';
import { labelled, type Translate, translate } from '../src/i18n';

const tIn =
  (lang: 'zh' | 'en'): Translate =>
  (key, vars) =>
    translate(lang, key, vars);

describe('labelled', () => {
  it('should join a Chinese label with the full-width colon and no space', () => {
    expect(labelled(tIn('zh'), '申请时间', '2026-11-27 09:30')).toBe('申请时间：2026-11-27 09:30');
  });
  it('should join an English label with ": "', () => {
    expect(labelled(tIn('en'), 'Filed at', '2026-11-27 09:30')).toBe('Filed at: 2026-11-27 09:30');
  });
  it('should give the label and its colon alone when the value follows as markup', () => {
    expect(labelled(tIn('zh'), '办件编号')).toBe('办件编号：');
    expect(labelled(tIn('en'), 'Case number')).toBe('Case number: ');
  });
});
