import type { Request } from 'express';
import type { z } from 'zod';
import { validationError } from './errors';

/** Parses one part of a request with its zod schema; a failure names the field path. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix === 'body' ? [] : [prefix]);
  return result.data;
}

export const body = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.body ?? {}, 'body');
export const params = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.params, 'params');
export const query = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.query, 'query');
