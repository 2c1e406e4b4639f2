import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n';
import { resultsApi } from '../resultsApi';

/** The unread count, polled every 30 s; a click opens the notification centre. */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      resultsApi.unreadCount(controller.signal).then(
        (r) => setUnread(r.unread),
        () => undefined,
      );
    void load();
    // Other screens mark notifications read: they tell the badge.
    window.addEventListener('yj:notifications', load);
    const timer = setInterval(load, 30_000);
    return () => {
      controller.abort();
      clearInterval(timer);
      window.removeEventListener('yj:notifications', load);
    };
  }, []);
  return (
    <Badge count={unread} size="small" data-testid="notification-badge">
      <Button
        type="text"
        icon={<BellOutlined />}
        title={t('nav.notifications')}
        data-testid="notification-bell"
        onClick={() => navigate('/notifications')}
      />
    </Badge>
  );
}
