import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type Account, accountsApi, type NewAccount } from '../accountsApi';
import type { Role } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

const ROLES: Role[] = ['applicant', 'clerk', 'manager', 'designer', 'admin'];

/** 账户管理: the admin lists accounts, creates local ones and revokes an account's sessions. */
export default function AccountsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const { data, error, loading, reload } = useApi((signal) => accountsApi.list(signal), []);
  const [form] = Form.useForm<NewAccount>();
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form);

  if (error) return <ErrorResult error={error} onRetry={reload} />;

  const create = async (values: NewAccount) => {
    setSaving(true);
    try {
      await accountsApi.create({ ...values, departmentId: values.departmentId ?? null });
      message.success(t('accounts.created', { username: values.username }));
      form.resetFields();
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (account: Account) => {
    try {
      const { sessionsEnded } = await accountsApi.revokeSessions(account.id);
      message.success(t('accounts.revoked', { n: sessionsEnded }));
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('accounts.title')} extra={<Button onClick={reload}>{t('common.refresh')}</Button>}>
        <Typography.Paragraph type="secondary">{t('accounts.intro')}</Typography.Paragraph>
        <Table<Account>
          rowKey="id"
          loading={loading}
          dataSource={data ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
            { key: 'displayName', title: t('accounts.displayName'), dataIndex: 'displayName' },
            {
              key: 'role',
              title: t('accounts.role'),
              render: (_, a) => <Tag>{a.role === 'system' ? t('accounts.system') : t(`role.${a.role}`)}</Tag>,
            },
            {
              key: 'department',
              title: t('accounts.department'),
              render: (_, a) => departmentName(a.departmentId),
            },
            { key: 'sessions', title: t('accounts.sessions'), dataIndex: 'activeSessions' },
            {
              key: 'actions',
              title: '',
              render: (_, a) => (
                <Button
                  size="small"
                  danger
                  disabled={a.activeSessions === 0}
                  data-testid={`revoke-${a.username}`}
                  onClick={() => void revoke(a)}
                >
                  {t('accounts.revoke')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('accounts.create')}>
        <Form<NewAccount>
          form={form}
          layout="inline"
          onFinish={(v) => void create(v)}
          initialValues={{ role: 'applicant' }}
        >
          <Form.Item
            name="username"
            label={t('accounts.username')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9._-]+$/ }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('accounts.displayName')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="departmentId"
            label={t('accounts.department')}
            rules={[{ required: role === 'clerk' }]}
          >
            <Select
              allowClear
              style={{ width: 200 }}
              options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
            />
          </Form.Item>
          <Form.Item name="password" label={t('accounts.password')} rules={[{ required: true, min: 12 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('accounts.create')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </Space>
  );
}
