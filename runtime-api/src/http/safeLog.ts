import type { IncomingMessage } from 'node:http';

/**
 * What of an unexpected error goes to the log: its kind, codes and where it happened, never its
 * message or details, which for a database error quote the submitted values (a name, an ID number
 * 身份证号, a form answer). The stack keeps its frames without its first line, the message.
 */
export function safeErrorLog(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) {
    // Already made safe (pino-http applies this serializer again to what errors.ts logs).
    if (err && typeof err === 'object' && 'stack' in err && !('message' in err))
      return err as Record<string, unknown>;
    return { type: typeof err };
  }
  const e = err as Error & Record<string, unknown>;
  const pick = (k: string) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? e[k] : undefined);
  return {
    type: e.name,
    code: pick('code'),
    // PostgreSQL names the object, not the value.
    routine: pick('routine'),
    table: pick('table'),
    column: pick('column'),
    constraint: pick('constraint'),
    stack: e.stack?.split('\n').slice(1).join('\n'),
  };
}

/** pino-http's request: method and path, no query string (it may carry names and numbers). */
export function safeRequestLog(req: IncomingMessage & { id?: unknown }): Record<string, unknown> {
  return { id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] };
}
