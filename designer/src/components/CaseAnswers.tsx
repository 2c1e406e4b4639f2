import { Descriptions } from 'antd';
import type { CaseDetail, FormField } from '../api';
import { optionLabel, useI18n } from '../i18n';
import { UserText } from './UserText';

/** 表单信息: a case's answers in the form's order, labelled in the user's language. */
export function CaseAnswers({ form, fields }: { form: CaseDetail['form']; fields: FormField[] }) {
  const { t, lang } = useI18n();
  const answerKeys = [
    ...fields.map((f) => f.key).filter((k) => k in form),
    ...Object.keys(form).filter((k) => !fields.some((f) => f.key === k)),
  ];
  const answerText = (key: string): string => {
    const value = form[key];
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
    const option = fields.find((f) => f.key === key)?.values?.find((o) => o.value === value);
    return option ? optionLabel(lang, option) : String(value);
  };
  const labelOf = (key: string): string => {
    const field = fields.find((f) => f.key === key);
    if (!field) return key;
    return lang === 'en' && field.labelEn ? field.labelEn : field.label;
  };

  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      items={answerKeys.map((key) => ({
        key,
        label: labelOf(key),
        children: <UserText>{answerText(key)}</UserText>,
      }))}
    />
  );
}
