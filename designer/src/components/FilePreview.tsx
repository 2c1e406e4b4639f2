import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { resultsApi } from '../resultsApi';

/**
 * A button that opens a file the server serves behind the session (an upload, a document) inline:
 * PDFs in the browser's viewer, images as they are. The bytes are fetched with the session token
 * and shown from a blob: URL, released when the preview closes.
 */
export function FilePreview({
  path,
  title,
  testId,
  label,
}: {
  path: string;
  title: string;
  testId?: string;
  label?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<{ url: string; type: string } | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const open = async () => {
    setLoading(true);
    try {
      setFile(await resultsApi.objectUrl(path));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        icon={<EyeOutlined />}
        loading={loading}
        data-testid={testId}
        onClick={() => void open()}
      >
        {label ?? t('preview.open')}
      </Button>
      <Modal
        open={!!file}
        title={title}
        width={900}
        footer={null}
        destroyOnHidden
        onCancel={() => setFile(null)}
      >
        {!file ? (
          <Spin />
        ) : file.type.startsWith('image/') ? (
          <img src={file.url} alt={title} data-testid="file-preview-image" style={{ maxWidth: '100%' }} />
        ) : (
          <iframe
            src={file.url}
            title={title}
            data-testid="file-preview-pdf"
            style={{ width: '100%', height: '70vh', border: '1px solid #f0f0f0' }}
          />
        )}
      </Modal>
    </>
  );
}
