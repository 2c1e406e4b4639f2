import { RunError } from '@yijian/engine';
import type { ErrorRequestHandler } from 'express';
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
