import { Card, Space, Typography } from 'antd';
import { useI18n } from '../i18n';
import { materialsApi } from '../materialsApi';
import { useApi, useDepartments } from '../useApi';
import { ItemMaterialsTable } from './TaskMaterials';

/** 申请材料 of a case, per item: what satisfies each material, its source and trust level. */
export function CaseMaterials({ caseId }: { caseId: string }) {
  const { t, pick } = useI18n();
  const { departmentName } = useDepartments();
  const { data, loading } = useApi((signal) => materialsApi.caseMaterials(caseId, signal), [caseId]);
  const items = (data?.items ?? []).filter((item) => item.materials.length > 0);
  return (
    <Card title={t('materials.title')} loading={loading && !data} data-testid="case-materials">
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {items.map((item) => (
          <div key={item.itemCode} data-testid={`case-materials-${item.itemCode}`}>
            <Typography.Text strong>{pick(item.name)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{departmentName(item.departmentId)}</Typography.Text>
            <ItemMaterialsTable item={item} />
          </div>
        ))}
      </Space>
    </Card>
  );
}
