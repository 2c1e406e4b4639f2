import type { IncidentMessages } from '@yijian/engine';
import type { Knex } from 'knex';
import { notifyIncident } from '../notifications/notifyIncident';

export type IncidentSource = 'engine' | 'job';

export interface RaisedIncident {
  caseId: string;
  key: string;
  source: IncidentSource;
  elementId: string | null;
  code: string;
  /** The English sentence (logs, older readers) … */
  message: string;
  /** … and the sentence in both languages, which the web app shows in the reader's. */
  messages: IncidentMessages;
  attempts: number;
  raisedBy: Record<string, unknown>;
  at: string;
}

/**
 * Opens an incident, in the caller's transaction. Raising the same key again while it is open
 * (a retry that failed again) updates it in place: one open incident per case and key.
 */
export async function raiseIncident(trx: Knex.Transaction, incident: RaisedIncident) {
  await notifyIncident(trx, incident);
  return trx.raw(
    `insert into incidents (case_id, key, source, element_id, code, message, messages, attempts, raised_by, raised_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (case_id, key) where status = 'open'
     do update set code = excluded.code, message = excluded.message, messages = excluded.messages,
                   attempts = excluded.attempts, raised_by = excluded.raised_by, raised_at = excluded.raised_at`,
    [
      incident.caseId,
      incident.key,
      incident.source,
      incident.elementId,
      incident.code,
      incident.message.slice(0, 4000),
      JSON.stringify(incidentMessagesCapped(incident.messages)),
      incident.attempts,
      JSON.stringify(incident.raisedBy),
      incident.at,
    ],
  );
}

/** Both sentences, each as long as the English column allows (an expression can be long). */
const incidentMessagesCapped = (m: IncidentMessages): IncidentMessages => ({
  zh: m.zh.slice(0, 4000),
  en: m.en.slice(0, 4000),
});

/**
 * The sentence of an incident row or `incident.raised` event in both languages. Rows and events
 * written before incidents had both carry only the English message: it stands for both.
 */
export function incidentMessagesOf(stored: { messages?: unknown; message?: unknown }): IncidentMessages {
  const m = stored.messages as Partial<IncidentMessages> | null | undefined;
  const en = typeof m?.en === 'string' ? m.en : typeof stored.message === 'string' ? stored.message : '';
  return { zh: typeof m?.zh === 'string' ? m.zh : en, en };
}

/** Closes an open incident; returns how many were closed (0 when none was open). */
export function resolveIncident(
  trx: Knex | Knex.Transaction,
  input: { caseId: string; key: string; at: string; by: string | null; resolution: string },
) {
  return trx('incidents').where({ case_id: input.caseId, key: input.key, status: 'open' }).update({
    status: 'resolved',
    resolved_at: input.at,
    resolved_by: input.by,
    resolution: input.resolution,
  });
}
