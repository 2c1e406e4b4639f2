import { EyeOutlined } from '@ant-design/icons';
import { App, Button, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { resultsApi } from '../resultsApi';

/** The file on screen: its SHA-256 as computed from the bytes shown (null where the browser cannot). */
export interface ViewedFile {
  sha256: string | null;
  close: () => void;
}

/** SHA-256 of the bytes, hex; null outside a secure context (no `crypto.subtle`). */
async function sha256Of(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A button that opens a file the server serves behind the session (an upload, a document) inline:
 * PDFs in the browser's viewer, images as they are. The bytes are fetched with the session token
 * and shown from a blob: URL, released when the preview closes. `footer` puts actions under the
 * file (e.g. 核验), given the hash of exactly the bytes shown.
 */
export function FilePreview({
  path,
  title,
  testId,
  label,
  footer,
}: {
  path: string;
  title: string;
  testId?: string;
  label?: string;
  footer?: (viewed: ViewedFile) => React.ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<{ url: string; type: string; sha256: string | null } | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => () => (file ? URL.revokeObjectURL(file.url) : undefined), [file]);

  const open = async () => {
    setLoading(true);
    try {
      const fetched = await resultsApi.objectUrl(path);
      setFile({ url: fetched.url, type: fetched.type, sha256: await sha256Of(fetched.blob) });
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
        footer={file && footer ? footer({ sha256: file.sha256, close: () => setFile(null) }) : null}
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
