import { Alert, App, type ButtonProps, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, type CaseDetail, newIdempotencyKey } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';

interface MigrateValues {
  toVersion: number;
  reason: string;
}

/**
 * 版本迁移: moves the case to a newer deployed version of its process (after the designer published
 * a fixed one), with the reason for the audit log. The server refuses, naming the elements, when a
 * token sits where the new version differs.
 */
export function MigrateCaseDialog({
  c,
  open,
  latestVersion,
  onClose,
  onDone,
}: {
  c: CaseDetail;
  open: boolean;
  /** The newest deployed version of the bundle, if known. */
  latestVersion: number | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<MigrateValues>();
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef('');
  const from = c.definition.version;
  const newer = latestVersion !== undefined && latestVersion > from;
  useEffect(() => {
    if (!open) return;
    idempotencyKey.current = newIdempotencyKey();
    form.resetFields();
    form.setFieldsValue({ toVersion: newer ? latestVersion : from + 1 });
  }, [open, form, newer, latestVersion, from]);

  const submit = async (values: MigrateValues) => {
    setBusy(true);
    try {
      await api.migrateCase(c.id, values, idempotencyKey.current);
      message.success(t('incident.migrated', { version: values.toVersion }));
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('incident.migrateTitle')}
      onCancel={onClose}
      okText={t('incident.migrate')}
      okButtonProps={{ loading: busy, disabled: !newer, 'data-testid': 'migrate-confirm' } as ButtonProps}
      onOk={() => form.submit()}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('incident.migrateHint', { from })}</Typography.Paragraph>
      {!newer && (
        <Alert type="info" showIcon title={t('incident.noNewerVersion')} style={{ marginBottom: 16 }} />
      )}
      <Form<MigrateValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="toVersion" label={t('incident.toVersion')} rules={[{ required: true }]}>
          <InputNumber min={from + 1} max={latestVersion} precision={0} disabled={!newer} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('incident.reason')}
          rules={[{ required: true, whitespace: true, message: t('incident.reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} placeholder={t('incident.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
