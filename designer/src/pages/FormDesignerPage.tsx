import { FormEditor, Form as FormViewer } from '@bpmn-io/form-js';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import { Alert, App, Button, Card, Col, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import {
  type DictionaryField,
  formsApi,
  type ItemForm,
  type ItemFormField,
  type ItemFormPreview,
  type StoredItemForm,
} from '../formsApi';
import { type Lang, optionLabel, useI18n } from '../i18n';
import { useApi } from '../useApi';

const SUBSET_KEYS = [
  'key',
  'type',
  'label',
  'labelEn',
  'description',
  'descriptionEn',
  'values',
  'validate',
] as const;

/**
 * The form-js editor's schema as our subset: its layout and ids dropped; a new field's key put in
 * the item's namespace (`item<code>.<name>`); a dictionary field given back the dictionary's type,
 * validation and options (its labels stay as designed); English labels from the table.
 */
function toItemForm(
  // biome-ignore lint/suspicious/noExplicitAny: the form-js schema is untyped JSON.
  exported: any,
  itemCode: string,
  dictionary: Map<string, DictionaryField>,
  english: Record<string, string>,
): ItemForm {
  const prefix = `item${itemCode}.`;
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  const components = (exported.components ?? []).map((c: any) => {
    const field: Record<string, unknown> = {};
    for (const key of SUBSET_KEYS) if (c[key] !== undefined && c[key] !== '') field[key] = c[key];
    let key = String(c.key ?? c.id ?? '');
    if (!dictionary.has(key) && !key.startsWith(prefix))
      key = `${prefix}${key.replace(/[^A-Za-z0-9_]/g, '_')}`;
    field.key = key;
    const bound = dictionary.get(key);
    if (bound) {
      field.type = bound.type;
      if (bound.validate) field.validate = bound.validate;
      else delete field.validate;
      if (bound.values) field.values = bound.values;
      else delete field.values;
    }
    if (field.validate && Object.keys(field.validate as object).length === 0) delete field.validate;
    field.label = String(field.label ?? bound?.label ?? key);
    field.labelEn = english[key] || String(c.labelEn ?? bound?.labelEn ?? field.label);
    return field as ItemFormField;
  });
  return { type: 'default', id: `item-${itemCode}`, schemaVersion: 16, components };
}

/** The combined form as a form-js schema for the viewer: section headings, labels in `lang`. */
function viewerSchema(form: ItemFormPreview['form'], lang: Lang) {
  const components: Record<string, unknown>[] = [];
  for (const section of form.sections ?? [{ id: '', label: '', labelEn: '' }]) {
    const fields = form.components.filter((c) => (section.id ? c.section === section.id : true));
    if (fields.length === 0) continue;
    if (section.id)
      components.push({ type: 'text', text: `### ${lang === 'en' ? section.labelEn : section.label}` });
    for (const field of fields) {
      const { labelEn, descriptionEn, section: _s, ...rest } = field;
      components.push({
        ...rest,
        label: lang === 'en' ? labelEn : field.label,
        ...(field.description
          ? { description: lang === 'en' ? (descriptionEn ?? field.description) : field.description }
          : {}),
        ...(field.values
          ? { values: field.values.map((o) => ({ label: optionLabel(lang, o), value: o.value })) }
          : {}),
      });
    }
  }
  return { type: 'default', id: form.id, schemaVersion: 16, components };
}

/**
 * 表单设计: an item's form in the form-js editor, its questions bound to the shared field
 * dictionary, with the bundle's combined form (一表申请) previewed live in the form-js viewer.
 */
export default function FormDesignerPage() {
  const { t, lang, pick } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { code } = useParams();
  const [search, setSearch] = useSearchParams();
  const items = useApi((signal) => api.items(signal), []);
  const dictionaryState = useApi((signal) => formsApi.dictionary(signal), []);
  const stored = useApi(
    (signal) => (code ? formsApi.form(code, signal) : Promise.resolve(undefined)),
    [code],
  );
  const dictionary = useMemo(
    () => new Map((dictionaryState.data?.fields ?? []).map((f) => [f.key, f])),
    [dictionaryState.data],
  );
  const editorRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const viewer = useRef<FormViewer | null>(null);
  const [fields, setFields] = useState<ItemFormField[]>([]);
  const [english, setEnglish] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ItemFormPreview>();
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [current, setCurrent] = useState<StoredItemForm>();
  const [saving, setSaving] = useState(false);
  const [pickKey, setPickKey] = useState<string>();
  const [newName, setNewName] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const [revision, setRevision] = useState(0);
  const bundleKey = search.get('bundle') ?? current?.bundles[0]?.key;

  useEffect(() => {
    if (stored.data) setCurrent(stored.data);
  }, [stored.data]);

  // One editor per page; the schema is imported when the item (or its saved version) changes.
  useEffect(() => {
    if (!editorRef.current || !current) return;
    const instance = new FormEditor({ container: editorRef.current });
    editor.current = instance;
    const changed = () => setRevision((r) => r + 1);
    instance.on('changed', changed);
    instance.importSchema(current.schema as never).then(changed, (err: unknown) => setPreviewError(err));
    setEnglish(Object.fromEntries(current.schema.components.map((c) => [c.key, c.labelEn])));
    return () => {
      instance.destroy();
      editor.current = null;
    };
  }, [current]);

  const schemaNow = useCallback((): ItemForm | undefined => {
    if (!editor.current || !code) return undefined;
    return toItemForm(editor.current.saveSchema(), code, dictionary, english);
  }, [code, dictionary, english]);

  // The live preview: after each edit (debounced), the server merges the bundle's combined form.
  useEffect(() => {
    if (revision === 0 || !code || !bundleKey) return;
    const schema = schemaNow();
    if (!schema) return;
    setFields(schema.components);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      formsApi.preview(code, schema, bundleKey, controller.signal).then(
        (result) => {
          setPreview(result);
          setPreviewError(null);
        },
        (err: unknown) => {
          if (!controller.signal.aborted) setPreviewError(err);
        },
      );
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [revision, code, bundleKey, schemaNow]);

  useEffect(() => {
    if (!viewerRef.current || !preview) return;
    viewer.current ??= new FormViewer({ container: viewerRef.current });
    viewer.current.importSchema(viewerSchema(preview.form, lang) as never).catch(setPreviewError);
  }, [preview, lang]);
  useEffect(
    () => () => {
      viewer.current?.destroy();
      viewer.current = null;
    },
    [],
  );

  const importEdited = async (components: ItemFormField[]) => {
    if (!editor.current || !code) return;
    await editor.current.importSchema({
      type: 'default',
      id: `item-${code}`,
      schemaVersion: 16,
      components,
    } as never);
    setRevision((r) => r + 1);
  };

  const addDictionaryField = async () => {
    const field = pickKey ? dictionary.get(pickKey) : undefined;
    const schema = schemaNow();
    if (!field || !schema) return;
    const { section: _section, ...definition } = field;
    await importEdited([...schema.components, definition as ItemFormField]);
    setPickKey(undefined);
  };

  const addItemField = async () => {
    const schema = schemaNow();
    if (!schema || !code || !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(newName) || !newLabel.trim()) return;
    await importEdited([
      ...schema.components,
      {
        key: `item${code}.${newName}`,
        type: 'textfield',
        label: newLabel.trim(),
        labelEn: newName,
        validate: { required: true },
      },
    ]);
    setNewName('');
    setNewLabel('');
  };

  const save = async () => {
    const schema = schemaNow();
    if (!schema || !code || !current) return;
    setSaving(true);
    try {
      const saved = await formsApi.save(code, schema, current.version);
      setCurrent(saved);
      message.success(t('forms.saved', { version: saved.version }));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  };

  const republish = async () => {
    if (!bundleKey) return;
    try {
      const result = await formsApi.republish(bundleKey);
      const bundle = current?.bundles.find((b) => b.key === bundleKey);
      message.success(
        t('forms.republished', { bundle: bundle ? pick(bundle.name) : bundleKey, version: result.version }),
      );
    } catch (err) {
      message.error(errorText(t, err));
    }
  };

  if (items.error) return <ErrorResult error={items.error} onRetry={items.reload} />;
  const inForm = new Set(fields.map((f) => f.key));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="form-designer">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('forms.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('forms.intro')}
      </Typography.Paragraph>
      <Space wrap>
        <Select
          data-testid="forms-item"
          showSearch
          optionFilterProp="label"
          style={{ width: 360 }}
          placeholder={t('forms.item')}
          value={code}
          onChange={(value) => navigate(`/studio/forms/${value}`)}
          options={(items.data ?? []).map((i) => ({ value: i.code, label: `${pick(i.name)} (${i.code})` }))}
        />
        <Select
          data-testid="forms-bundle"
          style={{ width: 220 }}
          placeholder={t('forms.bundle')}
          value={bundleKey}
          onChange={(value) => setSearch({ bundle: value })}
          options={(current?.bundles ?? []).map((b) => ({ value: b.key, label: pick(b.name) }))}
        />
        {current && (
          <Tag data-testid="forms-version">
            {t('forms.version', { version: current.version, source: t(`forms.source.${current.source}`) })}
          </Tag>
        )}
        <Button type="primary" data-testid="forms-save" loading={saving} disabled={!current} onClick={save}>
          {t('forms.save')}
        </Button>
        <Button data-testid="forms-republish" disabled={!bundleKey} onClick={republish}>
          {t('forms.republish')}
        </Button>
      </Space>
      {stored.error ? <ErrorResult error={stored.error} onRetry={stored.reload} /> : null}
      {current && current.bundles.length === 0 && (
        <Alert type="info" showIcon message={t('forms.notInBundle')} />
      )}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('forms.editor')} styles={{ body: { padding: 0 } }}>
            <div style={{ overflowX: 'auto' }}>
              {/* The editor edits the Chinese form itself (its labels are the data); form-js words its own tools. */}
              <div
                ref={editorRef}
                data-testid="form-editor"
                data-user-content=""
                style={{ height: 620, minWidth: 780 }}
              />
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            size="small"
            title={t('forms.preview')}
            extra={preview ? t('forms.previewHint', { n: preview.form.components.length }) : null}
          >
            {previewError ? (
              <Alert
                type="error"
                showIcon
                message={t('forms.previewError')}
                description={errorText(t, previewError)}
                data-testid="forms-preview-error"
              />
            ) : null}
            <div ref={viewerRef} data-testid="form-preview" style={{ maxHeight: 580, overflow: 'auto' }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('forms.fields')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            data-testid="forms-dictionary"
            showSearch
            optionFilterProp="label"
            style={{ width: 320 }}
            placeholder={t('forms.pickDictionary')}
            value={pickKey}
            onChange={setPickKey}
            options={(dictionaryState.data?.fields ?? [])
              .filter((f) => !inForm.has(f.key))
              .map((f) => ({ value: f.key, label: `${lang === 'en' ? f.labelEn : f.label} (${f.key})` }))}
          />
          <Button onClick={addDictionaryField} disabled={!pickKey} data-testid="forms-add-dictionary">
            {t('forms.addDictionary')}
          </Button>
          <Input
            data-testid="forms-new-name"
            style={{ width: 180 }}
            addonBefore={code ? `item${code}.` : ''}
            placeholder={t('forms.newFieldName')}
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
          />
          <Input
            data-testid="forms-new-label"
            style={{ width: 160 }}
            placeholder={t('forms.newFieldLabel')}
            value={newLabel}
            onChange={(e) => setNewLabel(e.target.value)}
          />
          <Button onClick={addItemField} data-testid="forms-add-item-field">
            {t('forms.newField')}
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={fields}
          columns={[
            {
              title: t('forms.key'),
              dataIndex: 'key',
              render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
            },
            { title: t('forms.type'), dataIndex: 'type' },
            // The Chinese label, shown beside the English one being edited: data in both languages.
            {
              title: t('forms.label'),
              dataIndex: 'label',
              render: (label: string) => <UserText>{label}</UserText>,
            },
            {
              title: t('forms.labelEn'),
              render: (_: unknown, f: ItemFormField) => (
                <Input
                  size="small"
                  data-testid={`forms-label-en-${f.key}`}
                  value={english[f.key] ?? f.labelEn}
                  onChange={(e) => {
                    setEnglish((prev) => ({ ...prev, [f.key]: e.target.value }));
                    setRevision((r) => r + 1);
                  }}
                />
              ),
            },
            {
              title: t('forms.binding'),
              render: (_: unknown, f: ItemFormField) => {
                const shared = preview?.sharedWith[f.key]?.length ?? 0;
                return (
                  <Space size={4} wrap>
                    {dictionary.has(f.key) ? (
                      <Tag color="blue">{t('forms.dictionary')}</Tag>
                    ) : (
                      <Tag color="purple">{t('forms.itemOwn')}</Tag>
                    )}
                    {shared > 0 && <Tag color="green">{t('forms.sharedWith', { n: shared })}</Tag>}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
    </Space>
  );
}
