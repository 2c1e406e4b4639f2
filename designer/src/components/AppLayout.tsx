import { GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, type MenuProps, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../api';
import { useAuth } from '../auth';
import { type MessageKey, useI18n } from '../i18n';
import { NotificationBell } from './NotificationBell';
import { UserText } from './UserText';

/** The menu each role sees; the same paths are guarded by <RequireAuth> in App.tsx. */
const NAV: Record<Role, { path: string; label: MessageKey }[]> = {
  applicant: [
    { path: '/apply', label: 'nav.apply' },
    { path: '/my-cases', label: 'nav.myCases' },
    { path: '/my-licences', label: 'nav.wallet' },
  ],
  clerk: [
    { path: '/inbox', label: 'nav.inbox' },
    { path: '/rectifications', label: 'nav.rectifications' },
  ],
  manager: [
    { path: '/monitor', label: 'nav.monitor' },
    { path: '/monitor/rectifications', label: 'nav.rectificationsAll' },
  ],
  admin: [
    { path: '/monitor', label: 'nav.monitor' },
    { path: '/inbox', label: 'nav.inbox' },
    { path: '/studio/compose', label: 'nav.compose' },
    { path: '/studio/model', label: 'nav.modeler' },
    { path: '/studio/versions', label: 'nav.versions' },
    { path: '/studio/forms', label: 'nav.forms' },
    { path: '/studio/catalogue', label: 'nav.catalogue' },
    { path: '/admin/accounts', label: 'nav.accounts' },
    { path: '/admin/console', label: 'nav.console' },
    // Last: on a narrow screen the menu folds its tail into "…", and the console comes first.
    { path: '/monitor/rectifications', label: 'nav.rectificationsAll' },
  ],
  designer: [
    { path: '/studio/compose', label: 'nav.compose' },
    { path: '/studio/model', label: 'nav.modeler' },
    { path: '/studio/versions', label: 'nav.versions' },
    { path: '/studio/forms', label: 'nav.forms' },
    { path: '/studio/catalogue', label: 'nav.catalogue' },
  ],
  system: [],
};

export function AppLayout() {
  const { t, lang, setLang, pick } = useI18n();
  const { user, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();

  const nav = user ? NAV[user.role] : [];
  const items: MenuProps['items'] = nav.map((n) => ({
    key: n.path,
    label: <Link to={n.path}>{t(n.label)}</Link>,
  }));
  // The longest matching path: /monitor/rectifications selects its own entry, not 监察 too.
  const selected = nav
    .filter((n) => location.pathname.startsWith(n.path))
    .sort((a, b) => b.path.length - a.path.length)
    .slice(0, 1)
    .map((n) => n.path);
  // Phones (< 768 px): the menu, language switch and logout move into a drawer, so nothing is cut.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  const onLogout = () => {
    setDrawer(false);
    logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: phone ? 8 : 24,
          background: '#fff',
          borderBottom: '1px solid #f0f0f0',
          paddingInline: phone ? 12 : 24,
        }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: 'inherit' }}>
          <span
            aria-hidden
            // The logo: the brand's glyph, Chinese in both languages.
            lang="zh-CN"
            style={{
              display: 'inline-grid',
              placeItems: 'center',
              width: 32,
              height: 32,
              borderRadius: 6,
              lineHeight: 1,
              background: '#c8102e',
              color: '#fff',
              fontWeight: 700,
            }}
          >
            一
          </span>
          <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Text>
        </Link>
        {phone ? (
          <>
            <div style={{ flex: 1 }} />
            {user && <NotificationBell />}
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              data-testid="nav-drawer-open"
              onClick={() => setDrawer(true)}
            />
            <Drawer
              open={drawer}
              onClose={() => setDrawer(false)}
              placement="right"
              size={280}
              title={user ? <UserText>{user.displayName}</UserText> : t('app.name')}
            >
              <Menu
                mode="vertical"
                selectedKeys={selected}
                items={items}
                onClick={() => setDrawer(false)}
                style={{ borderInlineEnd: 0 }}
              />
              <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
                <Button
                  block
                  icon={<GlobalOutlined />}
                  data-testid="lang-switch"
                  onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
                >
                  <span lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('lang.switch')}</span>
                </Button>
                {user && (
                  <Button block danger icon={<LogoutOutlined />} data-testid="logout" onClick={onLogout}>
                    {t('header.logout')}
                  </Button>
                )}
              </Space>
            </Drawer>
          </>
        ) : (
          <Menu
            mode="horizontal"
            selectedKeys={selected}
            items={items}
            style={{ flex: 1, minWidth: 0, borderBottom: 0 }}
          />
        )}
        {!phone && (
          <Space size="middle">
            <Button
              type="text"
              icon={<GlobalOutlined />}
              title={t('lang.switchTitle')}
              data-testid="lang-switch"
              onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            >
              <span lang={lang === 'zh' ? 'en' : 'zh-CN'}>{t('lang.switch')}</span>
            </Button>
            {user && (
              <>
                <NotificationBell />
                <Space size={6} data-testid="current-user">
                  <UserOutlined />
                  <Typography.Text>
                    <UserText>{user.displayName}</UserText>
                  </Typography.Text>
                  <Tag>{user.departmentName ? pick(user.departmentName) : t(`role.${user.role}`)}</Tag>
                </Space>
                <Button icon={<LogoutOutlined />} data-testid="logout" onClick={onLogout}>
                  {t('header.logout')}
                </Button>
              </>
            )}
          </Space>
        )}
      </Layout.Header>
      <Layout.Content style={{ padding: phone ? 12 : 24 }}>
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Outlet />
        </div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: '#8c8c8c' }}>{t('app.tagline')}</Layout.Footer>
    </Layout>
  );
}
