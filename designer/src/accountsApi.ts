import { type Department, type LocalizedName, type Role, request } from './api';

/** An account as an admin sees it (账户管理), from GET /api/users. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role | 'system';
  departmentId: string | null;
  /** 停用: no login, no session. */
  disabled: boolean;
  activeSessions: number;
}

/** What an admin may change on an account (PUT /api/users/:id). */
export interface AccountChange {
  displayName?: string;
  role?: Role;
  departmentId?: string | null;
}

export interface DepartmentInput {
  id: string;
  name: LocalizedName;
  region: string | null;
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  password: string;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

/** 账户管理: the admin's calls; the server decides who may (admins only). */
export const accountsApi = {
  list: (signal?: AbortSignal) => json<Account[]>('/api/users', { signal }),
  create: (account: NewAccount) =>
    json<Account>('/api/users', { method: 'POST', body: JSON.stringify(account) }),
  /** Ends every session of the account at once (吊销会话). */
  revokeSessions: (id: string) =>
    json<{ sessionsEnded: number }>(`/api/users/${encodeURIComponent(id)}/sessions/revoke`, {
      method: 'POST',
      body: '{}',
    }),
  /** Role, department or name (effective on the account's next request). */
  update: (id: string, change: AccountChange) =>
    json<Account>(`/api/users/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(change) }),
  /** 停用 / 启用 */
  setDisabled: (id: string, disabled: boolean) =>
    json<Account>(`/api/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, {
      method: 'POST',
      body: '{}',
    }),
  /** 重置密码: the account's sessions end. */
  resetPassword: (id: string, newPassword: string) =>
    json<{ reset: true; sessionsEnded: number }>(`/api/users/${encodeURIComponent(id)}/password`, {
      method: 'POST',
      body: JSON.stringify({ newPassword }),
    }),
  createDepartment: (department: DepartmentInput) =>
    json<Department>('/api/departments', { method: 'POST', body: JSON.stringify(department) }),
  updateDepartment: (id: string, change: { name?: LocalizedName; region?: string | null }) =>
    json<Department>(`/api/departments/${encodeURIComponent(id)}`, {
      method: 'PUT',
      body: JSON.stringify(change),
    }),
  deleteDepartment: (id: string) =>
    json<{ deleted: true }>(`/api/departments/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
