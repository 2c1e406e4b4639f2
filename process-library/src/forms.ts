/**
 * The subset of the form-js schema that combined forms use. Fields are keyed from the shared
 * field dictionary (`applicant.idNumber`, `shop.area`), so one answer can feed several items.
 *
 * Combined forms stay a flat list of fields (no form-js `group` components): the runtime validates
 * and stores answers by key, and a flat list keeps that one loop. The topic a field belongs to is
 * its `section`; {@link FormSchema.sections} gives their order and titles.
 */
export interface FormField {
  key: string;
  /** `checkbox` answers are booleans (e.g. `shop.sellsTobacco`); the rest are text or numbers. */
  type: 'textfield' | 'number' | 'textarea' | 'select' | 'checkbox';
  label: string;
  labelEn: string;
  description?: string;
  /** The help text in English; without it the Chinese shows in both languages. */
  descriptionEn?: string;
  /** Options; `labelEn` where the option has an English wording (else the Chinese shows). */
  values?: { label: string; labelEn?: string; value: string }[];
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
  };
  /** The topic section (`applicant`, `shop`, `property` …); the key's prefix. */
  section?: string;
  /**
   * form-js conditional: the field is hidden while `hide` (FEEL, with a leading `=`) is true.
   * Hidden fields are neither shown nor required.
   */
  conditional?: { hide: string };
}

/** A topic section of a combined form, in display order. */
export interface FormSection {
  id: string;
  label: string;
  labelEn: string;
}

export interface FormSchema {
  type: 'default';
  id: string;
  schemaVersion: number;
  components: FormField[];
  /** Section titles in display order; absent on hand-written forms with no sections. */
  sections?: FormSection[];
}
