/**
 * The runtime API's contract for its clients (the web app, the examples, tests): types generated
 * from the OpenAPI document (`schema.gen.ts`, `npm run api:generate`) and a typed fetch client.
 */
import createClient, { type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './schema.gen';

export type { components, operations, paths } from './schema.gen';

/** The named schemas of the API (`Schemas['CaseDetail']`). */
export type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<Responses> =
  Responses extends Record<number, unknown>
    ? JsonOf<Responses[Extract<keyof Responses, 200 | 201 | 202>]>
    : never;

/** The JSON answer of a route: `ResponseOf<'/api/cases/{id}', 'get'>`. */
export type ResponseOf<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'delete',
> = paths[P][M] extends { responses: infer R } ? Success<R> : never;

/** The JSON body a route takes: `RequestOf<'/api/cases', 'post'>`. */
export type RequestOf<
  P extends keyof paths,
  M extends 'get' | 'post' | 'put' | 'delete',
> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** A client whose paths, parameters, bodies and answers are checked against the contract. */
export function createApiClient(options: ClientOptions = {}) {
  return createClient<paths>(options);
}

export type ApiClient = ReturnType<typeof createApiClient>;
