import type { Schemas } from '@yijian/api-client';
import { client, data } from './api';

/** An account as an admin sees it (账户管理), from GET /api/users. */
export type Account = Schemas['Account'];
export type NewAccount = Schemas['NewAccount'];

export const accountsApi = {
  list: (signal?: AbortSignal) => data(client.GET('/api/users', { signal })),
  create: (account: NewAccount) => data(client.POST('/api/users', { body: account })),
  revokeSessions: (id: string) =>
    data(client.POST('/api/users/{id}/sessions/revoke', { params: { path: { id } } })),
};
