import type { RequestOf, Schemas } from '@yijian/api-client';
import { client, data } from './api';

export type ApiKey = Schemas['ApiKey'];
export type WarningPolicies = Schemas['WarningPolicies'];
export type WarningPolicyInForce = Schemas['WarningPolicyInForce'];
export type CalendarYear = Schemas['CalendarYear'];
export type CalendarNotice = RequestOf<'/api/admin/calendar/{region}/{year}', 'put'>;
export type CalendarNoticePreview = Schemas['CalendarNoticePreview'];
export type CalendarChange = Schemas['CalendarChange'];
export type AuditReport = Schemas['AuditReport'];

const calendarPath = (region: string, year: number) => ({ params: { path: { region, year } } });

/** The admin console's calls: calendar, warning policies, department systems' keys, the audit chain. */
export const adminApi = {
  calendarYear: (region: string, year: number, signal?: AbortSignal) =>
    data(client.GET('/api/calendar/{region}/{year}', { ...calendarPath(region, year), signal })),
  calendarChanges: (signal?: AbortSignal) => data(client.GET('/api/admin/calendar/changes', { signal })),
  previewNotice: (region: string, year: number, body: CalendarNotice) =>
    data(client.POST('/api/admin/calendar/{region}/{year}/preview', { ...calendarPath(region, year), body })),
  loadNotice: (region: string, year: number, body: CalendarNotice) =>
    data(client.PUT('/api/admin/calendar/{region}/{year}', { ...calendarPath(region, year), body })),
  warningPolicies: (signal?: AbortSignal) => data(client.GET('/api/admin/warning-policies', { signal })),
  apiKeys: (signal?: AbortSignal) => data(client.GET('/api/admin/api-keys', { signal })),
  issueKey: (departmentId: string, name: string) =>
    data(
      client.POST('/api/admin/departments/{id}/api-keys', {
        params: { path: { id: departmentId } },
        body: { name },
      }),
    ),
  revokeKey: (id: string) =>
    data(client.POST('/api/admin/api-keys/{id}/revoke', { params: { path: { id } } })),
  verifyAudit: (caseId: string | undefined) =>
    data(client.GET('/api/audit/verify', { params: { query: caseId ? { caseId } : {} } })),
  checkpoint: () => data(client.POST('/api/audit/checkpoints', { body: {} })),
};
