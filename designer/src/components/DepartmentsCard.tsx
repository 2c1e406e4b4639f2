import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { accountsApi, type DepartmentInput } from '../accountsApi';
import { api, type Department } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { forgetDepartments, useApi } from '../useApi';

interface DepartmentForm {
  id: string;
  nameZh: string;
  nameEn: string;
  region?: string;
}

const REGION = /^[A-Z]{2}(-[A-Z0-9]{1,6})?$/;

/**
 * 部门管理 on the accounts screen: the admin creates a department, renames it, sets its region,
 * and deletes one that has no accounts or open tasks (the server refuses otherwise and says why).
 */
export function DepartmentsCard({ onChange }: { onChange: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, loading, reload } = useApi((signal) => api.departments(signal), []);
  const [createForm] = Form.useForm<DepartmentForm>();
  const [editForm] = Form.useForm<DepartmentForm>();
  const [editing, setEditing] = useState<Department | null>(null);
  const [busy, setBusy] = useState(false);

  const changed = () => {
    forgetDepartments();
    reload();
    onChange();
  };
  const run = async (call: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await call();
      message.success(done);
      changed();
      return true;
    } catch (err) {
      message.error(errorText(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const create = async (v: DepartmentForm) => {
    const input: DepartmentInput = {
      id: v.id.trim(),
      name: { zh: v.nameZh.trim(), en: v.nameEn.trim() },
      region: v.region?.trim() || null,
    };
    if (
      await run(() => accountsApi.createDepartment(input), t('departments.created', { name: input.name.zh }))
    )
      createForm.resetFields();
  };

  const save = async () => {
    if (!editing) return;
    const v = await editForm.validateFields();
    const ok = await run(
      () =>
        accountsApi.updateDepartment(editing.id, {
          name: { zh: v.nameZh.trim(), en: v.nameEn.trim() },
          region: v.region?.trim() || null,
        }),
      t('departments.saved', { id: editing.id }),
    );
    if (ok) setEditing(null);
  };

  const regionRule = { pattern: REGION, message: t('departments.regionPlaceholder') };

  return (
    <Card title={t('departments.title')} extra={<Button onClick={reload}>{t('common.refresh')}</Button>}>
      <Typography.Paragraph type="secondary">{t('departments.intro')}</Typography.Paragraph>
      <Table<Department>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        onRow={(d) => ({ 'data-testid': `department-${d.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'id', title: t('departments.id'), dataIndex: 'id' },
          { key: 'name', title: t('accounts.department'), render: (_, d) => pick(d.name) },
          {
            key: 'region',
            title: t('departments.region'),
            render: (_, d) => (d.region ? <Tag>{d.region}</Tag> : t('departments.national')),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, d) => (
              <Space>
                <Button size="small" data-testid={`department-edit-${d.id}`} onClick={() => setEditing(d)}>
                  {t('accounts.edit')}
                </Button>
                <Popconfirm
                  title={t('departments.deleteConfirm', { name: pick(d.name) })}
                  okButtonProps={{ danger: true, 'data-testid': 'department-delete-confirm' }}
                  onConfirm={() =>
                    void run(() => accountsApi.deleteDepartment(d.id), t('departments.deleted', { id: d.id }))
                  }
                >
                  <Button size="small" danger data-testid={`department-delete-${d.id}`}>
                    {t('departments.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Form<DepartmentForm>
        form={createForm}
        layout="inline"
        style={{ marginTop: 16, rowGap: 8 }}
        onFinish={(v) => void create(v)}
      >
        <Form.Item
          name="id"
          label={t('departments.id')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{1,39}$/ }]}
        >
          <Input style={{ width: 120 }} data-testid="department-new-id" />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('departments.nameZh')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="department-new-zh" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('departments.nameEn')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="department-new-en" />
        </Form.Item>
        <Form.Item name="region" label={t('departments.region')} rules={[regionRule]}>
          <Input
            style={{ width: 150 }}
            placeholder={t('departments.regionPlaceholder')}
            data-testid="department-new-region"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="department-create">
            {t('departments.create')}
          </Button>
        </Form.Item>
      </Form>
      <Modal
        open={editing !== null}
        title={editing ? t('departments.editTitle', { id: editing.id }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('accounts.save')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, 'data-testid': 'department-save' }}
        destroyOnHidden
      >
        <Form<DepartmentForm>
          form={editForm}
          layout="vertical"
          preserve={false}
          initialValues={
            editing
              ? {
                  id: editing.id,
                  nameZh: editing.name.zh,
                  nameEn: editing.name.en,
                  region: editing.region ?? '',
                }
              : undefined
          }
        >
          <Form.Item
            name="nameZh"
            label={t('departments.nameZh')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="department-edit-zh" />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('departments.nameEn')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="department-edit-en" />
          </Form.Item>
          <Form.Item name="region" label={t('departments.region')} rules={[regionRule]}>
            <Input placeholder={t('departments.regionPlaceholder')} data-testid="department-edit-region" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
