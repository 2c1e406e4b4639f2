import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { errorText } from '../errors';
import {
  catalogueApi,
  type ItemDefinition,
  type MaterialType,
  type NewMaterialType,
  type StoredItem,
} from '../formsApi';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

const UNITS = ['workingDays', 'calendarDays', 'calendarMonths'] as const;
const TRUST = ['A', 'B', 'C', 'D'] as const;

/** A limit input: value and unit side by side. */
function LimitFields({ name }: { name: (string | number)[] }) {
  const { t } = useI18n();
  return (
    <Space.Compact>
      <Form.Item name={[...name, 'value']} noStyle rules={[{ required: true }]}>
        <InputNumber min={1} max={1000} precision={0} style={{ width: 100 }} />
      </Form.Item>
      <Form.Item name={[...name, 'unit']} noStyle rules={[{ required: true }]}>
        <Select
          style={{ width: 130 }}
          options={UNITS.map((u) => ({ value: u, label: t(`catalogue.unit.${u}`) }))}
        />
      </Form.Item>
    </Space.Compact>
  );
}

/** 编辑事项: the item's elements in a drawer; saving stores its next version. */
function ItemDrawer({ code, onClose }: { code: string; onClose: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departments } = useDepartments();
  const stored = useApi((signal) => catalogueApi.item(code, signal), [code]);
  const materials = useApi((signal) => catalogueApi.materials(signal), []);
  const [form] = Form.useForm<ItemDefinition & { hasStatutory: boolean }>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const [current, setCurrent] = useState<StoredItem>();
  const item = current ?? stored.data;
  const departmentOptions = departments.map((d) => ({ value: d.id, label: pick(d.name) }));

  const save = async () => {
    if (!item) return;
    const { hasStatutory, ...values } = await form.validateFields();
    const next: ItemDefinition = {
      ...item.item,
      ...values,
      statutoryLimit: hasStatutory ? (values.statutoryLimit ?? null) : null,
    };
    // No steps listed: the default 受理 → 审查 → 决定 → 制证发证.
    if (!next.steps?.length) delete next.steps;
    setSaving(true);
    try {
      const saved = await catalogueApi.saveItem(code, next, item.version);
      setCurrent(saved);
      setRefusal(null);
      message.success(t('catalogue.saved', { version: saved.version }));
    } catch (err) {
      setRefusal(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      width={760}
      onClose={onClose}
      title={item ? `${pick(item.item.name)} (${code}) · v${item.version}` : code}
      extra={
        <Button type="primary" loading={saving} onClick={save} data-testid="catalogue-save">
          {t('catalogue.save')}
        </Button>
      }
    >
      {stored.error ? <ErrorResult error={stored.error} onRetry={stored.reload} /> : null}
      {refusal ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="catalogue-refusal"
          message={errorText(t, refusal)}
        />
      ) : null}
      {item && (
        <Form
          form={form}
          layout="vertical"
          key={`${code}-${item.version}`}
          initialValues={{
            ...item.item,
            hasStatutory: item.item.statutoryLimit !== null,
            statutoryLimit: item.item.statutoryLimit ?? { value: 20, unit: 'workingDays' },
          }}
        >
          <Space wrap>
            <Form.Item name={['name', 'zh']} label={t('catalogue.nameZh')} rules={[{ required: true }]}>
              <Input style={{ width: 320 }} data-testid="catalogue-name-zh" />
            </Form.Item>
            <Form.Item name={['name', 'en']} label={t('catalogue.nameEn')} rules={[{ required: true }]}>
              <Input style={{ width: 320 }} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="implementingDepartmentId" label={t('catalogue.department')}>
              <Select style={{ width: 240 }} options={departmentOptions} />
            </Form.Item>
            <Form.Item name="competentDepartmentId" label={t('catalogue.competent')}>
              <Select style={{ width: 240 }} options={departmentOptions} />
            </Form.Item>
            <Form.Item name="handlingType" label={t('catalogue.handling')}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'immediate', label: t('catalogue.immediate') },
                  { value: 'promised', label: t('catalogue.promised') },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item name="legalBasis" label={t('catalogue.legalBasis')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Space wrap align="start" size="large">
            <Form.Item label={t('catalogue.statutory')}>
              <Space>
                <Form.Item name="hasStatutory" valuePropName="checked" noStyle>
                  <Switch />
                </Form.Item>
                <LimitFields name={['statutoryLimit']} />
              </Space>
            </Form.Item>
            <Form.Item label={t('catalogue.promisedLimit')} data-testid="catalogue-promised">
              <LimitFields name={['promisedLimit']} />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('catalogue.itemMaterials')}</Typography.Title>
          <Form.List name="materials">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} wrap>
                    <Form.Item name={[row.name, 'key']} noStyle>
                      <Select
                        style={{ width: 260 }}
                        data-testid={`catalogue-material-${row.name}`}
                        showSearch
                        optionFilterProp="label"
                        options={(materials.data ?? []).map((m) => ({ value: m.key, label: pick(m.name) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'requirement']} noStyle>
                      <Select
                        style={{ width: 100 }}
                        options={[
                          { value: 'required', label: t('catalogue.required') },
                          { value: 'secondary', label: t('catalogue.secondary') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'originals']} noStyle>
                      <InputNumber
                        min={0}
                        max={20}
                        addonBefore={t('catalogue.originals')}
                        style={{ width: 130 }}
                      />
                    </Form.Item>
                    <Form.Item name={[row.name, 'copies']} noStyle>
                      <InputNumber
                        min={0}
                        max={20}
                        addonBefore={t('catalogue.copies')}
                        style={{ width: 140 }}
                      />
                    </Form.Item>
                    <Button size="small" onClick={() => remove(row.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <Button
                  size="small"
                  data-testid="catalogue-material-add"
                  onClick={() => add({ key: undefined, requirement: 'required', originals: 1, copies: 0 })}
                >
                  {t('catalogue.add')}
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5}>{t('catalogue.fees')}</Typography.Title>
          <Form.List name="fees">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} wrap>
                    <Form.Item name={[row.name, 'name', 'zh']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('catalogue.feeName')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'name', 'en']} noStyle rules={[{ required: true }]}>
                      <Input placeholder="Fee" style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'amountYuan']} noStyle rules={[{ required: true }]}>
                      <InputNumber min={0} placeholder={t('catalogue.amount')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'basis']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('catalogue.basis')} style={{ width: 180 }} />
                    </Form.Item>
                    <Button size="small" onClick={() => remove(row.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <Button
                  size="small"
                  onClick={() => add({ name: { zh: '', en: '' }, amountYuan: 0, basis: '' })}
                >
                  {t('catalogue.add')}
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5}>{t('catalogue.steps')}</Typography.Title>
          <Form.List name="steps">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} wrap>
                    <Form.Item name={[row.name, 'key']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('catalogue.stepKey')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'name', 'zh']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('catalogue.nameZh')} style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'name', 'en']} noStyle rules={[{ required: true }]}>
                      <Input placeholder={t('catalogue.nameEn')} style={{ width: 130 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'departmentId']} noStyle>
                      <Select allowClear style={{ width: 160 }} options={departmentOptions} />
                    </Form.Item>
                    <Button size="small" onClick={() => remove(row.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                <Button size="small" onClick={() => add({ key: '', name: { zh: '', en: '' } })}>
                  {t('catalogue.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Drawer>
  );
}

/** 新建材料: key, names, e-licence and trust level of a new material type; the server checks them. */
function NewMaterialDialog({
  licences,
  onClose,
  onCreated,
}: {
  licences: { value: string; label: string }[];
  onClose: () => void;
  onCreated: (created: MaterialType) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewMaterialType>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<unknown>(null);
  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setRefusal(null);
    try {
      onCreated(
        await catalogueApi.createMaterial({
          ...values,
          eLicenceType: values.eLicenceType ?? null,
          trustLevel: values.trustLevel ?? null,
        }),
      );
    } catch (err) {
      setRefusal(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('catalogue.newMaterial')}
      okText={t('catalogue.create')}
      cancelText={t('catalogue.cancel')}
      confirmLoading={saving}
      onOk={create}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'material-create-ok' } as never}
    >
      {refusal !== null && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={errorText(t, refusal)} />
      )}
      <Form form={form} layout="vertical" data-testid="material-create-form">
        <Form.Item
          name="key"
          label={t('catalogue.materialKey')}
          extra={t('catalogue.materialKeyHelp')}
          rules={[
            {
              required: true,
              pattern: /^[a-zA-Z][a-zA-Z0-9]{0,63}$/,
              message: t('catalogue.materialKeyInvalid'),
            },
          ]}
        >
          <Input data-testid="material-create-key" />
        </Form.Item>
        <Form.Item
          name={['name', 'zh']}
          label={t('catalogue.nameZh')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="material-create-zh" />
        </Form.Item>
        <Form.Item
          name={['name', 'en']}
          label={t('catalogue.nameEn')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input data-testid="material-create-en" />
        </Form.Item>
        <Form.Item name="eLicenceType" label={t('catalogue.eLicence')}>
          <Select allowClear options={licences} />
        </Form.Item>
        <Form.Item name="trustLevel" label={t('catalogue.trust')}>
          <Select allowClear options={TRUST.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 材料目录: names, e-licence and trust level of each material, edited in place. */
function MaterialsTab() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const materials = useApi((signal) => catalogueApi.materials(signal), []);
  const licences = useApi((signal) => catalogueApi.eLicenceTypes(signal), []);
  const [edits, setEdits] = useState<Record<string, MaterialType>>({});
  const [creating, setCreating] = useState(false);
  const row = (m: MaterialType) => edits[m.key] ?? m;
  const change = (m: MaterialType, patch: Partial<MaterialType>) =>
    setEdits((prev) => ({ ...prev, [m.key]: { ...row(m), ...patch } }));
  const save = async (m: MaterialType) => {
    const edited = row(m);
    try {
      await catalogueApi.saveMaterial(m.key, {
        name: edited.name,
        eLicenceType: edited.eLicenceType as never,
        trustLevel: edited.trustLevel as never,
      });
      message.success(t('catalogue.materialSaved', { name: edited.name.zh }));
      setEdits(({ [m.key]: _saved, ...rest }) => rest);
      materials.reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };
  if (materials.error) return <ErrorResult error={materials.error} onRetry={materials.reload} />;
  const licenceOptions = (licences.data ?? []).map((l) => ({ value: l.key, label: pick(l.name) }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setCreating(true)} data-testid="material-new">
        {t('catalogue.newMaterial')}
      </Button>
      {creating && (
        <NewMaterialDialog
          licences={licenceOptions}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            message.success(t('catalogue.materialCreated', { name: pick(created.name) }));
            materials.reload();
          }}
        />
      )}
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        // A phone scrolls the table sideways rather than folding each cell to a column of letters.
        scroll={{ x: 'max-content' }}
        loading={materials.loading}
        dataSource={materials.data ?? []}
        columns={[
          {
            title: 'key',
            dataIndex: 'key',
            render: (k: string) => <Typography.Text code>{k}</Typography.Text>,
          },
          {
            title: t('catalogue.nameZh'),
            render: (_: unknown, m: MaterialType) => (
              <Input
                size="small"
                data-testid={`material-name-${m.key}`}
                value={row(m).name.zh}
                onChange={(e) => change(m, { name: { ...row(m).name, zh: e.target.value } })}
              />
            ),
          },
          {
            title: t('catalogue.nameEn'),
            render: (_: unknown, m: MaterialType) => (
              <Input
                size="small"
                value={row(m).name.en}
                onChange={(e) => change(m, { name: { ...row(m).name, en: e.target.value } })}
              />
            ),
          },
          {
            title: t('catalogue.eLicence'),
            render: (_: unknown, m: MaterialType) => (
              <Select
                size="small"
                allowClear
                style={{ width: 200 }}
                value={row(m).eLicenceType ?? undefined}
                onChange={(v) => change(m, { eLicenceType: v ?? null })}
                options={licenceOptions}
              />
            ),
          },
          {
            title: t('catalogue.trust'),
            render: (_: unknown, m: MaterialType) => (
              <Select
                size="small"
                allowClear
                style={{ width: 80 }}
                value={row(m).trustLevel ?? undefined}
                onChange={(v) => change(m, { trustLevel: v ?? null })}
                options={TRUST.map((l) => ({ value: l, label: l }))}
              />
            ),
          },
          { title: t('catalogue.usedBy'), render: (_: unknown, m: MaterialType) => m.usedBy.length },
          {
            title: t('common.actions'),
            render: (_: unknown, m: MaterialType) => (
              <Button
                size="small"
                disabled={!edits[m.key]}
                onClick={() => save(m)}
                data-testid={`material-save-${m.key}`}
              >
                {t('catalogue.save')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** 变更记录: who changed which item, form or material, before and after. */
function ChangesTab() {
  const { t } = useI18n();
  const changes = useApi((signal) => catalogueApi.changes(signal), []);
  if (changes.error) return <ErrorResult error={changes.error} onRetry={changes.reload} />;
  const json = (v: unknown) => (
    <Typography.Paragraph style={{ maxWidth: 360, margin: 0 }} ellipsis={{ rows: 3, expandable: true }}>
      <code>{v === null ? '—' : JSON.stringify(v)}</code>
    </Typography.Paragraph>
  );
  return (
    <Table
      size="small"
      rowKey="id"
      loading={changes.loading}
      dataSource={changes.data ?? []}
      columns={[
        {
          title: t('catalogue.when'),
          dataIndex: 'changedAt',
          render: (v: string) => new Date(v).toLocaleString(),
        },
        { title: t('catalogue.who'), render: (_: unknown, c) => c.changedBy.displayName },
        {
          title: t('catalogue.what'),
          render: (_: unknown, c) => `${c.kind} ${c.target}${c.version ? ` v${c.version}` : ''}`,
        },
        { title: t('catalogue.before'), render: (_: unknown, c) => json(c.before) },
        { title: t('catalogue.after'), render: (_: unknown, c) => json(c.after) },
      ]}
    />
  );
}

/** 事项目录维护: service items, materials and the change log. */
export default function CataloguePage() {
  const { t, pick } = useI18n();
  const items = useApi((signal) => api.items(signal), []);
  const { departmentName } = useDepartments();
  const [editing, setEditing] = useState<string>();
  if (items.error) return <ErrorResult error={items.error} onRetry={items.reload} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('catalogue.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('catalogue.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'items',
              label: t('catalogue.items'),
              children: (
                <Table
                  size="small"
                  rowKey="code"
                  loading={items.loading}
                  pagination={false}
                  dataSource={items.data ?? []}
                  columns={[
                    { title: t('catalogue.code'), dataIndex: 'code' },
                    { title: t('catalogue.name'), render: (_: unknown, i) => pick(i.name) },
                    {
                      title: t('catalogue.department'),
                      render: (_: unknown, i) => departmentName(i.departmentId),
                    },
                    {
                      title: t('catalogue.promisedLimit'),
                      render: (_: unknown, i) => (
                        <Tag>
                          {i.promisedLimit.value} {t(`catalogue.unit.${i.promisedLimit.unit}`)}
                          {i.statutoryLimit ? ` / ${i.statutoryLimit.value}` : ''}
                        </Tag>
                      ),
                    },
                    {
                      title: t('common.actions'),
                      render: (_: unknown, i) => (
                        <Space>
                          <Button
                            size="small"
                            onClick={() => setEditing(i.code)}
                            data-testid={`catalogue-edit-${i.code}`}
                          >
                            {t('catalogue.edit')}
                          </Button>
                          <Link to={`/studio/forms/${i.code}`}>{t('catalogue.form')}</Link>
                        </Space>
                      ),
                    },
                  ]}
                />
              ),
            },
            { key: 'materials', label: t('catalogue.materials'), children: <MaterialsTab /> },
            { key: 'changes', label: t('catalogue.changes'), children: <ChangesTab /> },
          ]}
        />
      </Card>
      {editing && (
        <ItemDrawer
          code={editing}
          onClose={() => {
            setEditing(undefined);
            items.reload();
          }}
        />
      )}
    </Space>
  );
}
