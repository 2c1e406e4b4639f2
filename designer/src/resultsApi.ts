/**
 * Results and notifications in the runtime API (docs/api-contract.md, "Results and
 * notifications"): a case's documents and 送达 records, the 我的证照 wallet, the notification
 * centre and managers' 催办/督办.
 */
import type { Schemas } from '@yijian/api-client';
import { client, data, request } from './api';

export type CaseDocument = Schemas['CaseDocument'];
export type DocumentKind = CaseDocument['kind'];
export type Delivery = Schemas['Delivery'];
export type WalletLicence = Schemas['LicenceWallet']['licences'][number];
export type AppNotification = Schemas['Notification'];

const id = (value: string) => ({ params: { path: { id: value } } });

export const resultsApi = {
  caseResults: (caseId: string, signal?: AbortSignal) =>
    data(client.GET('/api/cases/{id}/results', { ...id(caseId), signal })),
  /** A document or material as a blob: URL, fetched with the session (for inline preview). */
  async objectUrl(path: string): Promise<{ url: string; type: string; blob: Blob }> {
    const res = await request(path);
    const blob = await res.blob();
    return { url: URL.createObjectURL(blob), type: blob.type, blob };
  },
  confirmReceipt: (caseId: string) => data(client.POST('/api/cases/{id}/delivery/confirm', id(caseId))),
  wallet: (signal?: AbortSignal) => data(client.GET('/api/me/licences', { signal })),
  notifications: (signal?: AbortSignal) =>
    data(client.GET('/api/notifications', { params: { query: { limit: 50 } }, signal })),
  unreadCount: (signal?: AbortSignal) => data(client.GET('/api/notifications/unread-count', { signal })),
  markRead: (notificationId: number) =>
    data(client.POST('/api/notifications/{id}/read', { params: { path: { id: notificationId } } })),
  markAllRead: () => data(client.POST('/api/notifications/read-all')),
  urge: (taskId: string, level: Schemas['UrgeRequest']['level'], message: string) =>
    data(client.POST('/api/tasks/{id}/urge', { ...id(taskId), body: { level, message } })),
};
