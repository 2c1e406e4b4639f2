import type { RequestOf, Schemas } from '@yijian/api-client';
import { client, data } from './api';

/** An account as an admin sees it (账户管理), from GET /api/users. */
export type Account = Schemas['Account'];
export type NewAccount = Schemas['NewAccount'];
/** What an admin may change on an account (PUT /api/users/:id). */
export type AccountChange = Schemas['AccountChange'];
export type DepartmentInput = RequestOf<'/api/departments', 'post'>;

export const accountsApi = {
  list: (signal?: AbortSignal) => data(client.GET('/api/users', { signal })),
  create: (account: NewAccount) => data(client.POST('/api/users', { body: account })),
  revokeSessions: (id: string) =>
    data(client.POST('/api/users/{id}/sessions/revoke', { params: { path: { id } } })),
  /** Role, department or name (effective on the account's next request). */
  update: (id: string, change: AccountChange) =>
    data(client.PUT('/api/users/{id}', { params: { path: { id } }, body: change })),
  /** 停用 / 启用 */
  setDisabled: (id: string, disabled: boolean) =>
    disabled
      ? data(client.POST('/api/users/{id}/disable', { params: { path: { id } } }))
      : data(client.POST('/api/users/{id}/enable', { params: { path: { id } } })),
  /** 重置密码: the account's sessions end. */
  resetPassword: (id: string, newPassword: string) =>
    data(client.POST('/api/users/{id}/password', { params: { path: { id } }, body: { newPassword } })),
  createDepartment: (department: DepartmentInput) =>
    data(client.POST('/api/departments', { body: department })),
  updateDepartment: (id: string, change: Schemas['DepartmentChange']) =>
    data(client.PUT('/api/departments/{id}', { params: { path: { id } }, body: change })),
  deleteDepartment: (id: string) =>
    data(client.DELETE('/api/departments/{id}', { params: { path: { id } } })),
};
