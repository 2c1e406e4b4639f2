import { CheckCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Divider, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { client, data } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { MAX_UPLOAD_BYTES, materialsApi, UPLOAD_ACCEPT } from '../materialsApi';
import { useApi } from '../useApi';

const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];

/** What the correction screen may send: ready when every requested material is in or declared 容缺. */
export interface CorrectionUploadState {
  ready: boolean;
  /** How many materials the notices ask for. */
  requested: number;
  missing: number;
  toleratedGaps: string[];
}

/**
 * 补正 upload slots: the materials the open notices ask for (from the server, each once), each with
 * its upload and, where the material is secondary, the 容缺 declaration.
 */
export function CorrectionUploads({
  caseId,
  onState,
}: {
  caseId: string;
  onState: (state: CorrectionUploadState) => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [gaps, setGaps] = useState<string[]>([]);
  const { data: requested, reload } = useApi(
    (signal) =>
      data(client.GET('/api/cases/{id}/correction-materials', { params: { path: { id: caseId } }, signal })),
    [caseId],
  );
  const materials = requested?.materials ?? [];
  const missing = materials.filter((m) => !m.answered && !gaps.includes(m.key)).length;
  const gapsKey = gaps.join(',');
  useEffect(() => {
    onState({
      ready: requested !== undefined && missing === 0,
      requested: materials.length,
      missing,
      toleratedGaps: gaps,
    });
  }, [requested, missing, gapsKey]);

  const onFile = async (file: File | undefined) => {
    const key = target;
    if (!file || !key) return;
    if (!ACCEPTED_TYPES.includes(file.type))
      return void message.error(t('materials.badType', { name: file.name }));
    if (file.size > MAX_UPLOAD_BYTES) return void message.error(t('materials.tooLarge', { name: file.name }));
    setBusy(key);
    try {
      const upload = await materialsApi.upload(file);
      await materialsApi.attach(caseId, key, upload.id);
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(null);
      if (input.current) input.current.value = '';
    }
  };

  if (materials.length === 0) return null;
  return (
    <div data-testid="correction-uploads">
      <Divider titlePlacement="start">{t('correctionUploads.title')}</Divider>
      <Typography.Paragraph type="secondary">{t('correctionUploads.intro')}</Typography.Paragraph>
      <input
        ref={input}
        type="file"
        accept={UPLOAD_ACCEPT}
        style={{ display: 'none' }}
        data-testid="correction-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {materials.map((m) => (
        <div
          key={m.key}
          data-testid={`correction-material-${m.key}`}
          data-answered={m.answered ? 'yes' : 'no'}
          style={{ padding: '10px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
        >
          <Space wrap size={8}>
            <Typography.Text strong>{pick(m.name)}</Typography.Text>
            {m.answered ? (
              <Tag color="green" icon={<CheckCircleOutlined />}>
                {t('correctionUploads.answered')}
              </Tag>
            ) : (
              <Tag color="orange">{t('correctionUploads.waiting')}</Tag>
            )}
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={busy === m.key}
              data-testid={`correction-upload-${m.key}`}
              onClick={() => {
                setTarget(m.key);
                input.current?.click();
              }}
            >
              {t(m.answered ? 'materials.replace' : 'materials.upload')}
            </Button>
          </Space>
          {m.gapAllowed && !m.answered && (
            <div>
              <Checkbox
                data-testid={`correction-gap-${m.key}`}
                checked={gaps.includes(m.key)}
                onChange={(e) =>
                  setGaps((g) => (e.target.checked ? [...g, m.key] : g.filter((k) => k !== m.key)))
                }
              >
                {t('correctionUploads.gap')}
              </Checkbox>
            </div>
          )}
        </div>
      ))}
      {missing > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0' }}
          data-testid="correction-missing"
          title={t('correctionUploads.missing', { n: missing })}
        />
      )}
    </div>
  );
}
