import { describe, expect, it } from 'vitest';
import { describeCondition } from '../../src/feel/describeCondition';

describe('describeCondition', () => {
  it('should read answer keys as their labels, and and/or/true as words', () => {
    // given the fire-check threshold, when it is described
    const text = describeCondition('clinic.area > 300 or clinic.investment > 30');

    // then the keys become the form's labels and the numbers stay
    expect(text.zh).toMatch(/^「.+」 > 300 或 「.+」 > 30$/);
    expect(text.zh).not.toContain('clinic.');
    expect(text.en).not.toContain('clinic.');
    expect(describeCondition('=property.hasGas = true')).toEqual({
      zh: '「已开通管道燃气」 = 是',
      en: '「Has piped gas」 = yes',
    });
  });

  it('should read an option value as its label, and leave unknown names as written', () => {
    expect(describeCondition('entity.ownership = "nonProfit"').zh).toBe('「举办性质」 = 「非营利性」');
    expect(describeCondition('shop.height > 3').zh).toBe('shop.height > 3');
  });
});
