import { ArrowLeftOutlined, FileSearchOutlined, FormOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Grid, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { Breakpoint } from 'antd/es/_util/responsiveObserver';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, type GuideItem, type GuideMaterial, type ServiceGuide, type TimeLimit } from '../api';
import { useAuth } from '../auth';
import { ErrorResult } from '../components/ErrorResult';
import { UserText } from '../components/UserText';
import { formatDateTime, limitText } from '../format';
import { type Translate, useI18n } from '../i18n';
import { useApi } from '../useApi';

const timeLimit = (t: Translate, limit: TimeLimit | null | undefined) =>
  limit ? limitText(t, { ...limit, kind: 'statutory' }) : t('guide.none');

/**
 * 办事指南: what an applicant reads before applying — generated from the catalogue by the API, so
 * it always says what the deployed bundle asks. Public: no login needed.
 */
export default function BundleGuidePage() {
  const { key = '' } = useParams();
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { data: guide, error, loading, reload } = useApi((signal) => api.bundleGuide(key, signal), [key]);
  const phone = !Grid.useBreakpoint().md;

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (loading && !guide) return <Skeleton active />;
  if (!guide) return null;

  const itemName = (code: string) => {
    const item = guide.items.find((i) => i.code === code);
    return item ? pick(item.name) : code;
  };

  const actions = (
    <Space wrap>
      {user && (
        <Button
          icon={<FileSearchOutlined />}
          onClick={() => navigate(`/bundles/${encodeURIComponent(key)}/diagram`)}
        >
          {t('guide.diagram')}
        </Button>
      )}
      {(!user || user.role === 'applicant') && !guide.withdrawnAt && (
        <Button
          type="primary"
          icon={<FormOutlined />}
          data-testid="guide-apply"
          onClick={() => navigate(`/apply/${encodeURIComponent(key)}`)}
        >
          {t('guide.apply')}
        </Button>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="guide-page">
      <Card
        title={
          <Space>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(-1)}
              aria-label={t('common.back')}
            />
            <span data-testid="guide-title">{t('guide.title', { name: pick(guide.name) })}</span>
          </Space>
        }
        styles={{ title: { whiteSpace: 'normal' } }}
        extra={phone ? undefined : actions}
      >
        {guide.withdrawnAt && (
          <Alert
            type="warning"
            showIcon
            data-testid="guide-withdrawn"
            title={t('guide.withdrawn', { at: formatDateTime(guide.withdrawnAt) })}
            style={{ marginBottom: 12 }}
          />
        )}
        {/* On a phone the buttons go under the title, which needs the whole width. */}
        {phone && <div style={{ marginBottom: 12 }}>{actions}</div>}
        <Typography.Paragraph type="secondary">{pick(guide.description)}</Typography.Paragraph>
        <Summary guide={guide} />
      </Card>

      <Card title={t('guide.items')}>
        <ItemTable guide={guide} itemName={itemName} />
      </Card>

      <Card title={t('guide.materials')}>
        <Alert type="info" showIcon title={t('guide.materialsHint')} style={{ marginBottom: 16 }} />
        <MaterialTable guide={guide} itemName={itemName} />
      </Card>

      <Card title={t('guide.fees')}>
        {guide.fees.length === 0 ? (
          <Typography.Text data-testid="guide-fees">{t('guide.free')}</Typography.Text>
        ) : (
          <Table
            data-testid="guide-fees"
            size="small"
            pagination={false}
            rowKey={(f) => `${f.itemCode}-${f.name.zh}`}
            dataSource={guide.fees}
            columns={[
              { key: 'item', title: t('guide.item'), render: (_, f) => itemName(f.itemCode) },
              { key: 'name', title: t('guide.feeItem'), render: (_, f) => pick(f.name) },
              { key: 'amount', title: t('guide.feeAmount'), dataIndex: 'amountYuan', align: 'right' },
              { key: 'basis', title: t('guide.feeBasis'), render: (_, f) => <UserText>{f.basis}</UserText> },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  {t('guide.totalFees', { amount: guide.totalFeesYuan })}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        )}
      </Card>
    </Space>
  );
}

function Summary({ guide }: { guide: ServiceGuide }) {
  const { t, pick } = useI18n();
  const joint = guide.jointLimit;
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
      <Descriptions.Item label={t('guide.leadDepartment')}>
        <span data-testid="guide-lead-department">{pick(guide.leadDepartment.name)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('guide.jointLimit')}>
        <span data-testid="guide-joint-limit">
          {t('guide.jointLimitText', {
            limit: timeLimit(t, joint.statutory),
            extension: timeLimit(t, joint.extension),
          })}
        </span>
      </Descriptions.Item>
      {joint.promised && (
        <Descriptions.Item label={t('guide.promisedLimit')}>{timeLimit(t, joint.promised)}</Descriptions.Item>
      )}
      <Descriptions.Item label={t('guide.visits')}>
        {guide.visits === 0 ? t('guide.online') : t('guide.visitsValue', { n: guide.visits })}
      </Descriptions.Item>
      <Descriptions.Item label={t('guide.fees')}>
        {guide.totalFeesYuan === 0 ? t('guide.free') : t('guide.totalFees', { amount: guide.totalFeesYuan })}
      </Descriptions.Item>
      <Descriptions.Item label={t('guide.departments')} span={2}>
        <Space size={[4, 4]} wrap data-testid="guide-departments">
          {guide.departments.map((d) => (
            <Tag
              key={d.id}
              color={d.id === guide.leadDepartment.id ? 'red' : undefined}
              style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}
            >
              {pick(d.name)}
            </Tag>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

function ItemTable({ guide, itemName }: { guide: ServiceGuide; itemName: (code: string) => string }) {
  const { t, pick } = useI18n();
  // On a phone the item is one column: its department, limit and when it applies under its name.
  const phone = !Grid.useBreakpoint().md;
  const wide = ['md'] as Breakpoint[];
  return (
    <Table<GuideItem>
      data-testid="guide-items"
      size="small"
      pagination={false}
      rowKey="code"
      dataSource={guide.items}
      onRow={(item) => ({ 'data-testid': `guide-item-${item.code}` }) as HTMLAttributes<HTMLElement>}
      scroll={phone ? undefined : { x: 1000 }}
      columns={[
        {
          key: 'name',
          title: t('guide.item'),
          width: phone ? undefined : 280,
          render: (_, item) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{pick(item.name)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {/* An illustrative code is the catalogue's placeholder, not something to quote at a window. */}
                {item.codeSource !== 'illustrative' && `${t('guide.itemCode')} ${item.code} · `}
                {pick(item.typeName)} · {t(`guide.handling.${item.handlingType}`)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('guide.legalBasisLead')} <UserText>{item.legalBasis}</UserText>
              </Typography.Text>
              {phone && (
                <Typography.Text style={{ fontSize: 13 }}>
                  {pick(item.department.name)} · {timeLimit(t, item.statutoryLimit)} ·{' '}
                  {item.conditionText ? pick(item.conditionText) : t('guide.always')}
                </Typography.Text>
              )}
            </Space>
          ),
        },
        {
          responsive: wide,
          key: 'department',
          title: t('guide.department'),
          render: (_, item) => pick(item.department.name),
        },
        {
          responsive: wide,
          key: 'statutory',
          title: t('guide.statutory'),
          render: (_, item) => timeLimit(t, item.statutoryLimit),
        },
        {
          responsive: wide,
          key: 'promised',
          title: t('guide.promised'),
          render: (_, item) => timeLimit(t, item.promisedLimit),
        },
        {
          responsive: wide,
          key: 'condition',
          title: t('guide.condition'),
          render: (_, item) =>
            item.conditionText ? (
              <Typography.Text data-testid={`guide-condition-${item.code}`}>
                {pick(item.conditionText)}
              </Typography.Text>
            ) : (
              t('guide.always')
            ),
        },
        {
          responsive: wide,
          key: 'after',
          title: t('guide.after'),
          render: (_, item) =>
            item.prerequisites.length === 0
              ? '—'
              : item.prerequisites.map((code) => itemName(code)).join(t('common.listSeparator')),
        },
        {
          responsive: wide,
          key: 'result',
          title: t('guide.result'),
          render: (_, item) => pick(item.result.name),
        },
      ]}
    />
  );
}

function MaterialTable({ guide, itemName }: { guide: ServiceGuide; itemName: (code: string) => string }) {
  const { t, pick } = useI18n();
  // On a phone a material is one cell: what it is, whether it is needed, copies, e-licence, items.
  const phone = !Grid.useBreakpoint().md;
  const requirementTag = (m: GuideMaterial) =>
    m.providedInChain ? (
      <Tag color="green">{t('guide.providedInChain')}</Tag>
    ) : (
      <Tag color={m.requirement === 'required' ? 'blue' : 'gold'}>{t(`guide.${m.requirement}`)}</Tag>
    );
  const eLicenceText = (m: GuideMaterial) =>
    m.eLicence ? (
      <span>
        {pick(m.eLicence.name)}
        {m.trustLevel && (
          <Typography.Text type="secondary">
            {' '}
            ({t('guide.trustLevel', { level: m.trustLevel })})
          </Typography.Text>
        )}
      </span>
    ) : (
      '—'
    );
  const neededByList = (m: GuideMaterial) => (
    <Space orientation="vertical" size={0}>
      {m.neededBy.map((need) => (
        <span key={need.itemCode}>
          {itemName(need.itemCode)}
          {need.providedBy && (
            <Typography.Text type="secondary">
              {' '}
              — {t('guide.providedBy', { item: itemName(need.providedBy) })}
            </Typography.Text>
          )}
        </span>
      ))}
    </Space>
  );
  const phoneColumns: ColumnsType<GuideMaterial> = [
    {
      key: 'name',
      title: t('guide.material'),
      render: (_, m) => (
        <Space orientation="vertical" size={2}>
          <Space wrap size={4}>
            <Typography.Text strong>{pick(m.name)}</Typography.Text>
            {requirementTag(m)}
          </Space>
          <Typography.Text type="secondary">
            {t('guide.copiesValue', { originals: m.originals, copies: m.copies })}
            {m.eLicence ? ' · ' : ''}
            {m.eLicence ? eLicenceText(m) : null}
          </Typography.Text>
          {neededByList(m)}
        </Space>
      ),
    },
  ];
  return (
    <Table<GuideMaterial>
      data-testid="guide-materials"
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={guide.materials}
      onRow={(m) => ({ 'data-testid': `guide-material-${m.key}` }) as HTMLAttributes<HTMLElement>}
      scroll={phone ? undefined : { x: 1000 }}
      columns={
        phone
          ? phoneColumns
          : [
              { key: 'name', title: t('guide.material'), width: 220, render: (_, m) => pick(m.name) },
              {
                key: 'requirement',
                title: t('guide.requirement'),
                render: (_, m) => requirementTag(m),
              },
              {
                key: 'copies',
                title: t('guide.copies'),
                render: (_, m) => t('guide.copiesValue', { originals: m.originals, copies: m.copies }),
              },
              {
                key: 'eLicence',
                title: t('guide.eLicence'),
                render: (_, m) => eLicenceText(m),
              },
              {
                key: 'neededBy',
                title: t('guide.neededBy'),
                render: (_, m) => neededByList(m),
              },
            ]
      }
    />
  );
}
