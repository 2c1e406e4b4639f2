import type { FormSchema } from '@yijian/process-library';
import type { Page } from 'playwright-core';

/**
 * Fills the apply page's step-by-step form the way an applicant does: on each step field by field
 * in the form's order, so a checkbox that reveals fields is set before them; text and numbers typed,
 * options picked from the dropdown by their label, fields hidden by the answers so far skipped; then
 * 下一步, until the 材料 step (left open for the test's uploads).
 */
export async function fillApplyForm(
  page: Page,
  form: FormSchema,
  answers: Record<string, unknown>,
  /** Stop on the step where the last given answer went (a half-filled form, as a draft). */
  options: { stopWhenAnswered?: boolean } = {},
) {
  await page.getByTestId('apply-steps').waitFor();
  const asked = form.components.filter((f) => f.key in answers).length;
  const done = new Set<string>();
  for (let round = 0; round < 20; round++) {
    for (const field of form.components) {
      if (!(field.key in answers) || done.has(field.key)) continue;
      const value = answers[field.key];
      const control = page.getByTestId(`field-${field.key}`);
      if (!(await control.isVisible())) continue;
      done.add(field.key);
      switch (field.type) {
        case 'checkbox':
          if (value === true) await control.click();
          break;
        case 'select': {
          const label = field.values?.find((o) => o.value === value)?.label;
          if (!label) throw new Error(`no option ${String(value)} for ${field.key}`);
          await control.click();
          await page
            .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`)
            .click();
          break;
        }
        default:
          await control.fill(String(value));
      }
    }
    if (options.stopWhenAnswered && done.size >= asked) return;
    if (await page.getByTestId('apply-materials').isVisible()) return;
    const step = await currentStep(page);
    await page.getByTestId('apply-next').click();
    await waitForStepAfter(page, step);
  }
  throw new Error('the apply form never reached its 材料 step');
}

/** Goes on with 下一步 to the 确认提交 step and submits. */
export async function submitApplyForm(page: Page) {
  for (let round = 0; round < 20 && !(await page.getByTestId('apply-submit').isVisible()); round++) {
    const step = await currentStep(page);
    await page.getByTestId('apply-next').click();
    await waitForStepAfter(page, step);
  }
  await page.getByTestId('apply-submit').click();
}

/** The number of finished steps in the Steps bar. */
async function currentStep(page: Page): Promise<number> {
  return page.locator('[data-testid="apply-steps"] .ant-steps-item-finish').count();
}

async function waitForStepAfter(page: Page, step: number) {
  const deadline = Date.now() + 10_000;
  while ((await currentStep(page)) <= step) {
    if (Date.now() > deadline) throw new Error(`the apply form stayed on step ${step}: an answer refused?`);
    await page.waitForTimeout(100);
  }
}
