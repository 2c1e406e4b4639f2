import { FilePdfOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { type Delivery, resultsApi } from '../resultsApi';
import { useApi } from '../useApi';
import { FilePreview } from './FilePreview';

/** Saves a file the server serves behind the session under its own name. */
async function download(path: string, filename: string) {
  const { url } = await resultsApi.objectUrl(path);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The documents of a case (受理通知书, 决定书, 证照 …) with preview and download, and its 送达
 * records; the applicant confirms an electronic delivery here.
 */
export function CaseResultsCard({
  caseId,
  canConfirmReceipt,
}: {
  caseId: string;
  canConfirmReceipt: boolean;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { data, reload } = useApi((signal) => resultsApi.caseResults(caseId, signal), [caseId]);
  if (!data) return null;

  const method = (d: Delivery) =>
    d.method === 'post'
      ? t('results.method.post', { tracking: d.trackingNumber ?? '' })
      : t(d.method === 'window' ? 'results.method.window' : 'results.method.electronic');

  const confirm = async () => {
    try {
      await resultsApi.confirmReceipt(caseId);
      reload();
    } catch (err) {
      message.error(errorText(t, err));
    }
  };

  return (
    <Card title={t('results.documents')} data-testid="case-results">
      {data.documents.length === 0 ? (
        <Empty description={t('results.noDocuments')} />
      ) : (
        <List
          size="small"
          dataSource={data.documents}
          renderItem={(doc) => (
            <List.Item
              data-testid={`document-${doc.kind}`}
              actions={[
                <FilePreview
                  key="view"
                  path={doc.url}
                  title={pick(doc.title)}
                  label={t('results.open')}
                  testId={`document-view-${doc.kind}`}
                />,
                <Button
                  key="download"
                  size="small"
                  data-testid={`document-download-${doc.kind}`}
                  onClick={() =>
                    void download(doc.url, doc.filename).catch((err) => message.error(errorText(t, err)))
                  }
                >
                  {t('results.download')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                avatar={<FilePdfOutlined style={{ fontSize: 22, color: '#c8102e' }} />}
                title={pick(doc.title)}
                description={t('results.issuedBy', {
                  department: doc.issuedBy ? pick(doc.issuedBy) : '—',
                  date: doc.issuedOn,
                })}
              />
            </List.Item>
          )}
        />
      )}
      {data.deliveries.length > 0 && (
        <>
          <Typography.Title level={5}>{t('results.deliveries')}</Typography.Title>
          {data.deliveries.map((d) => (
            <Space key={d.id} data-testid={`delivery-${d.method}`}>
              <Tag>{method(d)}</Tag>
              <Typography.Text type="secondary">{formatDateTime(d.deliveredAt)}</Typography.Text>
              {d.confirmedAt ? (
                <Tag color="green">{t('results.confirmed', { at: formatDateTime(d.confirmedAt) })}</Tag>
              ) : (
                canConfirmReceipt &&
                d.method === 'electronic' && (
                  <Button
                    size="small"
                    type="primary"
                    data-testid="confirm-receipt"
                    onClick={() => void confirm()}
                  >
                    {t('results.confirm')}
                  </Button>
                )
              )}
            </Space>
          ))}
        </>
      )}
    </Card>
  );
}
