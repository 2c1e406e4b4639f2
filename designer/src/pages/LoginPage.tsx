import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { api, type DemoAccounts } from '../api';
import { useAuth } from '../auth';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { homePath } from '../roles';
import { useApi } from '../useApi';

type DemoAccount = DemoAccounts['accounts'][number];

/** Rows a role's cell spans: the group's size on its first row, 0 on the others (rows come in role order). */
function roleGroupSpan(accounts: readonly DemoAccount[], index: number): number {
  const role = accounts[index]?.role;
  if (index > 0 && accounts[index - 1]?.role === role) return 0;
  let n = 1;
  while (accounts[index + n]?.role === role) n++;
  return n;
}

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, pick } = useI18n();
  const { user, login } = useAuth();
  const location = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Credentials>();
  const [submitting, setSubmitting] = useState(false);
  // The seed's own list, served only when the demo accounts exist (never in production).
  const { data: demo } = useApi((signal) => api.demoAccounts(signal), []);

  // Signed in (now or already): go where the role works, or back to the page that sent us here.
  if (user) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : homePath(user.role)} replace />;
  }

  const onFinish = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    try {
      const signedIn = await login(username.trim(), password);
      message.success(t('login.welcome', { name: signedIn.displayName }));
    } catch (err) {
      message.error(errorText(t, err));
      setSubmitting(false);
    }
  };

  return (
    <div style={{ maxWidth: 720, margin: '24px auto', display: 'grid', gap: 24 }}>
      <Card style={{ maxWidth: 420, width: '100%', justifySelf: 'center' }}>
        <Typography.Title level={3} style={{ marginTop: 0, textAlign: 'center' }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('app.tagline')}
        </Typography.Paragraph>
        <Form<Credentials> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>

      {demo?.password && demo.accounts.length > 0 && (
        <Card title={t('login.demoTitle')} size="small" data-testid="demo-accounts">
          <Typography.Paragraph type="secondary">
            {t('login.demoHint', { password: demo.password })}
          </Typography.Paragraph>
          <Table<DemoAccount>
            rowKey="username"
            size="small"
            pagination={false}
            dataSource={demo.accounts}
            onRow={(account) =>
              ({
                'data-testid': `demo-login-${account.username}`,
                style: { cursor: 'pointer' },
                onClick: () =>
                  form.setFieldsValue({ username: account.username, password: demo.password ?? '' }),
              }) as HTMLAttributes<HTMLElement>
            }
            columns={[
              {
                key: 'role',
                title: t('col.role'),
                // Grouped by role (the server sends them in role order): the role shows once per group.
                onCell: (_, index = 0) => ({ rowSpan: roleGroupSpan(demo.accounts, index) }),
                render: (_, a) => <Tag>{t(`role.${a.role}`)}</Tag>,
              },
              {
                key: 'username',
                title: t('col.username'),
                render: (_, a) => <Typography.Text code>{a.username}</Typography.Text>,
              },
              {
                key: 'displayName',
                title: t('col.displayName'),
                render: (_, a) => <UserText>{a.displayName}</UserText>,
              },
              {
                key: 'department',
                title: t('col.department'),
                render: (_, a) => (a.department ? pick(a.department) : '—'),
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
