import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  type FormRule,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, api, type FormAnswers, type FormField } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { errorText } from '../errors';
import { type Lang, type Translate, useI18n } from '../i18n';
import { useApi } from '../useApi';

type Values = Record<string, string | number | null | undefined>;

function fieldLabel(field: FormField, lang: Lang): string {
  return lang === 'en' && field.labelEn ? field.labelEn : field.label;
}

/** Client rules mirroring the form-js `validate` block, so most mistakes never reach the server. */
function rulesFor(field: FormField, label: string, t: Translate): FormRule[] {
  const v = field.validate ?? {};
  const rules: FormRule[] = [];
  if (v.required) {
    // async-validator checks `required` alone by presence only; with `whitespace` it also checks the
    // value is a string, which would reject every number.
    const required = t('form.required', { label });
    if (field.type === 'number') rules.push({ required: true, type: 'number', message: required });
    else if (field.type === 'select') rules.push({ required: true, message: required });
    else rules.push({ required: true, whitespace: true, message: required });
  }
  if (field.type === 'number') {
    if (v.min !== undefined)
      rules.push({ type: 'number', min: v.min, message: t('form.min', { label, n: v.min }) });
    if (v.max !== undefined)
      rules.push({ type: 'number', max: v.max, message: t('form.max', { label, n: v.max }) });
    return rules;
  }
  if (v.minLength !== undefined)
    rules.push({ min: v.minLength, message: t('form.minLength', { label, n: v.minLength }) });
  if (v.maxLength !== undefined)
    rules.push({ max: v.maxLength, message: t('form.maxLength', { label, n: v.maxLength }) });
  if (v.pattern) {
    try {
      rules.push({ pattern: new RegExp(v.pattern), message: t('form.pattern', { label }) });
    } catch {
      // A pattern JavaScript cannot compile is left to the server to enforce.
    }
  }
  return rules;
}

/**
 * The control for one field. Returned as an element (not a component) so that Form.Item can inject
 * `value`/`onChange` straight into the antd input.
 */
function fieldControl(field: FormField, selectPlaceholder: string) {
  const testId = `field-${field.key}`;
  switch (field.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} data-testid={testId} />;
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 3 }} data-testid={testId} />;
    case 'select':
      return (
        <Select
          data-testid={testId}
          placeholder={selectPlaceholder}
          options={(field.values ?? []).map((o) => ({ label: o.label, value: o.value }))}
        />
      );
    default:
      return <Input data-testid={testId} />;
  }
}

/** 一表申请: renders a bundle's combined form and files the case. */
export default function ApplyFormPage() {
  const { bundleKey = '' } = useParams();
  const { t, lang, pick } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const {
    data: bundle,
    error,
    loading,
    reload,
  } = useApi((signal) => api.bundle(bundleKey, signal), [bundleKey]);

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (loading || !bundle) return <Skeleton active />;

  const fields = bundle.form.components.filter((c) => typeof c.key === 'string' && c.key !== '');

  const onFinish = async (values: Values) => {
    // Keys like `shop.area` stay flat: the server's field dictionary is keyed by the dotted name.
    const answers: FormAnswers = {};
    for (const field of fields) {
      const value = values[field.key];
      if (value !== undefined && value !== null && value !== '') answers[field.key] = value;
    }
    setSubmitting(true);
    try {
      const filed = await api.createCase(bundle.key, answers);
      message.success(t('form.submitted', { caseNumber: filed.caseNumber }));
      navigate(`/cases/${encodeURIComponent(filed.id)}`, { state: { justFiled: filed.caseNumber } });
    } catch (err) {
      setSubmitting(false);
      if (err instanceof ApiError && err.details.length > 0) {
        // Server paths look like `form.shop.area`; put each message under its own field.
        const known = new Set(fields.map((f) => f.key));
        const onFields = err.details
          .map((d) => ({ key: d.path.replace(/^form\./, ''), message: d.message }))
          .filter((d) => known.has(d.key));
        form.setFields(onFields.map((d) => ({ name: [d.key], errors: [d.message] })));
        if (onFields.length === err.details.length) {
          message.error(`${err.message} — ${t('form.fixErrors')}`);
          return;
        }
      }
      message.error(errorText(t, err));
    }
  };

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/apply')}
            aria-label={t('common.back')}
          />
          {t('form.title', { name: pick(bundle.name) })}
        </Space>
      }
      style={{ maxWidth: 760, margin: '0 auto' }}
    >
      <Typography.Paragraph type="secondary">{pick(bundle.description)}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} scrollToFirstError>
        {fields.map((field) => {
          const label = fieldLabel(field, lang);
          return (
            <Form.Item
              key={field.key}
              // An array path, so antd does not split `shop.area` into nested objects.
              name={[field.key]}
              label={label}
              extra={field.description}
              rules={rulesFor(field, label, t)}
            >
              {fieldControl(field, t('form.selectPlaceholder'))}
            </Form.Item>
          );
        })}
        <Button type="primary" htmlType="submit" loading={submitting} data-testid="apply-submit" size="large">
          {t('form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
