import { CheckCircleOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { conditionHolds } from '@yijian/process-library/forms';
import { Alert, App, Button, Divider, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { FormAnswers } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import {
  type BundleItemCondition,
  type BundleMaterial,
  MAX_UPLOAD_BYTES,
  materialsApi,
  UPLOAD_ACCEPT,
  type Upload,
} from '../materialsApi';
import { useApi } from '../useApi';

const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** One material of the apply form: asked once, or shown as provided by an e-licence. */
function MaterialRow({
  material,
  upload,
  onUploaded,
}: {
  material: BundleMaterial;
  upload: Upload | undefined;
  onUploaded: (upload: Upload) => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const key = material.key;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    // The server checks again (with the file's first bytes); this spares a useless upload.
    if (!ACCEPTED_TYPES.includes(file.type))
      return void message.error(t('materials.badType', { name: file.name }));
    if (file.size > MAX_UPLOAD_BYTES) return void message.error(t('materials.tooLarge', { name: file.name }));
    setBusy(true);
    try {
      onUploaded(await materialsApi.upload(file));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  let action: React.ReactNode;
  if (material.providedBy) {
    action = (
      <Tag
        color="blue"
        icon={<SafetyCertificateOutlined />}
        data-testid={`material-provided-${key}`}
        style={{ whiteSpace: 'normal' }}
      >
        {t('materials.providedBy', { item: pick(material.providedBy.name) })}
      </Tag>
    );
  } else if (material.reusable) {
    action = (
      <Tag
        color="green"
        icon={<SafetyCertificateOutlined />}
        data-testid={`material-reusable-${key}`}
        style={{ whiteSpace: 'normal' }}
      >
        {t(`materials.reusable.${material.reusable.kind}`, { trust: material.reusable.trustLevel })}
      </Tag>
    );
  } else {
    action = (
      <Space wrap>
        {upload && (
          <Tag color="green" icon={<CheckCircleOutlined />} data-testid={`material-uploaded-${key}`}>
            {upload.filename} · {t('materials.uploaded', { n: material.items.length })}
          </Tag>
        )}
        <input
          ref={input}
          type="file"
          accept={UPLOAD_ACCEPT}
          style={{ display: 'none' }}
          data-testid={`material-file-${key}`}
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <Button
          size="small"
          icon={<UploadOutlined />}
          loading={busy}
          data-testid={`material-upload-${key}`}
          onClick={() => input.current?.click()}
        >
          {t(upload ? 'materials.replace' : 'materials.upload')}
        </Button>
      </Space>
    );
  }

  return (
    <div
      data-testid={`apply-material-${key}`}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 16,
        alignItems: 'center',
        justifyContent: 'space-between',
        padding: '10px 0',
        borderBottom: '1px solid rgba(5, 5, 5, 0.06)',
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={4} wrap>
          <Typography.Text strong>{pick(material.name)}</Typography.Text>
          <Tag color={material.required ? 'red' : 'default'}>
            {t(material.required ? 'materials.required' : 'materials.secondary')}
          </Tag>
        </Space>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('materials.neededBy', {
              items: material.items.map((i) => pick(i.name)).join(t('common.listSeparator')),
            })}
          </Typography.Text>
        </div>
      </div>
      <div style={{ flexShrink: 0, maxWidth: '100%', textAlign: 'right' }}>{action}</div>
    </div>
  );
}

/**
 * 申请材料 of the apply form: the bundle's materials merged over its items, each asked once — one
 * upload serves every item needing it. Materials an earlier item issues as an e-licence, or that
 * the applicant already holds, are shown and not asked for.
 */
export function ApplyMaterials({
  bundleKey,
  answers,
  uploads,
  onChange,
}: {
  bundleKey: string;
  /** The form's answers so far, every field present (`completeAnswers`), which decide the conditional items (e.g. the fire check by area). */
  answers: FormAnswers;
  uploads: Record<string, Upload>;
  onChange: (uploads: Record<string, Upload>) => void;
}) {
  const { t } = useI18n();
  // The items and their conditions come with the first answer; after that only the items that run
  // for the answers so far are merged, so a material of a skipped item is not asked for.
  const [items, setItems] = useState<BundleItemCondition[] | null>(null);
  const running = items
    ? items
        .filter((item) => !item.when?.trim() || conditionHolds(item.when, answers))
        .map((item) => item.code)
    : null;
  const runningKey = running?.join(',') ?? '';
  const { data, error } = useApi(
    (signal) => materialsApi.bundleMaterials(bundleKey, running, signal),
    [bundleKey, runningKey],
  );
  useEffect(() => {
    if (data && items === null) setItems(data.items);
  }, [data, items]);
  if (error) return <Alert type="error" title={errorText(t, error)} />;
  const materials = data?.materials ?? [];
  const missing = materials.filter(
    (m) => m.required && !m.providedBy && !m.reusable && !uploads[m.key],
  ).length;
  return (
    <div data-testid="apply-materials">
      <Divider titlePlacement="start">{t('materials.title')}</Divider>
      <Typography.Paragraph type="secondary">
        {t('materials.intro')} {t('materials.hint')}
      </Typography.Paragraph>
      {!data && <Skeleton active paragraph={{ rows: 3 }} />}
      {materials.map((material) => (
        <MaterialRow
          key={material.key}
          material={material}
          upload={uploads[material.key]}
          onUploaded={(upload) => onChange({ ...uploads, [material.key]: upload })}
        />
      ))}
      {data && missing > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('materials.missingRequired', { n: missing })}
        />
      )}
    </div>
  );
}
