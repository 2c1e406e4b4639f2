import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@yijian/process-library';
import type { NextFunction, Request, Response } from 'express';
import type { Knex } from 'knex';
import { ApiError } from './errors';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

/** Sessions last a working day and a bit; the token itself is never stored, only its hash. */
const SESSION_HOURS = 12;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(knex: Knex, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await knex('sessions').insert({
    token_hash: hashToken(token),
    user_id: userId,
    expires_at: knex.raw(`now() + interval '${SESSION_HOURS} hours'`),
  });
  return token;
}

/** Resolves `Authorization: Bearer …` to a user; routes decide whether one is required. */
export function authenticate(knex: Knex) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    if (header?.startsWith('ApiKey ')) {
      // A department system: its key, never stored, only its hash; a revoked key is no key.
      const key = await knex('api_keys as k')
        .join('users as u', 'u.id', 'k.user_id')
        .where('k.key_hash', hashToken(header.slice(7).trim()))
        .whereNull('k.revoked_at')
        .andWhere('u.role', 'system')
        .first('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id');
      if (key) {
        req.user = {
          id: key.id,
          username: key.username,
          displayName: key.display_name,
          role: key.role,
          departmentId: key.department_id,
        };
      }
      return next();
    }
    if (!header?.startsWith('Bearer ')) return next();
    const row = await knex('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', hashToken(header.slice(7).trim()))
      .andWhere('s.expires_at', '>', knex.fn.now())
      .first('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id');
    if (row) {
      req.user = {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        departmentId: row.department_id,
      };
    }
    next();
  };
}

export function requireUser(req: Request): AuthUser {
  if (!req.user) throw new ApiError('unauthenticated');
  return req.user;
}
