import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Grid, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { type ItemMaterial, type ItemMaterials, materialsApi } from '../materialsApi';
import { useApi, useDepartments } from '../useApi';
import { FilePreview, type ViewedFile } from './FilePreview';
import { AttachmentTag, MaterialStatusTag } from './MaterialTags';

/** 12 B, 340 KB, 2.4 MB. */
function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * One item's materials: what satisfies each, from where, at which trust. `action` renders a last
 * column, e.g. 核验 for the clerk or an upload for the applicant.
 */
export function ItemMaterialsTable({
  item,
  action,
  preview = false,
  previewAction,
}: {
  item: ItemMaterials;
  action?: (material: ItemMaterial) => React.ReactNode;
  /** Offer an inline preview of uploaded files (the clerk's task view). */
  preview?: boolean;
  /** Actions under a previewed file (核验 of exactly the bytes shown). */
  previewAction?: (material: ItemMaterial, viewed: ViewedFile) => React.ReactNode;
}) {
  const { t, pick } = useI18n();
  const { departmentName } = useDepartments();
  // On a phone four columns squeeze the source to a word per line: one stacked cell instead.
  const phone = !Grid.useBreakpoint().md;
  const nameCell = (m: ItemMaterial) => (
    <Space size={4} wrap>
      <span>{pick(m.name)}</span>
      <Tag>{t(m.requirement === 'required' ? 'materials.required' : 'materials.secondary')}</Tag>
    </Space>
  );
  const statusCell = (m: ItemMaterial) => (
    <MaterialStatusTag status={m.status} testId={`material-status-${m.key}`} />
  );
  const sourceCell = (m: ItemMaterial, phoneCell = false) => {
    const a = m.attachment;
    if (!a)
      return m.providedBy ? (
        <Typography.Text type="secondary">
          {t('materials.providedBy', { item: pick(m.providedBy.name) })}
        </Typography.Text>
      ) : phoneCell ? null : (
        '—'
      );
    return (
      <Space orientation="vertical" size={0}>
        <AttachmentTag attachment={a} testId={`material-source-${m.key}`} />
        {a.eLicence && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <SafetyCertificateOutlined /> {pick(a.eLicence.typeName)} ·{' '}
            {t('materials.licenceNumber', { number: a.eLicence.number })} ·{' '}
            <span data-testid={`licence-holder-${m.key}`}>
              {t('materials.licenceHolder', {
                holder: a.eLicence.holderEntity
                  ? `${a.eLicence.holderEntity}${a.eLicence.holderCreditCode ? `（${a.eLicence.holderCreditCode}）` : ''}`
                  : t('materials.licenceHolderPerson'),
              })}
            </span>{' '}
            · {departmentName(a.eLicence.issuingDepartmentId)} · {formatDateTime(a.eLicence.issuedAt)}
          </Typography.Text>
        )}
        {a.upload && (
          <Space size={6}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.upload.filename} · {fileSize(a.upload.sizeBytes)}
            </Typography.Text>
            {preview && (
              <FilePreview
                path={`/api/uploads/${a.upload.id}/content`}
                title={`${pick(m.name)} · ${a.upload.filename}`}
                testId={`preview-${m.key}`}
                {...(previewAction ? { footer: (viewed: ViewedFile) => previewAction(m, viewed) } : {})}
              />
            )}
          </Space>
        )}
        {a.verifiedBy && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('materials.verifiedBy', { name: a.verifiedBy.displayName })}
          </Typography.Text>
        )}
      </Space>
    );
  };
  const columns: TableColumnsType<ItemMaterial> = phone
    ? [
        {
          key: 'material',
          render: (_, m) => (
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              {nameCell(m)}
              <Space size={8} wrap>
                {statusCell(m)}
                {action?.(m)}
              </Space>
              {sourceCell(m, true)}
            </Space>
          ),
        },
      ]
    : [
        { key: 'name', title: t('materials.col.material'), render: (_, m) => nameCell(m) },
        { key: 'status', title: t('materials.col.status'), render: (_, m) => statusCell(m) },
        { key: 'source', title: t('materials.col.source'), render: (_, m) => sourceCell(m) },
        ...(action
          ? [
              {
                key: 'action',
                title: t('common.actions'),
                render: (_: unknown, m: ItemMaterial) => action(m),
              },
            ]
          : []),
      ];
  return (
    <Table<ItemMaterial>
      size="small"
      rowKey="key"
      pagination={false}
      showHeader={!phone}
      dataSource={item.materials}
      onRow={(m) => ({ 'data-testid': `material-${m.key}` }) as React.HTMLAttributes<HTMLElement>}
      columns={columns}
    />
  );
}

/** The materials of a task's item in the clerk's inbox, with 核验 for the applicant's uploads. */
export function TaskMaterials({ taskId, canVerify }: { taskId: string; canVerify: boolean }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, loading, reload } = useApi((signal) => materialsApi.taskMaterials(taskId, signal), [taskId]);
  const [verifying, setVerifying] = useState<string | null>(null);

  const verifyButton = (m: ItemMaterial) =>
    canVerify && m.attachment?.trustLevel === 'C' ? (
      <Button
        size="small"
        data-testid={`verify-${m.key}`}
        loading={verifying === m.key}
        onClick={() => void verify(m)}
      >
        {t('materials.verify')}
      </Button>
    ) : null;

  /** 核验 from the preview: of the bytes on screen (their hash), so a file swapped since is refused. */
  const previewVerify = (m: ItemMaterial, viewed: ViewedFile) =>
    canVerify && m.attachment?.trustLevel === 'C' ? (
      <Button
        type="primary"
        icon={<SafetyCertificateOutlined />}
        data-testid={`preview-verify-${m.key}`}
        loading={verifying === m.key}
        onClick={() => void verify(m, viewed.sha256 ?? undefined, viewed.close)}
      >
        {t('materials.verify')}
      </Button>
    ) : null;

  const verify = async (material: ItemMaterial, viewedSha256?: string, done?: () => void) => {
    const sha256 = viewedSha256 ?? material.attachment?.upload?.sha256;
    if (!data || !sha256) return;
    setVerifying(material.key);
    try {
      await materialsApi.verify(data.caseId, material.key, sha256);
      message.success(t('materials.verified', { name: pick(material.name) }));
      done?.();
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setVerifying(null);
    }
  };

  return (
    <div data-testid={`task-materials-${taskId}`} style={{ padding: '4px 0' }}>
      {loading && !data ? (
        <Typography.Text type="secondary">…</Typography.Text>
      ) : data?.item ? (
        <>
          <Typography.Text strong>{t('materials.itemTitle', { item: pick(data.item.name) })}</Typography.Text>
          <ItemMaterialsTable item={data.item} action={verifyButton} preview previewAction={previewVerify} />
        </>
      ) : data && data.items.length > 0 ? (
        // The window's intake (受理): every item's materials, to tell all corrections at once.
        data.items
          .filter((item) => item.materials.length > 0)
          .map((item) => (
            <div
              key={item.itemCode}
              data-testid={`task-materials-item-${item.itemCode}`}
              style={{ marginBottom: 12 }}
            >
              <Typography.Text strong>{t('materials.itemTitle', { item: pick(item.name) })}</Typography.Text>
              <ItemMaterialsTable item={item} action={verifyButton} preview previewAction={previewVerify} />
            </div>
          ))
      ) : (
        <Typography.Text type="secondary">{t('materials.none')}</Typography.Text>
      )}
    </div>
  );
}
