import { type ApiClient, createApiClient } from '@yijian/api-client';

export type { ApiClient } from '@yijian/api-client';

/**
 * Logs in and returns a client typed by the API's generated contract: a wrong path, parameter or
 * body is a compile error, and every answer has the type the server's schema gives it.
 */
export async function signIn(baseUrl: string, username: string, password = 'yijian123'): Promise<ApiClient> {
  const { data, error, response } = await createApiClient({ baseUrl }).POST('/api/auth/login', {
    body: { username, password },
  });
  if (!data) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(error)}`);
  return createApiClient({ baseUrl, headers: { authorization: `Bearer ${data.token}` } });
}

/** The answer, or an Error naming the refusal (its stable code and message). */
export function must<T>(what: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${what} failed: ${result.response.status} ${JSON.stringify(result.error)}`);
  }
  return result.data;
}
