import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { type ItemMaterial, MAX_UPLOAD_BYTES, materialsApi, UPLOAD_ACCEPT } from '../materialsApi';
import { useApi, useDepartments } from '../useApi';
import { ItemMaterialsTable } from './TaskMaterials';

const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/**
 * 申请材料 of a case, per item: what satisfies each material, its source and trust level. With
 * `canUpload` (the applicant, while the case is open) a missing or unchecked material can be handed
 * in (补交); one upload serves every item that asks for it.
 */
export function CaseMaterials({
  caseId,
  canUpload = false,
  onChanged,
}: {
  caseId: string;
  canUpload?: boolean;
  /** After a hand-in, so the page can show it in the timeline. */
  onChanged?: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { departmentName } = useDepartments();
  const { data, loading, reload } = useApi((signal) => materialsApi.caseMaterials(caseId, signal), [caseId]);
  const input = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState<ItemMaterial | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const items = (data?.items ?? []).filter((item) => item.materials.length > 0);

  const onFile = async (file: File | undefined) => {
    const material = target;
    if (!file || !material) return;
    if (input.current) input.current.value = '';
    if (!ACCEPTED_TYPES.includes(file.type))
      return void message.error(t('materials.badType', { name: file.name }));
    if (file.size > MAX_UPLOAD_BYTES) return void message.error(t('materials.tooLarge', { name: file.name }));
    setBusy(material.key);
    try {
      const upload = await materialsApi.upload(file);
      await materialsApi.attach(caseId, material.key, upload.id);
      message.success(t('materials.attached', { name: pick(material.name) }));
      reload();
      onChanged?.();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(null);
    }
  };

  // Only what is missing, or the applicant's own unchecked copy, can be handed in again.
  const uploadButton = (m: ItemMaterial) =>
    (m.status === 'missing' || m.attachment?.trustLevel === 'C') && (
      <Button
        size="small"
        icon={<UploadOutlined />}
        loading={busy === m.key}
        data-testid={`case-material-upload-${m.key}`}
        onClick={() => {
          setTarget(m);
          input.current?.click();
        }}
      >
        {t(m.attachment ? 'materials.replace' : 'materials.upload')}
      </Button>
    );

  return (
    <Card title={t('materials.title')} loading={loading && !data} data-testid="case-materials">
      {canUpload && (
        <input
          ref={input}
          type="file"
          accept={UPLOAD_ACCEPT}
          style={{ display: 'none' }}
          data-testid="case-material-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
      )}
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {items.map((item) => (
          <div key={item.itemCode} data-testid={`case-materials-${item.itemCode}`}>
            <Typography.Text strong>{pick(item.name)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{departmentName(item.departmentId)}</Typography.Text>
            <ItemMaterialsTable item={item} action={canUpload ? uploadButton : undefined} />
          </div>
        ))}
      </Space>
    </Card>
  );
}
