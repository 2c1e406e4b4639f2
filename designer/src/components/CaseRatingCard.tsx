import type { Schemas } from '@yijian/api-client';
import { Alert, App, Button, Card, Checkbox, Input, Rate, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { client, data } from '../api';
import { errorText } from '../errors';
import { type MessageKey, useI18n } from '../i18n';
import { useApi } from '../useApi';

type Reason = Schemas['RatingReason'];
const GOOD: Reason[] = ['clearGuide', 'fewMaterials', 'fast', 'noTrips', 'courteous', 'resultAsExpected'];
const BAD: Reason[] = [
  'unclearGuide',
  'repeatedMaterials',
  'slow',
  'manyTrips',
  'discourteous',
  'resultUnclear',
  'other',
];

/** 好差评 on the case page: the applicant rates once after delivery and reads the 整改 reply. */
export function CaseRatingCard({ caseId }: { caseId: string }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [score, setScore] = useState(0);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const { data: state, reload } = useApi(
    (signal) => data(client.GET('/api/cases/{id}/rating', { params: { path: { id: caseId } }, signal })),
    [caseId],
  );
  if (!state || (!state.canRate && !state.rating)) return null;
  const level = (n: number) => t(`rating.level.${n}` as MessageKey);
  const bad = score > 0 && score <= 2;
  const offered = bad ? BAD : GOOD;

  const submit = async () => {
    if (bad && reasons.length === 0) return void message.warning(t('rating.reasonRequired'));
    setBusy(true);
    try {
      await data(
        client.POST('/api/cases/{id}/rating', {
          params: { path: { id: caseId } },
          body: {
            score,
            reasons: reasons.filter((r) => offered.includes(r)),
            ...(comment ? { comment } : {}),
          },
        }),
      );
      message.success(t('rating.done'));
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (state.rating) {
    const r = state.rating;
    return (
      <Card title={t('rating.title')} data-testid="case-rating">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Rate disabled value={r.score} />
            <Typography.Text data-testid="rating-level">
              {t('rating.yours', { level: level(r.score) })}
            </Typography.Text>
          </Space>
          {r.reasons.length > 0 && (
            <Space wrap size={4}>
              {r.reasons.map((reason) => (
                <Tag key={reason}>{t(`rating.reason.${reason}` as MessageKey)}</Tag>
              ))}
            </Space>
          )}
          {r.rectifications.map((x) => (
            <Alert
              key={x.id}
              type={x.status === 'resolved' ? 'success' : 'info'}
              data-testid={`rating-rectification-${x.status}`}
              title={t('rating.rectification', {
                department: pick(x.departmentName),
                state: t(`rating.rectification.${x.status}` as MessageKey),
                date: x.dueDate,
              })}
              description={x.reply ? t('rating.reply', { reply: x.reply }) : undefined}
            />
          ))}
        </Space>
      </Card>
    );
  }
  return (
    <Card title={t('rating.title')} data-testid="case-rating">
      <Typography.Paragraph type="secondary">{t('rating.intro')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Rate
            value={score}
            onChange={(n) => {
              setScore(n);
              setReasons([]);
            }}
            data-testid="rating-stars"
          />
          {score > 0 && <Typography.Text>{level(score)}</Typography.Text>}
        </Space>
        {score > 0 && (
          <>
            <Typography.Text strong>{t('rating.reasons')}</Typography.Text>
            <Checkbox.Group
              value={reasons}
              onChange={(v) => setReasons(v as Reason[])}
              options={offered.map((reason) => ({
                value: reason,
                label: (
                  <span data-testid={`rating-reason-${reason}`}>
                    {t(`rating.reason.${reason}` as MessageKey)}
                  </span>
                ),
              }))}
            />
            <Input.TextArea
              placeholder={t('rating.comment')}
              maxLength={1000}
              autoSize={{ minRows: 2 }}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              data-testid="rating-comment"
            />
            <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="rating-submit">
              {t('rating.submit')}
            </Button>
          </>
        )}
      </Space>
    </Card>
  );
}
