import { type Role, request } from './api';

/** An account as an admin sees it (账户管理), from GET /api/users. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role | 'system';
  departmentId: string | null;
  activeSessions: number;
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
};
