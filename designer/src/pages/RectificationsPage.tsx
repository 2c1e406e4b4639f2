import { App, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { client, data } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { LoadMore } from '../components/LoadMore';
import { errorText } from '../errors';
import { type MessageKey, useI18n } from '../i18n';
import { useRectificationList } from '../rectificationsApi';

/** 差评整改: the department's rectifications by deadline; a clerk replies and closes each. */
export default function RectificationsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [replies, setReplies] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const {
    rows: list,
    nextCursor,
    error,
    reload,
    loadMore,
    loadingMore,
    replace,
  } = useRectificationList({
    status: 'all',
  });
  if (error) return <ErrorResult error={error} onRetry={reload} />;

  const resolve = async (id: string) => {
    setBusy(id);
    try {
      // In place: the pages already loaded stay as they are.
      replace(
        await data(
          client.POST('/api/rectifications/{id}/resolve', {
            params: { path: { id } },
            body: { reply: replies[id] ?? '' },
          }),
        ),
      );
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('rectifications.title')} data-testid="rectifications">
      {list && list.length === 0 ? (
        <Empty description={t('rectifications.empty')} />
      ) : (
        <List
          loading={!list}
          dataSource={list ?? []}
          renderItem={(r) => (
            <List.Item key={r.id} data-testid={`rectification-${r.caseNumber}`} data-status={r.status}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Link to={`/cases/${r.caseId}`} className="yj-case-number">
                    {r.caseNumber}
                  </Link>
                  <span>{pick(r.bundleName)}</span>
                  <Tag color="red">{t(`rating.level.${r.score}` as MessageKey)}</Tag>
                  <Tag color={r.overdue ? 'red' : 'default'}>
                    {t('rectifications.due', { date: r.dueDate })}
                  </Tag>
                  {r.status === 'resolved' && <Tag color="green">{t('rectifications.resolved')}</Tag>}
                </Space>
                <Space wrap size={4}>
                  {r.reasons.map((reason) => (
                    <Tag key={reason}>{t(`rating.reason.${reason}` as MessageKey)}</Tag>
                  ))}
                </Space>
                {r.comment && <Typography.Text type="secondary">“{r.comment}”</Typography.Text>}
                {r.status === 'open' ? (
                  <Space.Compact style={{ width: '100%' }}>
                    <Input
                      placeholder={t('rectifications.reply')}
                      value={replies[r.id] ?? ''}
                      onChange={(e) => setReplies({ ...replies, [r.id]: e.target.value })}
                      data-testid={`rectification-reply-${r.caseNumber}`}
                    />
                    <Button
                      type="primary"
                      loading={busy === r.id}
                      onClick={() => void resolve(r.id)}
                      data-testid={`rectification-resolve-${r.caseNumber}`}
                    >
                      {t('rectifications.resolve')}
                    </Button>
                  </Space.Compact>
                ) : (
                  <Typography.Text>{r.reply}</Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      <LoadMore
        more={nextCursor !== null}
        loading={loadingMore}
        onLoad={() => void loadMore().catch((err: unknown) => message.error(errorText(t, err)))}
        testId="rectifications-load-more"
      />
    </Card>
  );
}
