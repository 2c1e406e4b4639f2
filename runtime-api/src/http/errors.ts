import { DatabaseBusyError } from '@yijian/db';
import { RunError } from '@yijian/engine';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { z } from 'zod';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error the client caused or may act on; rendered as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this') => new ApiError(403, 'forbidden', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);

/** Turns zod issues into details whose `path` names the field, e.g. `form.shop.area`. */
export function validationError(error: z.ZodError, prefix: (string | number)[] = []): ApiError {
  const details = error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = details[0];
  return new ApiError(
    400,
    'validation_failed',
    first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input',
    details,
  );
}

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

/** The last middleware: every failure leaves as JSON, never as an HTML stack trace. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof ApiError) {
    res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
    return;
  }
  // The engine refused the event (e.g. a task completed twice in a race): the case is as it was.
  if (err instanceof RunError) {
    res.status(409).json({ error: { code: `engine_${err.code}`, message: err.message } });
    return;
  }
  if (err instanceof z.ZodError) {
    const api = validationError(err);
    res.status(api.status).json({ error: { code: api.code, message: api.message, details: api.details } });
    return;
  }
  if (respondUnavailable(err, req, res)) return;
  // body-parser marks malformed JSON and oversized bodies with a status.
  const status = typeof err?.status === 'number' ? err.status : 500;
  if (status >= 400 && status < 500) {
    const code = err.type === 'entity.parse.failed' ? 'invalid_json' : (err.type ?? 'bad_request');
    res.status(status).json({ error: { code, message: err.message ?? 'Bad request' } });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  res.status(500).json({ error: { code: 'internal', message: 'Internal error; it has been logged.' } });
};

// ── 503: the database cannot take the request now (capacity, not a fault) ──────────────────────
// Nothing was done (or the transaction rolled back); `Retry-After` says when to try again, and an
// Idempotency-Key makes that retry safe even if an earlier attempt did commit.

/** Answers 503 with `Retry-After` for an exhausted pool or a statement timeout; false otherwise. */
function respondUnavailable(err: unknown, req: Request, res: Response): boolean {
  let code: string;
  let message: string;
  if (err instanceof DatabaseBusyError) {
    code = err.code;
    message =
      err.code === 'database_busy'
        ? `系统繁忙，请稍后重试。${err.message}`
        : `数据库暂时无法连接，请稍后重试。${err.message}`;
  } else if (err instanceof Error && err.name === 'KnexTimeoutError') {
    code = 'database_busy';
    message = '系统繁忙，请稍后重试。No database connection came free in time; retry shortly';
  } else if ((err as { code?: unknown })?.code === '57014') {
    // statement_timeout (DB_STATEMENT_TIMEOUT_MS): the statement was cancelled and rolled back.
    code = 'statement_timeout';
    message =
      '处理超时，请稍后重试。The database took too long and the request was rolled back; retry shortly';
  } else {
    return false;
  }
  req.log?.warn({ err }, 'answered 503');
  res.setHeader('Retry-After', '1');
  res.status(503).json({ error: { code, message } });
  return true;
}
