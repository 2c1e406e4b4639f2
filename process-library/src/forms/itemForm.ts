import type { CatalogueIssue } from '../CatalogueError';
import { dictionaryField, isFieldKey } from '../catalogue/fieldDictionary';
import type { ServiceItem } from '../catalogue/ServiceItem';
import type { FormField, FormSchema } from '../forms';
import { differenceBetween } from './mergeForms';

/**
 * The namespace of an item's own questions: `item<code>.`. A question only one item asks (seats
 * of a restaurant for the food licence) gets a key no other item can claim, so merging never
 * confuses it with a shared one; questions several items ask come from the field dictionary.
 */
export function itemFieldPrefix(itemCode: string): string {
  return `item${itemCode}.`;
}

/** Whether `key` is one of the item's own questions (`item<code>.<name>`, name a FEEL-safe word). */
export function isItemFieldKey(key: string, itemCode: string): boolean {
  const prefix = itemFieldPrefix(itemCode);
  return key.startsWith(prefix) && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(key.slice(prefix.length));
}

/** The item code of an item-specific key (`item000131024000.seats` → `000131024000`), else null. */
export function itemCodeOfFieldKey(key: string): string | null {
  const match = /^item([0-9A-Za-z-]+)\./.exec(key);
  return match ? match[1]! : null;
}

/** An item's form as a form-js schema (what the form designer edits and the database stores). */
export function itemFormSchema(item: Pick<ServiceItem, 'code' | 'fields'>): FormSchema {
  return {
    type: 'default',
    id: `item-${item.code}`,
    schemaVersion: 16,
    components: item.fields.map(({ section: _section, conditional: _conditional, ...field }) =>
      structuredClone(field),
    ),
  };
}

/**
 * The form subset rules of one item's questions, each problem said so a designer can fix it:
 * - a key is either a field dictionary key, whose type, validation and options must be the
 *   dictionary's (labels and description may be worded for the item) — so the merge of a combined
 *   form still asks each shared question once — or the item's own `item<code>.<name>`;
 * - a key appears once; a select has options with distinct values; min ≤ max, minLength ≤ maxLength;
 *   a pattern compiles.
 */
export function checkItemFields(item: Pick<ServiceItem, 'code' | 'name' | 'fields'>): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const seen = new Set<string>();
  const what = `Item ${item.name.zh} (${item.code})`;
  const issue = (code: CatalogueIssue['code'], fieldKey: string, message: string): CatalogueIssue => ({
    code,
    severity: 'error',
    itemCodes: [item.code],
    fieldKey,
    message,
  });
  for (const field of item.fields) {
    if (seen.has(field.key)) {
      issues.push(issue('fieldConflict', field.key, `${what} asks field ${field.key} twice; keep one.`));
      continue;
    }
    seen.add(field.key);
    if (isFieldKey(field.key)) {
      const difference = differenceBetween(dictionaryField(field.key), field);
      if (difference) {
        issues.push(
          issue(
            'fieldConflict',
            field.key,
            `${what} changes the shared field ${field.key} (${difference}); a dictionary field keeps the dictionary's type, validation and options — add an item field (${itemFieldPrefix(item.code)}…) for a different question.`,
          ),
        );
      }
    } else if (!isItemFieldKey(field.key, item.code)) {
      issues.push(
        issue(
          'unknownField',
          field.key,
          `${what} asks field ${field.key}, which is neither in the field dictionary nor one of the item's own fields; pick a dictionary field or name it ${itemFieldPrefix(item.code)}<name> (letters and digits).`,
        ),
      );
    }
    issues.push(...checkRules(field, what).map((message) => issue('invalidField', field.key, message)));
  }
  return issues;
}

function checkRules(field: FormField, what: string): string[] {
  const problems: string[] = [];
  const v = field.validate ?? {};
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
    problems.push(`${what}: field ${field.key} has min ${v.min} above max ${v.max}.`);
  }
  if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) {
    problems.push(`${what}: field ${field.key} has minLength ${v.minLength} above maxLength ${v.maxLength}.`);
  }
  if (v.pattern !== undefined) {
    try {
      new RegExp(v.pattern);
    } catch {
      problems.push(`${what}: the pattern of field ${field.key} is not a valid regular expression.`);
    }
  }
  if (field.type === 'select') {
    const values = (field.values ?? []).map((o) => o.value);
    if (values.length === 0)
      problems.push(`${what}: select field ${field.key} has no options; add at least one.`);
    if (new Set(values).size !== values.length) {
      problems.push(`${what}: select field ${field.key} has two options with the same value.`);
    }
  } else if (field.values !== undefined && field.values.length > 0) {
    problems.push(
      `${what}: field ${field.key} is a ${field.type} and cannot have options; make it a select.`,
    );
  }
  return problems;
}
