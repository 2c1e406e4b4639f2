import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Role } from '@yijian/process-library';
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { type z, z as zod } from 'zod';
import { flushCaseEvents, holdCaseEvents } from '../commands/caseEvents';
import { idempotent } from '../commands/idempotency';
import { type AuthUser, requireUser } from './auth';
import { ApiError, errorSchema, forbidden } from './errors';
import { refuseHostileInput } from './hostileInput';
import { assertResponseMatches, checkResponses } from './responseCheck';
import { captureExample, responseSchemas, routeKey, storedExample } from './responseExamples';
import { parse } from './validate';

type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec<
  B extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  R extends RouteResponse = RouteResponse,
> {
  method: Method;
  /** Express path, e.g. `/api/tasks/:id/claim`. */
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; `public` routes need no token. */
  roles: readonly Role[] | 'public';
  body?: B;
  /** A raw (non-JSON) body of these media types, e.g. an uploaded file; the route reads it itself. */
  rawBody?: { mediaTypes: readonly string[]; maxBytes: number };
  params?: P;
  query?: Q;
  /** The answer's schema: the handler must return its input type, and tests check real answers against it. */
  response: R;
  status?: number;
  /**
   * Safe to retry with an `Idempotency-Key` header: the command the handler runs through
   * `input.command` stores its first result in its own transaction, and a retry with the same key
   * and request (path, parameters and body) gets that result back without running it again.
   */
  idempotent?: boolean;
  /**
   * The example answer for the OpenAPI document, for a route that writes its answer itself (a
   * file): the others' examples are captured from the tests (responseExamples.ts).
   */
  example?: unknown;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/** A JSON schema, XML text, or a file download in one of the given media types (written by the handler). */
export type RouteResponse = z.ZodType | 'text/xml' | { file: readonly string[] };

/**
 * Returned by a handler that wrote the answer itself (a redirect, a file, a status other than the
 * route's): nothing is sent after it, and the type says so instead of a silent `void`.
 */
export const responded: unique symbol = Symbol('responded');

/** What a handler returns: the response schema's input (JSON-serialisable) type, or the XML text. */
export type RouteResult<R> =
  | (R extends z.ZodType ? z.input<R> : R extends 'text/xml' ? string : never)
  | typeof responded;

export interface RouteInput<B, P, Q> {
  body: B;
  params: P;
  query: Q;
  user: AuthUser;
  req: Request;
  res: Response;
  /** Answers with this status instead of the route's (e.g. 200 for a replayed creation). */
  setStatus: (status: number) => void;
  /**
   * Runs the route's command in one transaction on `db`; on an `idempotent` route, once per
   * Idempotency-Key (a retry gets the first result back and {@link RouteInput.replayed} is true).
   */
  command<T>(db: Knex, run: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /** Whether {@link RouteInput.command} answered a retry from the stored result. */
  replayed(): boolean;
}

/**
 * Declares a route once: it is mounted on the router with zod validation and role checks, and
 * registered in the OpenAPI document from the same schemas.
 */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  R extends RouteResponse = RouteResponse,
>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteSpec<B, P, Q, R>,
  handler: (input: RouteInput<Infer<B>, Infer<P>, Infer<Q>>) => Promise<RouteResult<R>>,
): void {
  const status = spec.status ?? 200;
  const key = routeKey(spec.method, spec.path);
  responseSchemas.set(key, spec.response);
  // A real answer captured from the tests (responseExamples.ts), shown in /api/docs.
  const example = spec.example ?? storedExample(key);
  registry.registerPath({
    method: spec.method,
    path: spec.path.replace(/:(\w+)/g, '{$1}'),
    summary: spec.summary,
    tags: [spec.tag],
    security: spec.roles === 'public' ? [] : [{ bearer: [] }],
    request: {
      ...(spec.idempotent
        ? {
            headers: zod.object({
              'Idempotency-Key': zod
                .string()
                .max(200)
                .optional()
                .describe('Retry safely: a retry with the same key and request gets the first answer'),
            }),
          }
        : {}),
      ...(spec.params ? { params: spec.params as never } : {}),
      ...(spec.query ? { query: spec.query as never } : {}),
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.rawBody
        ? {
            body: {
              description: `At most ${spec.rawBody.maxBytes} bytes`,
              content: Object.fromEntries(
                spec.rawBody.mediaTypes.map((type) => [
                  type,
                  { schema: { type: 'string', format: 'binary' } },
                ]),
              ),
            },
          }
        : {}),
    },
    responses: {
      [status]: {
        description: 'OK',
        content:
          spec.response === 'text/xml'
            ? { 'text/xml': { schema: { type: 'string' }, ...(example === undefined ? {} : { example }) } }
            : isFile(spec.response)
              ? Object.fromEntries(
                  spec.response.file.map((type) => [
                    type,
                    {
                      schema: { type: 'string', format: 'binary' },
                      ...(example === undefined ? {} : { example }),
                    },
                  ]),
                )
              : {
                  'application/json': {
                    schema: spec.response,
                    ...(example === undefined ? {} : { example }),
                  },
                },
      },
      400: {
        description: 'Invalid input; `details` name the fields',
        content: { 'application/json': { schema: errorSchema } },
      },
      ...(spec.rawBody
        ? { 413: { description: 'Body too large', content: { 'application/json': { schema: errorSchema } } } }
        : {}),
      ...(spec.method === 'get'
        ? {}
        : {
            409: {
              description:
                'The case or task is not in a state that takes this (e.g. `task_not_open`, `engine_event_not_accepted`)',
              content: { 'application/json': { schema: errorSchema } },
            },
            422: {
              description:
                'The request cannot be right (e.g. `engine_extension_invalid`, `idempotency_key_reused`)',
              content: { 'application/json': { schema: errorSchema } },
            },
          }),
      ...(spec.roles === 'public'
        ? {}
        : {
            401: { description: 'Not logged in', content: { 'application/json': { schema: errorSchema } } },
            403: {
              description: 'Role not allowed',
              content: { 'application/json': { schema: errorSchema } },
            },
            404: {
              description: 'Not found or not yours',
              content: { 'application/json': { schema: errorSchema } },
            },
          }),
    },
  });

  router[spec.method](spec.path, async (req, res) => {
    // Before anything reads it, even the login: text PostgreSQL cannot store, nesting no form has.
    refuseHostileInput(req.params, 'params');
    refuseHostileInput(req.query, 'query');
    if (!Buffer.isBuffer(req.body)) refuseHostileInput(req.body, '');
    // A body the JSON parser skipped (another Content-Type) would otherwise read as no input at all.
    // An empty POST (Content-Length: 0, no type), as clients send for a logout, is no body.
    const sentBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (spec.body && sentBody && !req.is(['application/json', '+json'])) {
      throw new ApiError('unsupported_media_type', { type: req.headers['content-type'] ?? '' });
    }
    const user = spec.roles === 'public' ? (undefined as never) : requireUser(req);
    if (spec.roles !== 'public' && !spec.roles.includes(user.role)) {
      throw forbidden(spec.roles);
    }
    let answerStatus = status;
    const params = (spec.params ? parse(spec.params, req.params, 'params') : undefined) as Infer<P>;
    const body = (spec.body ? parse(spec.body, req.body ?? {}, 'body') : undefined) as Infer<B>;
    let replayed = false;
    const input: RouteInput<Infer<B>, Infer<P>, Infer<Q>> = {
      params,
      query: (spec.query ? parse(spec.query, req.query, 'query') : undefined) as Infer<Q>,
      body,
      user,
      req,
      res,
      setStatus: (code: number) => {
        answerStatus = code;
      },
      command: (db, run) =>
        db.transaction(async (trx) => {
          const key = spec.idempotent ? req.header('Idempotency-Key') : undefined;
          const once = await idempotent(
            trx,
            { userId: user.id, key, request: { route: `${spec.method} ${spec.path}`, params, body }, status },
            async () => {
              // The command's audit events are written together at its end (one statement per case).
              holdCaseEvents(trx);
              const value = await run(trx);
              await flushCaseEvents(trx);
              return value;
            },
          );
          replayed = once.replayed;
          return once.value;
        }),
      replayed: () => replayed,
    };
    const result = await handler(input);
    if (result === responded || res.headersSent) return;
    if (isFile(spec.response)) throw new Error(`${spec.path}: a file route must write its answer`);
    if (checkResponses && spec.response !== 'text/xml') {
      assertResponseMatches(`${spec.method.toUpperCase()} ${spec.path}`, spec.response, result);
    }
    captureExample(key, result);
    if (spec.response === 'text/xml') {
      res
        .status(answerStatus)
        .type('text/xml')
        .send(result as string);
    } else {
      res.status(answerStatus).json(result);
    }
  });
}

function isFile(response: RouteResponse): response is { file: readonly string[] } {
  return typeof response === 'object' && 'file' in response;
}
