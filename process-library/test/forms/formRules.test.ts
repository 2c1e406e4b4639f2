import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import type { FormField } from '../../src/forms';
import {
  completeAnswers,
  fieldProblem,
  formProblems,
  isFieldShown,
  normalisedAnswer,
  visibleFields,
} from '../../src/forms/index';
import { mergeForms } from '../../src/forms/mergeForms';

const restaurant = mergeForms(bundleCompositions.find((c) => c.key === 'restaurant')!);

const field = (f: Partial<FormField> & Pick<FormField, 'type'>): FormField => ({
  key: 'shop.x',
  label: '字段',
  labelEn: 'Field',
  ...f,
});

describe('the combined form rules shared by server and browser', () => {
  it('should word a missing required answer per language, and accept a missing optional one', () => {
    const name = field({
      type: 'textfield',
      label: '店名',
      labelEn: 'Shop name',
      validate: { required: true },
    });
    expect(fieldProblem(name, undefined, 'zh-CN')).toBe('请填写店名');
    expect(fieldProblem(name, '   ', 'en')).toBe('Shop name is required');
    expect(fieldProblem(field({ type: 'textfield' }), undefined, 'en')).toBeNull();
    expect(fieldProblem(field({ type: 'number', validate: { required: true } }), null, 'en')).toBe(
      'Field is required',
    );
  });

  it('should check numbers, lengths, patterns, options and ticks', () => {
    const area = field({ type: 'number', label: '面积', validate: { min: 1, max: 100000 } });
    expect(fieldProblem(area, '120', 'zh-CN')).toBe('面积应为数字');
    expect(fieldProblem(area, 0, 'zh-CN')).toBe('面积不能小于 1');
    expect(fieldProblem(area, 120, 'zh-CN')).toBeNull();
    const code = field({
      type: 'textfield',
      validate: { minLength: 18, maxLength: 18, pattern: '^[0-9A-Z]+$' },
    });
    expect(fieldProblem(code, 'abc', 'en')).toBe('Field needs at least 18 characters');
    expect(fieldProblem(code, '91110000abcdefghij', 'en')).toBe('Field has the wrong format');
    expect(fieldProblem(code, ' 911100006000373411L ', 'en')).toBe('Field allows at most 18 characters');
    expect(fieldProblem(code, ' 91110000600037341X', 'en')).toBeNull();
    const kind = field({ type: 'select', values: [{ label: '餐馆', value: 'restaurant' }] });
    expect(fieldProblem(kind, 'bar', 'en')).toBe('Field must be one of restaurant');
    expect(fieldProblem(kind, 'restaurant', 'en')).toBeNull();
    const promise = field({ type: 'checkbox', label: '承诺', validate: { required: true } });
    expect(fieldProblem(promise, false, 'zh-CN')).toBe('请勾选承诺');
    expect(fieldProblem(promise, 'yes', 'zh-CN')).toBe('承诺应为是或否');
    expect(fieldProblem(promise, true, 'zh-CN')).toBeNull();
  });

  it('should NOT fail on a pattern JavaScript cannot compile', () => {
    expect(fieldProblem(field({ type: 'textfield', validate: { pattern: '(' } }), 'x', 'en')).toBeNull();
  });

  it('should store text trimmed and other answers as given', () => {
    expect(normalisedAnswer(field({ type: 'textfield' }), '  王五  ')).toBe('王五');
    expect(normalisedAnswer(field({ type: 'number' }), 3)).toBe(3);
  });

  it('should show a field while its FEEL hide condition is not true', () => {
    // given the tobacco question, hidden unless the shop sells tobacco
    const hidden = restaurant.components.find((f) => f.conditional?.hide);
    expect(hidden).toBeDefined();
    const shownKeys = (answers: Record<string, unknown>) =>
      visibleFields(restaurant, answers).map((f) => f.key);
    const all = restaurant.components.map((f) => f.key);
    // then with no answers the hide conditions decide on the filed shape (unticked boxes false)
    const none = completeAnswers(restaurant, {});
    expect(shownKeys({})).toEqual(
      all.filter((k) => isFieldShown(restaurant.components.find((f) => f.key === k)!, none)),
    );
    expect(isFieldShown(field({ type: 'textfield', conditional: { hide: '=true' } }), {})).toBe(false);
    // and one that cannot be evaluated shows the field (asking too much is safer than too little)
    expect(isFieldShown(field({ type: 'textfield', conditional: { hide: '=no.such.name > 1' } }), {})).toBe(
      true,
    );
  });

  it('should list the problems of the shown fields only', () => {
    const form = {
      components: [
        field({ key: 'a', type: 'textfield', validate: { required: true } }),
        field({
          key: 'b',
          type: 'textfield',
          validate: { required: true },
          conditional: { hide: '=a = "skip"' },
        }),
      ],
    };
    expect(formProblems(form, {}, 'en').map((p) => p.key)).toEqual(['a', 'b']);
    expect(formProblems(form, { a: 'skip' }, 'en')).toEqual([]);
  });
});
