import { WarningFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n';

/** 故障: the red state of a case that cannot move — shown instead of its light, never green or yellow. */
export function IncidentTag() {
  const t = useT();
  return (
    <Tooltip title={t('incident.tagHint')}>
      <Tag color="red" icon={<WarningFilled />} data-light="incident" data-testid="incident-tag">
        {t('incident.tag')}
      </Tag>
    </Tooltip>
  );
}
