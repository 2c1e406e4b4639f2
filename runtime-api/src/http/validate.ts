import type { Request } from 'express';
import { z } from 'zod';
import { validationError } from './errors';

const zhCN = z.locales.zhCN();

/**
 * Parses one part of a request with its zod schema; a failure names the field path, in zh-CN and
 * English. The Chinese messages come from parsing again (only on failure) with zod's Chinese
 * locale and, when given, `inChinese`: the same schema with its own messages in Chinese (the
 * combined form's). Same schema and input give the same issues, so they pair one by one.
 */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: string,
  inChinese: z.ZodType = schema,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const chinese = inChinese.safeParse(value, { error: zhCN.localeError });
    throw validationError(
      result.error,
      prefix === 'body' ? [] : [prefix],
      chinese.success ? undefined : chinese.error,
    );
  }
  return result.data;
}

export const body = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.body ?? {}, 'body');
export const params = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.params, 'params');
export const query = <S extends z.ZodType>(req: Request, schema: S) => parse(schema, req.query, 'query');
