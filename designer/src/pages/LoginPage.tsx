import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { LocalizedName, Role } from '../api';
import { useAuth } from '../auth';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { homePath } from '../roles';

const DEMO_PASSWORD = 'yijian123';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  department: LocalizedName | null;
}

/** The demo accounts of the embedded default (docs/api-contract.md); never present in production data. */
const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'zhangsan', displayName: '张三', role: 'applicant', department: null },
  { username: 'lisi', displayName: '李四', role: 'applicant', department: null },
  {
    username: 'market.clerk',
    displayName: '王芳',
    role: 'clerk',
    department: { zh: '市场监督管理局', en: 'Market Regulation Administration' },
  },
  {
    username: 'fire.clerk',
    displayName: '刘强',
    role: 'clerk',
    department: { zh: '消防救援支队', en: 'Fire and Rescue Division' },
  },
  {
    username: 'urban.clerk',
    displayName: '陈静',
    role: 'clerk',
    department: { zh: '城市管理局', en: 'Urban Management Bureau' },
  },
  {
    username: 'eco.clerk',
    displayName: '赵磊',
    role: 'clerk',
    department: { zh: '生态环境局', en: 'Ecology and Environment Bureau' },
  },
  { username: 'manager', displayName: '周敏', role: 'manager', department: null },
  { username: 'admin', displayName: '系统管理员', role: 'admin', department: null },
  { username: 'designer', displayName: '钱晨', role: 'designer', department: null },
];

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

      <Card title={t('login.demoTitle')} size="small">
        <Typography.Paragraph type="secondary">
          {t('login.demoHint', { password: DEMO_PASSWORD })}
        </Typography.Paragraph>
        <Table<DemoAccount>
          rowKey="username"
          size="small"
          pagination={false}
          dataSource={DEMO_ACCOUNTS}
          onRow={(account) =>
            ({
              'data-testid': `demo-login-${account.username}`,
              style: { cursor: 'pointer' },
              onClick: () => form.setFieldsValue({ username: account.username, password: DEMO_PASSWORD }),
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'username',
              title: t('col.username'),
              render: (_, a) => <Typography.Text code>{a.username}</Typography.Text>,
            },
            { key: 'displayName', title: t('col.displayName'), dataIndex: 'displayName' },
            { key: 'role', title: t('col.role'), render: (_, a) => <Tag>{t(`role.${a.role}`)}</Tag> },
            {
              key: 'department',
              title: t('col.department'),
              render: (_, a) => (a.department ? pick(a.department) : '—'),
            },
          ]}
        />
      </Card>
    </div>
  );
}
