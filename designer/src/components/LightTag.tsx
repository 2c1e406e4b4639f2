import { Tag } from 'antd';
import type { Light } from '../api';
import { useT } from '../i18n';

const COLOR: Record<Light, string> = { green: 'green', yellow: 'gold', red: 'red' };

/** 亮灯预警: green on time, yellow (黄牌) near the deadline, red (红牌) overdue. */
export function LightTag({ light }: { light: Light }) {
  const t = useT();
  return (
    <Tag color={COLOR[light]} data-light={light}>
      ● {t(`light.${light}`)}
    </Tag>
  );
}
