import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { ErrorResult } from '../components/ErrorResult';
import { limitText } from '../format';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

/** 办事: the bundles an applicant can file, one card each. */
export default function BundleListPage() {
  const { t, pick } = useI18n();
  const navigate = useNavigate();
  const { departmentName } = useDepartments();
  const { data: bundles, error, loading, reload } = useApi((signal) => api.bundles(signal), []);

  if (error) return <ErrorResult error={error} onRetry={reload} />;

  return (
    <>
      <Typography.Title level={3}>{t('apply.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('apply.intro')}</Typography.Paragraph>
      {loading && !bundles ? (
        <Skeleton active />
      ) : bundles?.length ? (
        <Row gutter={[16, 16]}>
          {bundles.map((bundle) => (
            <Col key={bundle.key} xs={24} md={12} xl={8}>
              <Card
                title={pick(bundle.name)}
                style={{ height: '100%' }}
                actions={[
                  <Button
                    key="guide"
                    data-testid={`bundle-guide-${bundle.key}`}
                    onClick={() => navigate(`/guide/${encodeURIComponent(bundle.key)}`)}
                  >
                    {t('bundle.guide')}
                  </Button>,
                  <Button
                    key="open"
                    type="primary"
                    data-testid={`bundle-open-${bundle.key}`}
                    onClick={() => navigate(`/apply/${encodeURIComponent(bundle.key)}`)}
                  >
                    {t('bundle.open')}
                  </Button>,
                ]}
              >
                <Typography.Paragraph type="secondary">{pick(bundle.description)}</Typography.Paragraph>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('bundle.leadDepartment')}>
                    {departmentName(bundle.leadDepartmentId)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('bundle.limit')}>
                    {bundle.limits
                      .map((limit) => `${t(`limit.kind.${limit.kind}`)} ${limitText(t, limit)}`)
                      .join(' · ')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('bundle.items')}>
                    <Space orientation="vertical" size={4}>
                      {bundle.items.map((item) => (
                        <span key={item.code}>
                          {pick(item.name)} <Tag>{departmentName(item.departmentId)}</Tag>
                        </span>
                      ))}
                    </Space>
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
          ))}
        </Row>
      ) : (
        <Empty description={t('apply.empty')} />
      )}
    </>
  );
}
