import { App, type ButtonProps, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type CaseDetail, type FormField, type Incident, newIdempotencyKey } from '../api';
import { errorText } from '../errors';
import { optionLabel, useI18n } from '../i18n';

interface RetryValues {
  reason: string;
  other?: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** `{ "a": 1 }` → the object; empty → {}; anything else → null (the form then says so). */
function parseOther(text: string | undefined): Record<string, unknown> | null {
  if (!text?.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * 修正并重试: the admin sets the case's form variables the incident tripped on (typed inputs, the
 * ones its message names first; other variables as JSON), gives the reason, and retries. Only
 * changed values are sent; the server audits each before/after with the reason.
 */
export function IncidentRetryDialog({
  c,
  incident,
  fields,
  onClose,
  onDone,
}: {
  c: CaseDetail;
  incident: Incident | null;
  fields: FormField[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, pick, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RetryValues>();
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const [busy, setBusy] = useState(false);
  // One key per opened dialog: a double click or a retried request returns the first answer.
  const idempotencyKey = useRef('');
  useEffect(() => {
    if (!incident) return;
    idempotencyKey.current = newIdempotencyKey();
    setEdits({});
    form.resetFields();
  }, [incident, form]);

  // The fields the message names come first: those are what the incident tripped on.
  const rows = useMemo(() => {
    const named = (f: FormField) => (incident?.message.includes(f.key) ? 0 : 1);
    return [...fields].sort((a, b) => named(a) - named(b));
  }, [fields, incident]);

  const changed = Object.entries(edits).filter(([key, value]) => !same(c.form[key], value));

  const show = (value: unknown, field: FormField) => {
    if (value === null || value === undefined || value === '') return t('incident.empty');
    if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
    const option = field.values?.find((o) => o.value === value);
    return option ? optionLabel(lang, option) : String(value);
  };

  const input = (field: FormField) => {
    const value = field.key in edits ? edits[field.key] : (c.form[field.key] ?? null);
    const set = (next: unknown) => setEdits((e) => ({ ...e, [field.key]: next }));
    const testId = `variable-${field.key}`;
    switch (field.type) {
      case 'number':
        return (
          <InputNumber
            data-testid={testId}
            value={typeof value === 'number' ? value : null}
            min={field.validate?.min}
            max={field.validate?.max}
            onChange={(v) => set(v ?? null)}
            style={{ width: '100%' }}
          />
        );
      case 'checkbox':
        return (
          <Select
            data-testid={testId}
            value={typeof value === 'boolean' ? String(value) : undefined}
            allowClear
            onChange={(v?: string) => set(v === undefined ? null : v === 'true')}
            options={[
              { value: 'true', label: t('form.yes') },
              { value: 'false', label: t('form.no') },
            ]}
            style={{ width: '100%' }}
          />
        );
      case 'select':
        return (
          <Select
            data-testid={testId}
            value={typeof value === 'string' ? value : undefined}
            allowClear
            onChange={(v?: string) => set(v ?? null)}
            options={(field.values ?? []).map((o) => ({ value: o.value, label: optionLabel(lang, o) }))}
            style={{ width: '100%' }}
          />
        );
      default:
        return (
          <Input
            data-testid={testId}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => set(e.target.value === '' ? null : e.target.value)}
          />
        );
    }
  };

  const submit = async (values: RetryValues) => {
    if (!incident) return;
    const other = parseOther(values.other) ?? {};
    const variables = { ...Object.fromEntries(changed), ...other };
    setBusy(true);
    try {
      const result = await api.retryIncident(
        c.id,
        incident.id,
        { reason: values.reason, ...(Object.keys(variables).length > 0 ? { variables } : {}) },
        idempotencyKey.current,
      );
      if (result.status === 'resolved') message.success(t('incident.resolved'));
      else
        message.warning(
          t('incident.stillOpen', { attempts: result.attempts, message: pick(result.messages) }),
        );
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const element = incident ? pick(incident.elementName) || incident.elementId || '' : '';
  return (
    <Modal
      open={incident !== null}
      title={t('incident.retryTitle', { element })}
      onCancel={onClose}
      okText={t('incident.retry')}
      okButtonProps={{ loading: busy, danger: true, 'data-testid': 'retry-confirm' } as ButtonProps}
      onOk={() => form.submit()}
      width={880}
      forceRender
      destroyOnHidden
    >
      {incident && (
        <Typography.Paragraph>
          <Typography.Text type="danger">{pick(incident.messages)}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary">{t('incident.variablesHint')}</Typography.Paragraph>
      <Table<FormField>
        rowKey="key"
        size="small"
        dataSource={rows}
        pagination={rows.length > 8 ? { pageSize: 8, size: 'small' } : false}
        columns={[
          {
            key: 'variable',
            title: t('incident.variable'),
            width: '38%',
            render: (_, f) => (
              <div>
                <div>
                  {lang === 'en' && f.labelEn ? f.labelEn : f.label}{' '}
                  {incident?.message.includes(f.key) && <Tag color="red">{t('incident.tag')}</Tag>}
                </div>
                <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                  {f.key}
                </Typography.Text>
              </div>
            ),
          },
          {
            key: 'current',
            title: t('incident.currentValue'),
            width: '24%',
            render: (_, f) => show(c.form[f.key], f),
          },
          { key: 'new', title: t('incident.newValue'), render: (_, f) => input(f) },
        ]}
      />
      <Typography.Paragraph type={changed.length > 0 ? undefined : 'secondary'} style={{ marginTop: 8 }}>
        {changed.length > 0 ? t('incident.changes', { n: changed.length }) : t('incident.noChanges')}
      </Typography.Paragraph>
      <Form<RetryValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="other"
          label={t('incident.otherVariables')}
          extra={t('incident.otherVariablesHint')}
          rules={[
            {
              validator: async (_, text?: string) => {
                if (parseOther(text) === null) throw new Error(t('incident.badJson'));
              },
            },
          ]}
        >
          <Input.TextArea rows={2} spellCheck={false} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('incident.reason')}
          rules={[{ required: true, whitespace: true, message: t('incident.reasonRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={2000}
            placeholder={t('incident.reasonPlaceholder')}
            data-testid="retry-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
