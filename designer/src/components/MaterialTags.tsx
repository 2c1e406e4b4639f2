import { CheckCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n';
import type { MaterialAttachment, MaterialStatus } from '../materialsApi';

const STATUS_COLOR: Record<MaterialStatus, string> = {
  satisfied: 'green',
  needsVerification: 'orange',
  awaitingELicence: 'blue',
  missing: 'red',
};

/** 已满足 / 待核验 / 待前序事项出证 / 未提交. */
export function MaterialStatusTag({ status, testId }: { status: MaterialStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={testId}>
      {t(`materials.status.${status}`)}
    </Tag>
  );
}

/**
 * Where a material comes from and its trust level, e.g. 电子证照·自动关联 (A) for a licence an earlier
 * item of the case issued; the tooltip says what the level means (DOMAIN rule 18).
 */
export function AttachmentTag({ attachment, testId }: { attachment: MaterialAttachment; testId?: string }) {
  const { t } = useI18n();
  const level = attachment.trustLevel;
  const label =
    attachment.source === 'eLicence'
      ? t('materials.source.eLicence')
      : attachment.source === 'reused'
        ? t(attachment.eLicence ? 'materials.source.reusedELicence' : 'materials.source.reusedUpload')
        : t('materials.source.upload');
  const color = attachment.eLicence ? 'green' : level === 'C' || level === 'D' ? 'orange' : 'cyan';
  return (
    <Tooltip title={t(`materials.trust.${level}`)}>
      <Tag
        color={color}
        icon={
          attachment.eLicence ? (
            <SafetyCertificateOutlined />
          ) : level === 'B' ? (
            <CheckCircleOutlined />
          ) : undefined
        }
        data-testid={testId}
      >
        {label} ({level})
      </Tag>
    </Tooltip>
  );
}
