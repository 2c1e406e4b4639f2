import { describe, expect, it } from 'vitest';
import { describeCondition } from '../../src/feel/describeCondition';

describe('describeCondition', () => {
  it('should word a negated yes/no question as a citizen says it', () => {
    // given the business-licence condition of the restaurant bundle, when it is described
    const text = describeCondition('not(entity.hasBusinessLicence = true)');

    // then it reads as a sentence, with no code left
    expect(text).toEqual({
      zh: '尚未持有营业执照的',
      en: 'if you answer no to “Already holds a business licence”',
    });
  });

  it('should word a ticked yes/no question, with or without "= true", and a leading "="', () => {
    expect(describeCondition('=property.hasGas = true')).toEqual({
      zh: '已开通管道燃气的',
      en: 'if you answer yes to “Has piped gas”',
    });
    expect(describeCondition('school.hasCanteen')).toEqual({
      zh: '自办食堂的',
      en: 'if you answer yes to “Runs its own canteen”',
    });
    expect(describeCondition('school.hasCanteen != true').zh).toBe('未自办食堂的');
    expect(describeCondition('property.hasGas = false').zh).toBe('尚未开通管道燃气的');
  });

  it('should word comparisons and "or" with the form labels', () => {
    // given the fire-check threshold, when it is described
    const text = describeCondition('shop.area > 300 or shop.investment > 30');

    // then the keys become the form's labels and the operators words
    expect(text.zh).toBe('「经营面积（平方米）」超过300或「投资总额（万元）」超过30的');
    expect(text.en).toBe(
      'if “Floor area (m²)” is more than 300 or “Total investment (10,000 yuan)” is more than 30',
    );
    expect(describeCondition('shop.staffCount <= 5 and shop.staffCount >= 2').en).toBe(
      'if “Number of staff” is at most 5 and “Number of staff” is at least 2',
    );
    expect(describeCondition('shop.staffCount < 5').zh).toBe('「从业人员数」小于5的');
  });

  it('should word option values by their labels in each language', () => {
    expect(describeCondition('entity.ownership = "nonProfit"')).toEqual({
      zh: '「举办性质」为「非营利性」的',
      en: 'if “For-profit or non-profit” is “Non-profit”',
    });
    expect(describeCondition('entity.ownership != "nonProfit"').en).toBe(
      'if “For-profit or non-profit” is not “Non-profit”',
    );
    expect(describeCondition('entity.type in ["individual", "company"]')).toEqual({
      zh: '「主体类型」是「个体工商户」、「有限责任公司」之一的',
      en: 'if “Type of entity” is one of “Individual business”, “Limited liability company”',
    });
  });

  it('should turn not(a and b) into clauses that each read positively', () => {
    const text = describeCondition('not(shop.sellsTobacco = true and shop.area > 300)');
    expect(text.zh).toBe('未销售卷烟、雪茄烟或「经营面积（平方米）」不超过300的');
    expect(text.en).toBe(
      'if you answer no to “Sells cigarettes or cigars” or “Floor area (m²)” is at most 300',
    );
  });

  it('should read a condition that is always true as "always"', () => {
    expect(describeCondition('true')).toEqual({ zh: '所有情形', en: 'always' });
  });

  it('should NOT show code when the condition is outside the worded subset: it names the fields', () => {
    // given a function call and an unknown name, when described
    const fn = describeCondition('count([shop.area, clinic.area]) > 1');
    const unknown = describeCondition('shop.height > 3');

    // then the fields it reads are named, never the FEEL
    expect(fn.zh).toBe('视「经营面积（平方米）」、「建筑面积（平方米）」的填写情况而定');
    expect(fn.en).not.toMatch(/count|\[/);
    expect(unknown).toEqual({ zh: '视申请情况而定', en: 'depending on your application' });
  });
});
