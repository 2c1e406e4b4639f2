import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, type FormField, type Task } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { materialsApi } from '../materialsApi';

type Decision = 'accept' | 'correction' | 'reject';

interface DecisionValues {
  comment?: string;
  items?: { subject?: string; reason?: string }[];
  note?: string;
  reason?: string;
}

/**
 * 预审受理 at the window: accept (the statutory clock starts), one correction notice listing every
 * correction at once (Art. 32), or refuse with a reason. Replaces 办结 on the intake row.
 */
export function IntakeActions({
  task,
  disabled,
  onDone,
}: {
  task: Task;
  disabled?: boolean;
  onDone: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [busy, setBusy] = useState(false);
  // The combined form's fields, offered as correction subjects; loaded when the notice opens.
  const [fields, setFields] = useState<FormField[]>([]);
  const [form] = Form.useForm<DecisionValues>();

  const open = (d: Decision) => {
    form.resetFields();
    setDecision(d);
    if (d === 'correction' && fields.length === 0) {
      api
        .case(task.caseId)
        .then((c) => api.bundle(c.bundleKey))
        .then((b) => setFields(b.form.components.filter((f) => f.key)))
        .catch(() => {});
    }
    if (d === 'correction') {
      // One notice tells everything: start it with every required material still missing (each
      // once, however many items need it); the clerk adds to it, edits or removes rows.
      materialsApi
        .taskMaterials(task.id)
        .then(({ items }) => {
          const missing = new Map<string, string>();
          for (const item of items)
            for (const m of item.materials)
              if (m.requirement === 'required' && m.status === 'missing')
                missing.set(m.key, lang === 'en' ? m.name.en : m.name.zh);
          if (
            missing.size > 0 &&
            (form.getFieldValue('items') ?? []).every((i: { subject?: string }) => !i?.subject)
          )
            form.setFieldsValue({
              items: [...missing.values()].map((subject) => ({
                subject,
                reason: t('inbox.correctionMissing'),
              })),
            });
        })
        .catch(() => {});
    }
  };

  const submit = async (values: DecisionValues) => {
    setBusy(true);
    try {
      if (decision === 'accept') {
        const comment = values.comment?.trim();
        await api.decideIntake(task.id, { decision: 'accept', ...(comment ? { comment } : {}) });
        message.success(t('inbox.acceptedDone', { caseNumber: task.caseNumber }));
      } else if (decision === 'correction') {
        const note = values.note?.trim();
        await api.decideIntake(task.id, {
          decision: 'correction',
          items: (values.items ?? []).map((i) => ({
            subject: (i.subject ?? '').trim(),
            reason: (i.reason ?? '').trim(),
          })),
          ...(note ? { note } : {}),
        });
        message.success(t('inbox.correctionSent'));
      } else if (decision === 'reject') {
        await api.decideIntake(task.id, { decision: 'reject', reason: (values.reason ?? '').trim() });
        message.success(t('inbox.rejectedDone', { caseNumber: task.caseNumber }));
      }
      setDecision(null);
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const subjectOptions = fields.map((f) => {
    const label = lang === 'en' && f.labelEn ? f.labelEn : f.label;
    return { value: label, label };
  });
  const titles: Record<Decision, string> = {
    accept: t('inbox.acceptTitle', { caseNumber: task.caseNumber }),
    correction: t('inbox.correctionTitle', { caseNumber: task.caseNumber }),
    reject: t('inbox.rejectTitle', { caseNumber: task.caseNumber }),
  };
  const okText: Record<Decision, string> = {
    accept: t('inbox.acceptConfirm'),
    correction: t('inbox.correctionSend'),
    reject: t('inbox.rejectConfirm'),
  };

  return (
    <>
      <Space size={4}>
        <Button
          size="small"
          type="primary"
          disabled={disabled}
          data-testid={`intake-accept-${task.id}`}
          onClick={() => open('accept')}
        >
          {t('inbox.accept')}
        </Button>
        <Button
          size="small"
          disabled={disabled}
          data-testid={`intake-correction-${task.id}`}
          onClick={() => open('correction')}
        >
          {t('inbox.correction')}
        </Button>
        <Button
          size="small"
          danger
          disabled={disabled}
          data-testid={`intake-reject-${task.id}`}
          onClick={() => open('reject')}
        >
          {t('inbox.reject')}
        </Button>
      </Space>

      <Modal
        open={decision !== null}
        title={decision ? titles[decision] : ''}
        width={decision === 'correction' ? 720 : 520}
        onCancel={() => setDecision(null)}
        okText={decision ? okText[decision] : ''}
        okButtonProps={{
          loading: busy,
          danger: decision === 'reject',
          ...({ 'data-testid': `intake-${decision}-confirm` } as object),
        }}
        onOk={() => form.submit()}
        forceRender
      >
        <Form<DecisionValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          initialValues={{ items: [{ subject: '', reason: '' }] }}
        >
          {decision === 'accept' && (
            <>
              <Typography.Paragraph type="secondary">{t('inbox.acceptHint')}</Typography.Paragraph>
              <Form.Item name="comment" label={t('inbox.acceptComment')}>
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  maxLength={2000}
                  placeholder={t('inbox.commentPlaceholder')}
                  data-testid="intake-accept-comment"
                />
              </Form.Item>
            </>
          )}
          {decision === 'correction' && (
            <>
              <Typography.Paragraph type="secondary">{t('inbox.correctionHint')}</Typography.Paragraph>
              <Form.List name="items">
                {(rows, { add, remove }) => (
                  <>
                    <Space style={{ display: 'flex', marginBottom: 4 }} wrap={false}>
                      <span style={{ display: 'inline-block', width: 20 }} />
                      <Typography.Text strong style={{ display: 'inline-block', width: 220 }}>
                        {t('inbox.correctionSubject')}
                      </Typography.Text>
                      <Typography.Text strong>{t('inbox.correctionReason')}</Typography.Text>
                    </Space>
                    {rows.map((row, i) => (
                      <Space key={row.key} align="start" style={{ display: 'flex' }} wrap={false}>
                        <Typography.Text style={{ display: 'inline-block', width: 20, paddingTop: 5 }}>
                          {i + 1}.
                        </Typography.Text>
                        <Form.Item
                          name={[row.name, 'subject']}
                          rules={[{ required: true, whitespace: true, message: t('inbox.subjectRequired') }]}
                          style={{ width: 220 }}
                        >
                          <AutoComplete
                            options={subjectOptions}
                            placeholder={t('inbox.correctionSubject')}
                            filterOption={(input, option) => String(option?.value ?? '').includes(input)}
                            data-testid={`intake-correction-subject-${i}`}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[row.name, 'reason']}
                          rules={[{ required: true, whitespace: true, message: t('inbox.reasonRequired') }]}
                          style={{ width: 360 }}
                        >
                          <Input
                            placeholder={t('inbox.correctionReason')}
                            maxLength={1000}
                            data-testid={`intake-correction-reason-${i}`}
                          />
                        </Form.Item>
                        <Button
                          type="text"
                          icon={<DeleteOutlined />}
                          aria-label={t('inbox.removeCorrection')}
                          disabled={rows.length === 1}
                          onClick={() => remove(row.name)}
                        />
                      </Space>
                    ))}
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ subject: '', reason: '' })}
                      data-testid="intake-correction-add"
                      style={{ marginBottom: 16 }}
                    >
                      {t('inbox.addCorrection')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Form.Item name="note" label={t('inbox.correctionNote')}>
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  maxLength={2000}
                  data-testid="intake-correction-note"
                />
              </Form.Item>
            </>
          )}
          {decision === 'reject' && (
            <>
              <Typography.Paragraph type="secondary">{t('inbox.rejectHint')}</Typography.Paragraph>
              <Form.Item
                name="reason"
                label={t('inbox.rejectReason')}
                rules={[{ required: true, whitespace: true, message: t('inbox.rejectRequired') }]}
              >
                <Input.TextArea
                  autoSize={{ minRows: 3 }}
                  maxLength={2000}
                  data-testid="intake-reject-reason"
                />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
