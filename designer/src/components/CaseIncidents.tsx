import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import type { CaseDetail, FormField, Incident } from '../api';
import { formatDateTime } from '../format';
import { type I18n, type MessageKey, useI18n } from '../i18n';
import { incidentMessages } from '../incidentsI18n';
import { IncidentRetryDialog } from './IncidentRetryDialog';
import { MigrateCaseDialog } from './MigrateCaseDialog';

/** What raised the incident, in words: the step completed, the timer, the message or the job. */
function causeText(incident: Incident, { t }: I18n): string {
  const event = typeof incident.raisedBy.event === 'string' ? incident.raisedBy.event : null;
  if (incident.source === 'job') return t('incident.source.job');
  const key = `incident.cause.${event}`;
  return event && key in incidentMessages ? t(key as MessageKey) : (event ?? '—');
}

/**
 * The case page's incidents. Staff see each open incident as a red alert: where the case is stuck
 * (step and item), the message, since when and how often it was tried; admins get "fix and retry"
 * and "migrate". The applicant sees only a neutral notice that a technical problem is in hand.
 */
export function CaseIncidents({
  c,
  fields,
  latestVersion,
  onChanged,
}: {
  c: CaseDetail;
  fields: FormField[];
  latestVersion: number | undefined;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [retrying, setRetrying] = useState<Incident | null>(null);
  const [migrating, setMigrating] = useState(false);

  if (c.incidentState === 'beingHandled') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="incident-being-handled"
        title={t('incident.beingHandledTitle')}
        description={t('incident.beingHandledText')}
      />
    );
  }
  if (c.incidentState !== 'incident' || c.incidents.length === 0) return null;
  // Fix-and-retry and migration are for whom the server lists `repairIncident` (admins).
  const admin = c.allowedActions.includes('repairIncident');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-incidents">
      {c.incidents.map((incident) => (
        <Alert
          key={incident.id}
          type="error"
          showIcon
          data-testid={`incident-${incident.id}`}
          title={
            <Typography.Text strong>
              {t('incident.alertTitle', {
                element: pick(incident.elementName) || incident.elementId || t('incident.unknownElement'),
              })}
            </Typography.Text>
          }
          description={
            <Space orientation="vertical" size={2}>
              <Typography.Text data-testid="incident-message">{pick(incident.messages)}</Typography.Text>
              {incident.item && (
                <Typography.Text type="secondary">
                  {t('incident.item', { item: pick(incident.item.name) })}
                </Typography.Text>
              )}
              <Typography.Text type="secondary">
                {t('incident.meta', {
                  since: formatDateTime(incident.raisedAt),
                  attempts: incident.attempts,
                  code: incident.code,
                })}
                {' · '}
                {t('incident.raisedBy', { cause: causeText(incident, i18n) })}
              </Typography.Text>
              {admin && <Typography.Text type="secondary">{t('incident.staffHint')}</Typography.Text>}
            </Space>
          }
          action={
            admin && (
              <Space orientation="vertical">
                <Button
                  danger
                  type="primary"
                  onClick={() => setRetrying(incident)}
                  data-testid="incident-retry"
                >
                  {t('incident.retry')}
                </Button>
                <Button onClick={() => setMigrating(true)} data-testid="incident-migrate">
                  {t('incident.migrate')}
                </Button>
              </Space>
            )
          }
        />
      ))}
      {admin && (
        <>
          <IncidentRetryDialog
            c={c}
            incident={retrying}
            fields={fields}
            onClose={() => setRetrying(null)}
            onDone={() => {
              setRetrying(null);
              onChanged();
            }}
          />
          <MigrateCaseDialog
            c={c}
            open={migrating}
            latestVersion={latestVersion}
            onClose={() => setMigrating(false)}
            onDone={() => {
              setMigrating(false);
              onChanged();
            }}
          />
        </>
      )}
    </Space>
  );
}
