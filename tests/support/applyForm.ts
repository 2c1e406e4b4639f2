import type { FormSchema } from '@yijian/process-library';
import type { Page } from 'playwright-core';

/**
 * Fills the apply page's combined form the way an applicant does: field by field in the form's
 * order, so a checkbox that reveals fields is set before them; text and numbers typed, options
 * picked from the dropdown by their label, fields hidden by the answers so far skipped.
 */
export async function fillApplyForm(page: Page, form: FormSchema, answers: Record<string, unknown>) {
  for (const field of form.components) {
    if (!(field.key in answers)) continue;
    const value = answers[field.key];
    const control = page.getByTestId(`field-${field.key}`);
    if (!(await control.isVisible())) continue;
    switch (field.type) {
      case 'checkbox':
        if (value === true) await control.click();
        break;
      case 'select': {
        const label = field.values?.find((o) => o.value === value)?.label;
        if (!label) throw new Error(`no option ${String(value)} for ${field.key}`);
        await control.click();
        await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
        break;
      }
      default:
        await control.fill(String(value));
    }
  }
}
