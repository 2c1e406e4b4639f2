import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Divider, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, type CaseDetail, type FormAnswers, type FormField } from '../api';
import { errorText } from '../errors';
import { optionLabel, useI18n } from '../i18n';
import { fieldControl, fieldLabel, rulesFor } from '../pages/ApplyFormPage';
import { type CorrectionUploadState, CorrectionUploads } from './CorrectionUploads';

type Values = Record<string, string | number | boolean | null | undefined>;

/** The form field a correction item names: by key (`shop.address`) or by its label, in either language. */
export function fieldForSubject(subject: string, fields: FormField[]): FormField | undefined {
  const s = subject.trim();
  return (
    fields.find((f) => f.key === s || f.label === s || f.labelEn === s) ??
    fields.find((f) => f.label.length > 1 && s.includes(f.label))
  );
}

/**
 * 一次性补正告知 as the case page shows it: every item with its reason, the clerk's note and, for the
 * applicant while the case waits for them, a form with the answers the notice names (plus any other
 * the applicant picks) and a note. Only changed answers are sent; the server merges them.
 */
export function CorrectionNoticeCard({
  c,
  fields,
  onChanged,
}: {
  c: CaseDetail;
  fields: FormField[];
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values & { __note?: string }>();
  const [extraKeys, setExtraKeys] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [uploads, setUploads] = useState<CorrectionUploadState>({
    ready: false,
    requested: 0,
    missing: 0,
    toleratedGaps: [],
  });
  const notice = c.lifecycle.correctionNotice;
  if (!notice) return null;

  const waiting = c.status === 'correction';
  const canAnswer = c.allowedActions.includes('answerCorrection');
  const named = notice.items.map((i) => fieldForSubject(i.subject, fields)).filter((f) => f !== undefined);
  const shownKeys = [...new Set([...named.map((f) => f.key), ...extraKeys])];
  const shown = shownKeys.map((k) => fields.find((f) => f.key === k)).filter((f) => f !== undefined);

  const submit = async () => {
    const values = form.getFieldsValue(true) as Values & { __note?: string };
    const changed: FormAnswers = {};
    for (const f of shown) {
      const v = values[f.key];
      if (v !== undefined && v !== '' && v !== c.form[f.key]) changed[f.key] = v;
    }
    const note = values.__note?.trim();
    // Every requested material first: a note does not stand in for one (the server refuses too).
    if (!uploads.ready) {
      message.warning(t('correctionUploads.missing', { n: uploads.missing }));
      return;
    }
    const answersMaterials = uploads.requested > 0;
    if (Object.keys(changed).length === 0 && !note && !answersMaterials) {
      message.warning(t('correction.empty'));
      return;
    }
    setBusy(true);
    try {
      await api.submitCorrections(c.id, {
        form: changed,
        ...(note ? { note } : {}),
        ...(uploads.toleratedGaps.length ? { toleratedGaps: uploads.toleratedGaps } : {}),
      });
      message.success(t('correction.submitted'));
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const known = new Set(shownKeys);
        form.setFields(
          err.details
            .map((d) => ({ key: d.path.replace(/^form\./, ''), message: d.message }))
            .filter((d) => known.has(d.key))
            .map((d) => ({ name: [d.key], errors: [d.message] })),
        );
      }
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const answerText = (key: string): string => {
    const v = c.form[key];
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('form.yes') : t('form.no');
    const option = fields.find((f) => f.key === key)?.values?.find((o) => o.value === v);
    return option ? optionLabel(lang, option) : String(v);
  };

  return (
    <Card
      data-testid="correction-notice"
      title={
        <Space>
          <ExclamationCircleOutlined style={{ color: waiting ? '#d46b08' : undefined }} />
          {t('correction.title')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('correction.on', { on: notice.on })}
          </Typography.Text>
          <Tag color={waiting ? 'warning' : 'success'}>
            {waiting ? t('correction.waiting') : t('correction.answered')}
          </Tag>
        </Space>
      }
      style={waiting ? { borderColor: '#ffd591' } : undefined}
    >
      {waiting && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={canAnswer ? t('correction.applicantIntro') : t('correction.clerkWaiting')}
        />
      )}
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={notice.items}
        data-testid="correction-items"
        columns={[
          { key: 'n', title: '#', width: 48, render: (_, __, i) => i + 1 },
          {
            key: 'subject',
            title: t('correction.subject'),
            render: (_, item) => {
              const field = fieldForSubject(item.subject, fields);
              return field && field.key === item.subject ? fieldLabel(field, lang) : item.subject;
            },
          },
          { key: 'reason', title: t('correction.reason'), dataIndex: 'reason' },
        ]}
      />
      {notice.note && (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="correction-note-text">
          {t('correction.note', { note: notice.note })}
        </Typography.Paragraph>
      )}

      {canAnswer && (
        <>
          <CorrectionUploads caseId={c.id} onState={setUploads} />
          <Divider titlePlacement="start">{t('correction.formTitle')}</Divider>
          <Form form={form} layout="vertical" style={{ maxWidth: 640 }}>
            {shown.map((field) => {
              const label = fieldLabel(field, lang);
              const checkbox = field.type === 'checkbox';
              return (
                <Form.Item
                  key={field.key}
                  name={[field.key]}
                  // Per item: the bundle's fields arrive after the form mounted.
                  initialValue={c.form[field.key] ?? undefined}
                  label={checkbox ? undefined : label}
                  valuePropName={checkbox ? 'checked' : 'value'}
                  required={field.validate?.required === true && !checkbox}
                  extra={t('correction.current', { value: answerText(field.key) })}
                  rules={rulesFor(field, lang)}
                >
                  {fieldControl(field, t('form.selectPlaceholder'), label, lang)}
                </Form.Item>
              );
            })}
            <Form.Item label={t('correction.addField')}>
              <Select
                data-testid="correction-add-field"
                value={null}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('form.selectPlaceholder')}
                onChange={(key: string) => {
                  setExtraKeys((keys) => (keys.includes(key) ? keys : [...keys, key]));
                }}
                options={fields
                  .filter((f) => !shownKeys.includes(f.key))
                  .map((f) => ({ value: f.key, label: fieldLabel(f, lang) }))}
              />
            </Form.Item>
            <Form.Item name="__note" label={t('correction.noteLabel')}>
              <Input.TextArea
                autoSize={{ minRows: 2 }}
                maxLength={2000}
                placeholder={t('correction.notePlaceholder')}
                data-testid="correction-note"
              />
            </Form.Item>
            <Button
              type="primary"
              loading={busy}
              data-testid="correction-submit"
              onClick={() => void form.validateFields().then(submit, () => {})}
            >
              {t('correction.submit')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
