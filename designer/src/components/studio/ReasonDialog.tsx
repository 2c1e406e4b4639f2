import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../errors';
import { useI18n } from '../../i18n';

/**
 * Asks for the reason of a retirement or a restore (kept in the audit log) and runs `onSubmit`;
 * a refusal stays in the dialog, worded by the server.
 */
export function ReasonDialog({
  open,
  title,
  hint,
  okText,
  danger,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  hint?: string;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(null);
    }
  }, [open, form]);

  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      await onSubmit(reason.trim());
      onClose();
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, loading: busy, 'data-testid': 'reason-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {hint && <Alert type="info" showIcon title={hint} style={{ marginBottom: 12 }} />}
      {problem !== null && (
        <Alert type="error" showIcon title={errorText(t, problem)} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="reason"
          label={t('versions.reason')}
          rules={[{ required: true, whitespace: true, message: t('versions.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
