import {
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type Account, type AccountChange, accountsApi, type NewAccount } from '../accountsApi';
import type { Role } from '../api';
import { useAuth } from '../auth';
import { DepartmentsCard } from '../components/DepartmentsCard';
import { ErrorResult } from '../components/ErrorResult';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

const ROLES: Role[] = ['applicant', 'clerk', 'manager', 'designer', 'admin'];

/**
 * 账户管理: the admin lists accounts, creates local ones, changes an account's role and department,
 * disables / enables it, resets its password and revokes its sessions; and manages departments.
 */
export default function AccountsPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const { data, error, loading, reload } = useApi((signal) => accountsApi.list(signal), []);
  const [form] = Form.useForm<NewAccount>();
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form);
  const { user } = useAuth();
  const [editing, setEditing] = useState<Account | null>(null);
  const [editForm] = Form.useForm<AccountChange>();
  const editRole = Form.useWatch('role', editForm);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [resetForm] = Form.useForm<{ newPassword: string }>();

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

  const run = async (call: () => Promise<unknown>, done: string): Promise<boolean> => {
    setSaving(true);
    try {
      await call();
      message.success(done);
      reload();
      return true;
    } catch (err) {
      message.error(errorText(t, err));
      return false;
    } finally {
      setSaving(false);
    }
  };

  const saveEdit = async () => {
    if (!editing) return;
    const v = await editForm.validateFields();
    const ok = await run(
      () =>
        accountsApi.update(editing.id, {
          ...(v.displayName ? { displayName: v.displayName.trim() } : {}),
          ...(v.role ? { role: v.role } : {}),
          departmentId: v.departmentId ?? null,
        }),
      t('accounts.saved', { username: editing.username }),
    );
    if (ok) setEditing(null);
  };

  const resetPassword = async () => {
    if (!resetting) return;
    const { newPassword } = await resetForm.validateFields();
    setSaving(true);
    try {
      const { sessionsEnded } = await accountsApi.resetPassword(resetting.id, newPassword);
      message.success(t('accounts.resetDone', { n: sessionsEnded }));
      setResetting(null);
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
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
            {
              key: 'displayName',
              title: t('accounts.displayName'),
              render: (_: unknown, a: { displayName: string }) => <UserText>{a.displayName}</UserText>,
            },
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
              key: 'status',
              title: t('accounts.status'),
              render: (_, a) =>
                a.disabled ? (
                  <Tag color="red" data-testid={`account-disabled-${a.username}`}>
                    {t('accounts.disabledTag')}
                  </Tag>
                ) : (
                  <Tag color="green">{t('accounts.active')}</Tag>
                ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, a) =>
                a.role === 'system' ? null : (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      data-testid={`account-edit-${a.username}`}
                      onClick={() => setEditing(a)}
                    >
                      {t('accounts.edit')}
                    </Button>
                    {a.disabled ? (
                      <Button
                        size="small"
                        data-testid={`account-enable-${a.username}`}
                        onClick={() =>
                          void run(
                            () => accountsApi.setDisabled(a.id, false),
                            t('accounts.enabledDone', { username: a.username }),
                          )
                        }
                      >
                        {t('accounts.enable')}
                      </Button>
                    ) : (
                      <Popconfirm
                        title={t('accounts.disableConfirm', { username: a.username })}
                        disabled={a.id === user?.id}
                        okButtonProps={{ danger: true, 'data-testid': 'account-disable-confirm' }}
                        onConfirm={() =>
                          void run(
                            () => accountsApi.setDisabled(a.id, true),
                            t('accounts.disabledDone', { username: a.username }),
                          )
                        }
                      >
                        <Button
                          size="small"
                          danger
                          disabled={a.id === user?.id}
                          data-testid={`account-disable-${a.username}`}
                        >
                          {t('accounts.disable')}
                        </Button>
                      </Popconfirm>
                    )}
                    <Button
                      size="small"
                      data-testid={`account-reset-${a.username}`}
                      onClick={() => setResetting(a)}
                    >
                      {t('accounts.resetPassword')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={a.activeSessions === 0}
                      data-testid={`revoke-${a.username}`}
                      onClick={() => void revoke(a)}
                    >
                      {t('accounts.revoke')}
                    </Button>
                  </Space>
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
      <DepartmentsCard onChange={reload} />
      <Modal
        open={editing !== null}
        title={editing ? t('accounts.editTitle', { username: editing.username }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void saveEdit()}
        okText={t('accounts.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: saving, 'data-testid': 'account-save' }}
        destroyOnHidden
      >
        <Form<AccountChange>
          form={editForm}
          layout="vertical"
          preserve={false}
          initialValues={
            editing
              ? {
                  displayName: editing.displayName,
                  role: editing.role === 'system' ? undefined : editing.role,
                  departmentId: editing.departmentId,
                }
              : undefined
          }
        >
          <Form.Item
            name="displayName"
            label={t('accounts.displayName')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true }]}>
            <Select
              data-testid="account-edit-role"
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="departmentId"
            label={t('accounts.department')}
            rules={[{ required: editRole === 'clerk' }]}
          >
            <Select
              allowClear
              data-testid="account-edit-department"
              options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={resetting !== null}
        title={resetting ? t('accounts.resetTitle', { username: resetting.username }) : ''}
        onCancel={() => setResetting(null)}
        onOk={() => void resetPassword()}
        okText={t('accounts.resetPassword')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: saving, danger: true, 'data-testid': 'account-reset-confirm' }}
        destroyOnHidden
      >
        <Form form={resetForm} layout="vertical" preserve={false}>
          <Form.Item
            name="newPassword"
            label={t('accounts.newPassword')}
            rules={[{ required: true, min: 12 }]}
          >
            <Input.Password autoComplete="new-password" data-testid="account-new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
