import { compileFeel } from '@yijian/engine/feel';
import { describe, expect, it } from 'vitest';
import { bundleCompositions } from '../../src/bundles/bundleCompositions';
import { feelNames } from '../../src/feel/feelNames';
import { completeAnswers } from '../../src/forms/completeAnswers';
import { mergeForms } from '../../src/forms/mergeForms';
import { conditionHolds, visibleFields } from '../../src/forms/visibleFields';

const restaurant = bundleCompositions.find((c) => c.key === 'restaurant')!;
const form = mergeForms(restaurant);

describe('filed answers under strict FEEL', () => {
  it('should give every field a value: a shown unticked checkbox false, other unanswered fields null', () => {
    // given a restaurant applicant who answers the size questions only
    const answers = completeAnswers(form, { 'shop.area': 120, 'shop.investment': 20 });

    // then every question of the form is present
    expect(Object.keys(answers).sort()).toEqual(form.components.map((c) => c.key).sort());
    expect(answers['entity.hasBusinessLicence']).toBe(false);
    expect(answers['shop.sellsTobacco']).toBe(false);
    expect(answers['shop.area']).toBe(120);
    expect(form.components.find((c) => c.type === 'textfield' && answers[c.key] === null)).toBeDefined();
  });

  it('should hold a hidden checkbox as null: it was not asked', () => {
    const checkbox = form.components.find((c) => c.type === 'checkbox')!;
    const answers = completeAnswers(form, {}, new Set());
    expect(answers[checkbox.key]).toBeNull();
  });

  it('should let every inclusion condition of every shipped bundle evaluate to true or false on completed answers', () => {
    for (const composition of bundleCompositions) {
      const bundleForm = mergeForms(composition);
      // the required numbers answered, everything else as an applicant may leave it
      const given = Object.fromEntries(
        bundleForm.components
          .filter((c) => c.type === 'number' && c.validate?.required)
          .map((c) => [c.key, 1]),
      );
      const variables = completeAnswers(bundleForm, given);
      for (const { when } of composition.items) {
        if (!when) continue;
        expect(feelNames(when).error, when).toBeNull();
        // evaluated as the gateway will: no missing variable, no null, a boolean
        expect(typeof compileFeel(when).evaluate(variables).value, `${composition.key}: ${when}`).toBe(
          'boolean',
        );
      }
    }
  });

  it('should hide and show fields with the strict evaluator on the answers so far', () => {
    // given a small restaurant: the fire check's fields stay hidden
    const small = visibleFields(form, { 'shop.area': 120, 'shop.investment': 20 }).map((f) => f.key);
    // when it is large: they are shown
    const large = visibleFields(form, { 'shop.area': 500, 'shop.investment': 20 }).map((f) => f.key);
    expect(large.length).toBeGreaterThan(small.length);
    // and before any answer, nothing fails: fields hidden by a condition on an unanswered field
    expect(visibleFields(form, {}).length).toBe(small.length);
  });

  it('should count an item condition that cannot run as holding (the engine raises an incident instead)', () => {
    expect(conditionHolds('noSuchField = true', {})).toBe(true);
    expect(conditionHolds('shop.area > 300', { 'shop.area': 100 })).toBe(false);
    expect(conditionHolds('shop.area > 300', { 'shop.area': null })).toBe(false);
  });

  it('should show a field whose hide condition cannot run (a name the form does not have)', () => {
    const broken = {
      ...form,
      components: [{ ...form.components[0]!, conditional: { hide: '=noSuchField = true' } }],
    };
    expect(visibleFields(broken, {})).toHaveLength(1);
  });
});
