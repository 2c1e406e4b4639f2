import { App, Button, Card, Form, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type CaseDetail } from '../api';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { type CorrectionUploadState, CorrectionUploads } from './CorrectionUploads';

/**
 * The combined outcome per item (准予/不予许可 with reasons, legal basis and the Art. 38 remedies),
 * the items paused in a special procedure (Art. 45), and, for the applicant before any decision,
 * 撤回申请. Shown to everyone who may see the case.
 */
export function CaseDecisionsCard({ c, onChanged }: { c: CaseDetail; onChanged: () => void }) {
  const { t, pick, lang } = useI18n();
  const { message } = App.useApp();
  const [withdrawing, setWithdrawing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const [uploads, setUploads] = useState<CorrectionUploadState | null>(null);
  const canWithdraw = c.allowedActions.includes('withdraw');
  const canAnswer = c.allowedActions.includes('answerReviewCorrections');
  if (c.decisions.length === 0 && c.itemPauses.length === 0 && !canWithdraw) return null;

  const answer = async () => {
    setBusy(true);
    try {
      if (uploads && !uploads.ready) {
        message.warning(t('correctionUploads.missing', { n: uploads.missing }));
        return;
      }
      await api.answerReviewCorrections(
        c.id,
        uploads?.toleratedGaps.length ? { toleratedGaps: uploads.toleratedGaps } : {},
      );
      message.success(t('reviewCorrections.answered'));
      onChanged();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  // An item's name from its steps in this case (step names end in ` · <item>`).
  const itemName = (code: string) => {
    const step = c.tasks.find((s) => s.itemCode === code);
    return step ? (pick(step.name).split(' · ').at(-1) ?? code) : code;
  };

  const withdraw = async () => {
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await api.withdrawCase(c.id, { reason });
      message.success(t('withdraw.done'));
      setWithdrawing(false);
      onChanged();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('decisions.title')}
      data-testid="case-decisions"
      extra={
        canWithdraw && (
          <Button danger data-testid="withdraw-open" onClick={() => setWithdrawing(true)}>
            {t('withdraw.button')}
          </Button>
        )
      }
    >
      {c.decisions.length > 0 && (
        <List
          dataSource={c.decisions}
          renderItem={(d) => (
            <List.Item data-testid={`decision-${d.itemCode}`}>
              <Space orientation="vertical" size={2}>
                <Space>
                  <Typography.Text strong>{pick(d.name)}</Typography.Text>
                  <Tag color={d.decision === 'granted' ? 'green' : 'red'}>{t(`decisions.${d.decision}`)}</Tag>
                  <Typography.Text type="secondary">
                    {t('decisions.by', { actor: d.decidedBy.displayName, at: formatDateTime(d.decidedAt) })}
                  </Typography.Text>
                </Space>
                {d.reasons && <span>{t('decisions.reasons', { text: d.reasons })}</span>}
                {d.legalBasis && <span>{t('decisions.legalBasis', { text: d.legalBasis })}</span>}
                {d.decision === 'refused' && d.remedies && (
                  <Typography.Text type="secondary">
                    {lang === 'en' ? d.remedies.en : d.remedies.zh}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {c.reviewCorrections.length > 0 && (
        <div data-testid="review-corrections">
          <Typography.Title level={5}>{t('reviewCorrections.title')}</Typography.Title>
          {c.reviewCorrections.map((r) => (
            <Typography.Paragraph key={r.itemCode}>
              <Typography.Text strong>{itemName(r.itemCode)}</Typography.Text>
              {r.items.map((i) => ` · ${i.subject}：${i.reason}`).join('')}
            </Typography.Paragraph>
          ))}
          {canAnswer && <CorrectionUploads caseId={c.id} onState={setUploads} />}
          {canAnswer && (
            <Button
              type="primary"
              loading={busy}
              data-testid="review-corrections-answer"
              onClick={() => void answer()}
            >
              {t('reviewCorrections.answer')}
            </Button>
          )}
        </div>
      )}
      {c.itemPauses.length > 0 && (
        <>
          <Typography.Title level={5}>{t('itemPauses.title')}</Typography.Title>
          {c.itemPauses.map((p) => (
            <Typography.Paragraph key={p.itemCode} data-testid={`item-pause-${p.itemCode}`}>
              <Tag color="warning">
                {p.procedure ? t(`procedure.${p.procedure}` as never) : t('step.correction')}
              </Tag>
              {itemName(p.itemCode)}
              {' · '}
              {p.reason} · {p.from}
            </Typography.Paragraph>
          ))}
        </>
      )}
      <Modal
        open={withdrawing}
        title={t('withdraw.title')}
        onCancel={() => setWithdrawing(false)}
        destroyOnHidden
        okText={t('withdraw.button')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'withdraw-confirm' } as never}
        onOk={() => void withdraw()}
      >
        <Typography.Paragraph type="secondary">{t('withdraw.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('step.reason')}
            rules={[{ required: true, whitespace: true, message: t('step.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="withdraw-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
