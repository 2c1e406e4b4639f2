/**
 * Results and notifications in the runtime API (docs/api-contract.md, "Results and
 * notifications"): a case's documents and 送达 records, the 我的证照 wallet, the notification
 * centre and managers' 催办/督办.
 */
import { type LocalizedName, request } from './api';

export type DocumentKind =
  | 'acceptanceNotice'
  | 'correctionNotice'
  | 'rejectionDecision'
  | 'licenceDecision'
  | 'conclusionNotice'
  | 'eLicenceCertificate';

export interface CaseDocument {
  id: string;
  caseId: string;
  kind: DocumentKind;
  itemCode: string | null;
  title: LocalizedName;
  filename: string;
  sha256: string;
  sizeBytes: number;
  issuedBy: LocalizedName | null;
  issuedOn: string;
  url: string;
}

export interface Delivery {
  id: string;
  method: 'window' | 'post' | 'electronic';
  trackingNumber: string | null;
  deliveredAt: string;
  confirmedAt: string | null;
}

export interface WalletLicence {
  id: string;
  number: string;
  type: string;
  name: LocalizedName;
  holderEntity: string | null;
  issuedBy: LocalizedName;
  issuedAt: string;
  trustLevel: string;
  caseId: string | null;
  caseNumber: string | null;
  certificate: CaseDocument | null;
}

export interface AppNotification {
  id: number;
  kind: string;
  title: LocalizedName;
  body: LocalizedName;
  caseId: string | null;
  caseNumber: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const json = async <T>(res: Promise<Response>): Promise<T> => (await res).json() as Promise<T>;

export const resultsApi = {
  caseResults: (caseId: string, signal?: AbortSignal) =>
    json<{ caseId: string; documents: CaseDocument[]; deliveries: Delivery[] }>(
      request(`/api/cases/${caseId}/results`, { signal }),
    ),
  /** The bytes of a file behind the session (documents, uploads) as an object URL for preview. */
  async objectUrl(path: string): Promise<{ url: string; type: string; blob: Blob }> {
    const res = await request(path);
    const blob = await res.blob();
    return { url: URL.createObjectURL(blob), type: blob.type, blob };
  },
  confirmReceipt: (caseId: string) =>
    json<Delivery>(request(`/api/cases/${caseId}/delivery/confirm`, { method: 'POST', body: '{}' })),
  wallet: (signal?: AbortSignal) =>
    json<{ licences: WalletLicence[] }>(request('/api/me/licences', { signal })),
  notifications: (signal?: AbortSignal) =>
    json<{ unread: number; notifications: AppNotification[] }>(
      request('/api/notifications?limit=50', { signal }),
    ),
  unreadCount: (signal?: AbortSignal) =>
    json<{ unread: number }>(request('/api/notifications/unread-count', { signal })),
  markRead: (id: number) =>
    json<{ unread: number }>(request(`/api/notifications/${id}/read`, { method: 'POST', body: '{}' })),
  markAllRead: () =>
    json<{ unread: number }>(request('/api/notifications/read-all', { method: 'POST', body: '{}' })),
  urge: (taskId: string, level: 'urge' | 'supervise', message: string) =>
    json<{ taskId: string }>(
      request(`/api/tasks/${taskId}/urge`, { method: 'POST', body: JSON.stringify({ level, message }) }),
    ),
};
