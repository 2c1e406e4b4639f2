/**
 * The subset of the form-js schema that combined forms use. Fields are keyed from the shared
 * field dictionary (`applicant.idNumber`, `shop.area`), so one answer can feed several items.
 */
export interface FormField {
  key: string;
  type: 'textfield' | 'number' | 'textarea' | 'select';
  label: string;
  labelEn: string;
  description?: string;
  values?: { label: string; value: string }[];
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
  };
}

export interface FormSchema {
  type: 'default';
  id: string;
  schemaVersion: number;
  components: FormField[];
}
