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

/** The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it). */
export const SESSION_COOKIE = 'yj_session';

/** Sets the session cookie on a login's answer; `Secure` when the request came over HTTPS. */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/api',
    maxAge: SESSION_HOURS * 3600_000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/api' });
}

/** The session token of a request: `Authorization: Bearer …`, else the session cookie. */
export function sessionToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  if (header) return null;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/**
 * Sessions looked up in the last few seconds, per pool (issue 16: the lookup was one of the
 * statements of every request). Security: an entry lives at most {@link SESSION_CACHE_MS} and
 * never past the session's expiry; logout and every revocation on this node drop the entries
 * of that token or user before they answer, so a revoked session stops working here at once. On
 * another node of the same database it stops within {@link SESSION_CACHE_MS}.
 */
export const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
interface CachedSession {
  user: AuthUser;
  until: number;
}
const sessionCaches = new WeakMap<Knex, Map<string, CachedSession>>();

function sessionCache(knex: Knex): Map<string, CachedSession> {
  let cache = sessionCaches.get(knex);
  if (!cache) {
    cache = new Map();
    sessionCaches.set(knex, cache);
  }
  return cache;
}

/** Drops the cached sessions of a user (all, or all but the token `except`). */
export function forgetSessions(knex: Knex, userId: string, except?: string): void {
  const keep = except ? hashToken(except) : null;
  for (const [hash, entry] of sessionCache(knex))
    if (entry.user.id === userId && hash !== keep) sessionCache(knex).delete(hash);
}

/** Server-side logout: the session row goes, so the token is dead at once on every node. */
export async function endSession(knex: Knex, token: string): Promise<void> {
  sessionCache(knex).delete(hashToken(token));
  await knex('sessions')
    .where({ token_hash: hashToken(token) })
    .del();
}

/** Revokes every session of a user (password changed, account disabled, admin's revoke). */
export async function endAllSessions(knex: Knex, userId: string, except?: string): Promise<number> {
  forgetSessions(knex, userId, except);
  const q = knex('sessions').where({ user_id: userId });
  if (except) q.whereNot({ token_hash: hashToken(except) });
  return q.del();
}

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
    const token = sessionToken(req);
    if (!token) return next();
    const hash = hashToken(token);
    const cache = sessionCache(knex);
    const cached = cache.get(hash);
    if (cached && cached.until > Date.now()) {
      req.user = cached.user;
      return next();
    }
    cache.delete(hash);
    const row = await knex('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.token_hash', hash)
      .andWhere('s.expires_at', '>', knex.fn.now())
      .whereNull('u.disabled_at')
      .first('u.id', 'u.username', 'u.display_name', 'u.role', 'u.department_id', 's.expires_at');
    if (row) {
      req.user = {
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role,
        departmentId: row.department_id,
      };
      if (cache.size >= SESSION_CACHE_MAX) cache.clear();
      const expires = new Date(row.expires_at).getTime();
      cache.set(hash, { user: req.user, until: Math.min(Date.now() + SESSION_CACHE_MS, expires) });
    }
    next();
  };
}

export function requireUser(req: Request): AuthUser {
  if (!req.user) throw new ApiError('unauthenticated');
  return req.user;
}
