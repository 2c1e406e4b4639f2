import { Tag } from 'antd';
import { useT } from '../i18n';
import type { MonitorLight } from '../monitorApi';

const COLOR: Record<MonitorLight, string> = {
  green: 'green',
  yellow: 'gold',
  red: 'red',
  paused: 'default',
  atWindow: 'cyan',
  incident: 'magenta',
};

/** Where an open case stands for the monitor: its light, or paused, at the window, stuck. */
export function MonitorLightTag({ light }: { light: MonitorLight | null }) {
  const t = useT();
  if (!light) return <Tag>—</Tag>;
  return (
    <Tag color={COLOR[light]} data-monitor-light={light}>
      {t(`monitorLight.${light}`)}
    </Tag>
  );
}
