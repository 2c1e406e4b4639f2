import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { FilePreview } from '../components/FilePreview';
import { useI18n } from '../i18n';
import { resultsApi } from '../resultsApi';
import { useApi } from '../useApi';

/** 我的证照: every e-licence issued to the applicant, with the holder entity and its certificate. */
export default function WalletPage() {
  const { t, pick } = useI18n();
  const { data } = useApi((signal) => resultsApi.wallet(signal), []);
  if (data && data.licences.length === 0) return <Empty description={t('wallet.empty')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('wallet.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {(data?.licences ?? []).map((l) => (
          <Col key={l.id} xs={24} md={12} lg={8}>
            <Card
              data-testid={`licence-${l.number}`}
              title={
                <Space>
                  <SafetyCertificateOutlined style={{ color: '#c8102e' }} />
                  {pick(l.name)}
                </Space>
              }
              extra={<Tag color="gold">{l.trustLevel}</Tag>}
            >
              <Space orientation="vertical" size={2}>
                <Typography.Text>{t('wallet.number', { number: l.number })}</Typography.Text>
                <Typography.Text strong>
                  {t('wallet.holder', { holder: l.holderEntity ?? '—' })}
                </Typography.Text>
                <Typography.Text>{t('wallet.issuedBy', { department: pick(l.issuedBy) })}</Typography.Text>
                <Typography.Text>{t('wallet.validFrom', { date: l.issuedAt.slice(0, 10) })}</Typography.Text>
                {l.caseId && (
                  <Link to={`/cases/${l.caseId}`}>{t('wallet.case', { number: l.caseNumber ?? '' })}</Link>
                )}
                {l.certificate && (
                  <FilePreview
                    path={l.certificate.url}
                    title={pick(l.certificate.title)}
                    label={t('wallet.certificate')}
                  />
                )}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  );
}
