import { Badge, Button, Card, Empty, List, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { type AppNotification, resultsApi } from '../resultsApi';
import { useApi } from '../useApi';

const changed = () => window.dispatchEvent(new Event('yj:notifications'));

/** 消息中心: the user's notifications, newest first; opening one marks it read. */
export default function NotificationsPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const { data, reload } = useApi((signal) => resultsApi.notifications(signal), []);

  const open = async (n: AppNotification) => {
    if (!n.readAt) {
      await resultsApi.markRead(n.id);
      changed();
    }
    if (n.link) navigate(n.link);
    else reload();
  };

  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Button
          data-testid="notifications-read-all"
          disabled={!data?.unread}
          onClick={() =>
            void resultsApi.markAllRead().then(() => {
              changed();
              reload();
            })
          }
        >
          {t('notifications.readAll')}
        </Button>
      }
    >
      {data && data.notifications.length === 0 ? (
        <Empty description={t('notifications.empty')} />
      ) : (
        <List
          dataSource={data?.notifications ?? []}
          loading={!data}
          renderItem={(n) => (
            <List.Item
              data-testid={`notification-${n.kind}`}
              style={{ cursor: 'pointer', background: n.readAt ? undefined : '#fff7f0' }}
              onClick={() => void open(n)}
            >
              <List.Item.Meta
                title={
                  <span>
                    {!n.readAt && <Badge status="processing" text="" />} {pick(n.title)}
                    {n.caseNumber && <Tag style={{ marginLeft: 8 }}>{n.caseNumber}</Tag>}
                  </span>
                }
                description={pick(n.body)}
              />
              <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
