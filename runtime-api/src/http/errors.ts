import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { DatabaseBusyError } from '@yijian/db';
import { IncidentError, RunError } from '@yijian/engine';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import {
  catalogueMessages,
  defaultLanguage,
  type ErrorCode,
  type ErrorParams,
  errorCatalogue,
  fillBoth,
  type Language,
  languages,
  listOf,
  type Messages,
  schemaMessages,
  stateName,
  type TemplateValue,
  type Thing,
  things,
} from './errorCodes';
import { safeErrorLog } from './safeLog';

export interface ErrorDetail {
  path: string;
  message: string;
  /** The detail in both languages, when it is known in both (validation reasons). */
  messages?: Messages;
  /** A stable code of the detail, when it has one (the engine's refusal codes). */
  code?: string;
}

type ErrorArgs<C extends ErrorCode> = keyof ErrorParams<C> extends never
  ? [params?: Record<string, never>, details?: ErrorDetail[]]
  : [params: ErrorParams<C>, details?: ErrorDetail[]];

/**
 * A refusal the client caused or may act on. Its status and its zh-CN and English messages come
 * from the catalogue (`errorCodes.ts`); rendered as
 * `{ error: { code, message, messages: { 'zh-CN', en }, details? } }`, `message` in the request's
 * language. `Error.message` is the English text, for logs.
 */
export class ApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly messages: Messages;
  readonly details?: ErrorDetail[];

  constructor(
    readonly code: C,
    ...[params, details]: ErrorArgs<C>
  ) {
    const messages = catalogueMessages(code, (params ?? {}) as Record<string, TemplateValue>);
    super(messages.en);
    this.status = errorCatalogue[code].status;
    this.messages = messages;
    this.details = details;
  }

  /** The JSON body of the answer, `message` in `language`. */
  toBody(language: Language): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.messages[language],
        messages: this.messages,
        ...(this.details
          ? {
              details: this.details.map((d) => (d.messages ? { ...d, message: d.messages[language] } : d)),
            }
          : {}),
      },
    };
  }
}

/** 404 for a thing that does not exist, or that the caller may not see. */
export const notFound = (what: Thing, id: string) => new ApiError('not_found', { what: things[what], id });
/** 403 when the caller's role is not one of `roles`. */
export const forbidden = (roles: readonly string[]) => new ApiError('forbidden', { roles: listOf(roles) });
/** A task's or case's state by name, as a message parameter. */
export { stateName };

/** 400 `validation_failed` for one field a schema could not check, with `reason` in both languages. */
export function invalidField(
  path: string,
  reason: Messages,
  params: Readonly<Record<string, TemplateValue>> = {},
): ApiError<'validation_failed'> {
  const messages = fillBoth(reason, params);
  return new ApiError('validation_failed', { path, reason: messages }, [
    { path, message: messages.en, messages },
  ]);
}

/** 400 `validation_failed` for several fields at once; the message names the first. */
export function invalidFields(
  details: { path: string; messages: Messages }[],
): ApiError<'validation_failed'> {
  const first = details[0] ?? { path: '(body)', messages: { 'zh-CN': '无效输入', en: 'Invalid input' } };
  return new ApiError(
    'validation_failed',
    { path: first.path, reason: first.messages },
    details.map((d) => ({ path: d.path, message: d.messages.en, messages: d.messages })),
  );
}

const zhCN = z.locales.zhCN().localeError;

/** A zod issue's message in Chinese when zod's own locale can say it without the input. */
function chineseOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || issue.code === 'invalid_type') return issue.message;
  const message = zhCN(issue as never);
  return typeof message === 'string' ? message : (message?.message ?? issue.message);
}

/**
 * Turns zod issues into `validation_failed` whose details' `path` names the field, e.g.
 * `form.shop.area`. `chinese` is the same parse run with Chinese messages (see `parse`), paired
 * issue by issue; without it zod's Chinese locale words what it can.
 */
export function validationError(
  error: z.ZodError,
  prefix: (string | number)[] = [],
  chinese?: z.ZodError,
): ApiError<'validation_failed'> {
  const paired = chinese && chinese.issues.length === error.issues.length ? chinese.issues : null;
  return invalidFields(
    error.issues.map((issue, index) => ({
      path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
      messages: {
        'zh-CN': schemaMessages[issue.message] ?? (paired ? paired[index]!.message : chineseOf(issue)),
        en: issue.message,
      },
    })),
  );
}

// errorSchema is built when this module loads, which can be before openapi.ts extends zod.
extendZodWithOpenApi(z);

const messagesSchema = z
  .object({ 'zh-CN': z.string(), en: z.string() })
  .openapi('ErrorMessages', { description: 'The message in every language the API speaks' });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]).openapi({
        description: 'Stable error code; see docs/api-contract.md for the catalogue',
      }),
      message: z.string().openapi({
        description: 'In the request’s language (Accept-Language: zh-CN or en; zh-CN when it names neither)',
      }),
      messages: messagesSchema,
      details: z
        .array(
          z.object({
            path: z.string(),
            message: z.string(),
            messages: messagesSchema.optional(),
            code: z.string().optional().openapi({
              description:
                'Stable code of this detail when it has one (an engine refusal: element_unsupported, element_dead_end, feel_syntax, …)',
            }),
          }),
        )
        .optional(),
    }),
  })
  .openapi('Error');

export type ErrorBody = z.infer<typeof errorSchema>;

/** The language of the answer: the best of Accept-Language among zh-CN and en, else zh-CN. */
export function requestLanguage(req: Request): Language {
  const best = req.acceptsLanguages(...languages);
  return best === 'en' ? 'en' : best === 'zh-CN' ? 'zh-CN' : defaultLanguage;
}

/**
 * Engine refusals by code: the caller asked for something the case cannot do now (409) or asked
 * in a way that cannot be right (422). Any other engine code is a fault in the model or the data
 * (an unknown element, a loop, an expression that fails): not the caller's, so a 500.
 */
const engineRefusals: Record<string, ErrorCode> = {
  event_not_accepted: 'engine_event_not_accepted',
  not_waiting: 'engine_not_waiting',
  clock_event_refused: 'engine_clock_event_refused',
  already_extended: 'engine_already_extended',
  extension_after_expiry: 'engine_extension_after_expiry',
  no_clock: 'engine_no_clock',
  incident_not_open: 'engine_incident_not_open',
  reason_required: 'engine_reason_required',
  empty_correction_notice: 'engine_empty_correction_notice',
  unknown_special_procedure: 'engine_unknown_special_procedure',
  expected_duration_required: 'engine_expected_duration_required',
  extension_invalid: 'engine_extension_invalid',
  bad_variables: 'engine_bad_variables',
  return_target_invalid: 'return_target_invalid',
  item_paused: 'item_paused',
  item_not_running: 'item_not_running',
  item_already_paused: 'item_already_paused',
  item_not_paused: 'item_not_paused',
};

/**
 * Engine codes that are faults in the model or its data, never the caller's: the engine parks such
 * tokens as incidents, so one reaching a request is a bug to log (500), not a refusal.
 */
export const engineFaultCodes: readonly string[] = [
  'unknown_element',
  'loop',
  'no_department',
  'no_participants',
  'bad_participant',
  'no_flow_taken',
  'expression_failed',
  'timer_invalid',
  'uncaught_error',
  'unknown_scope',
  'definition_mismatch',
];

/** The API's answer to an engine refusal, or null when the engine error is a fault. */
export function engineRefusal(error: RunError): ApiError | null {
  if (error instanceof IncidentError) return null;
  const code = engineRefusals[error.code];
  if (!code) return null;
  const params = Object.fromEntries(
    Object.entries(error.params ?? {}).map(([name, value]) => [
      name,
      Array.isArray(value)
        ? listOf(value.map(String))
        : name === 'state' || name === 'phase'
          ? stateName(String(value))
          : value,
    ]),
  );
  return new ApiError(code, params as never);
}

/** express-rate-limit's `handler`: a 429 in the catalogue's shape instead of its plain text. */
export const rateLimitedHandler = (_req: Request, _res: Response, next: NextFunction) =>
  next(new ApiError('rate_limited'));

/** body-parser marks its failures with a `type` and a 4xx `status`. */
function bodyParserRefusal(err: {
  type?: unknown;
  status?: unknown;
  message?: unknown;
  limit?: unknown;
  charset?: unknown;
  encoding?: unknown;
}): ApiError | null {
  if (typeof err.status !== 'number' || err.status < 400 || err.status >= 500) return null;
  switch (err.type) {
    case 'entity.parse.failed':
      return new ApiError('invalid_json', { detail: String(err.message ?? '') });
    case 'entity.too.large':
      return new ApiError('body_too_large', {
        limit: typeof err.limit === 'number' ? `${Math.round(err.limit / 1024)} KB` : '1 MB',
      });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ApiError('unsupported_encoding', { encoding: String(err.charset ?? err.encoding ?? '') });
    default:
      return new ApiError('bad_request');
  }
}

/**
 * The last middleware: every failure leaves as JSON in the catalogue's shape, never as an HTML
 * stack trace. Refusals are 4xx with their code; anything else is a logged 500.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const language = requestLanguage(req);
  let refusal: ApiError | null = null;
  if (err instanceof ApiError) refusal = err;
  // The engine refused the event (e.g. a task completed twice in a race): the case is as it was.
  else if (err instanceof RunError) refusal = engineRefusal(err);
  else if (err instanceof z.ZodError) refusal = validationError(err);
  else if (err && typeof err === 'object') refusal = bodyParserRefusal(err);
  if (refusal) {
    res.status(refusal.status).json(refusal.toBody(language));
    return;
  }
  const unavailable = databaseUnavailable(err);
  if (unavailable) {
    req.log?.warn({ err: safeErrorLog(err) }, 'answered 503');
    res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(unavailable.status).json(unavailable.toBody(language));
    return;
  }
  req.log?.error(
    { err: safeErrorLog(err) },
    err instanceof RunError ? 'engine fault reached a request' : 'unhandled error',
  );
  const internal = new ApiError('internal');
  res.status(internal.status).json(internal.toBody(language));
};

// ── 503: the database cannot take the request now (capacity, not a fault) ──────────────────────
// Nothing was done (or the transaction rolled back); `Retry-After` says when to try again, and an
// Idempotency-Key makes that retry safe even if an earlier attempt did commit.

const RETRY_AFTER_SECONDS = 1;

/** An exhausted pool (our guard or knex's acquire timeout) or a statement timeout, as its 503. */
function databaseUnavailable(err: unknown): ApiError | null {
  if (err instanceof DatabaseBusyError)
    return err.code === 'database_busy'
      ? new ApiError('database_busy')
      : new ApiError('database_unavailable');
  if (err instanceof Error && err.name === 'KnexTimeoutError') return new ApiError('database_busy');
  // statement_timeout (DB_STATEMENT_TIMEOUT_MS): PostgreSQL cancelled the statement.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '57014') return new ApiError('statement_timeout');
  // The connection broke or the server is going away (a primary killed or failing over, a
  // restart): the transaction did not commit, so this is the database's unavailability, not a
  // fault of ours. Class 08 (connection exceptions), 57P01–57P03 (shutdown, cannot connect now),
  // and the socket errors node-postgres passes through.
  if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code)))
    return new ApiError('database_unavailable');
  if (typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes(code))
    return new ApiError('database_unavailable');
  if (err instanceof Error && /Connection terminated/.test(err.message))
    return new ApiError('database_unavailable');
  return null;
}
