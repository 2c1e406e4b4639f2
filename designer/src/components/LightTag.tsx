import { Tag, Tooltip } from 'antd';
import type { Light } from '../api';
import { useT } from '../i18n';

const COLOR: Record<Light, string> = { green: 'green', yellow: 'gold', red: 'red' };

/**
 * 亮灯预警: green on time, yellow (黄牌) near the deadline, red (红牌) overdue. `provisional`: the
 * deadline reaches into a year whose holiday notice is not loaded, so the light may still change.
 */
export function LightTag({ light, provisional = false }: { light: Light; provisional?: boolean }) {
  const t = useT();
  const tag = (
    <Tag color={COLOR[light]} data-light={light} data-provisional={provisional || undefined}>
      ● {t(`light.${light}`)}
      {provisional ? ` · ${t('case.provisional')}` : ''}
    </Tag>
  );
  return provisional ? <Tooltip title={t('case.provisionalHint')}>{tag}</Tooltip> : tag;
}
