import type { IncidentMessages } from '@yijian/engine';
import type { Knex } from 'knex';
import { notify } from './notificationQueries';

/**
 * Managers hear of a new incident on a case (a stuck case is theirs to see red), in the
 * transaction that raises it; raising an open incident again (a retry that failed again) tells
 * nobody twice.
 */
export async function notifyIncident(
  trx: Knex.Transaction,
  incident: { caseId: string; key: string; code: string; messages: IncidentMessages; at: string },
): Promise<void> {
  const open = await trx('incidents')
    .where({ case_id: incident.caseId, key: incident.key, status: 'open' })
    .first('id');
  if (open) return;
  const kase = await trx('cases').where({ id: incident.caseId }).first('case_number');
  await notify(trx, {
    audience: { managers: null },
    caseId: incident.caseId,
    text: {
      kind: 'incident',
      title: { zh: `办件异常：${kase?.case_number ?? ''}`, en: `Incident: ${kase?.case_number ?? ''}` },
      body: {
        zh: `${incident.code}：${incident.messages.zh.slice(0, 200)}`,
        en: `${incident.code}: ${incident.messages.en.slice(0, 200)}`,
      },
    },
    link: `/cases/${incident.caseId}`,
    at: incident.at,
  });
}
