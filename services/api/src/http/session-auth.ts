import './request-context';
/** The session cookie: an opaque random token; the database holds its hash. */
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import { toSessionUser, userForSessionToken } from '@hotline/db';
import type { TSessionUser } from '@hotline/core';

export const SESSION_COOKIE = 'hotline_session';

export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  return parseCookie(cookieHeader)[SESSION_COOKIE] ?? null;
}

/**
 * A short in-process cache of resolved sessions (SESSION_CACHE_MS, 0 turns it
 * off), so a busy console does not cost two database reads per request.
 * Sign-out and account changes on this process evict at once; another API
 * process notices within the cache time at most.
 */
interface Cached {
  value: { user: TSessionUser; sessionId: string };
  until: number;
}
const cache = new Map<string, Cached>();
const MAX_CACHED = 10_000;
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
let cacheMs = 0;

export function configureSessionCache(ms: number): void {
  cacheMs = ms;
  cache.clear();
}

/** Drops cached sessions: by token (sign-out) or by user (account changed or deactivated). */
export function forgetSessions(match: { token?: string; userId?: string }): void {
  if (match.token) cache.delete(keyOf(match.token));
  if (match.userId) for (const [k, c] of cache) if (c.value.user.id === match.userId) cache.delete(k);
}

export async function resolveSession(cookieHeader: string | undefined): Promise<{ user: TSessionUser; sessionId: string } | null> {
  const token = sessionTokenFrom(cookieHeader);
  if (!token) return null;
  const key = cacheMs > 0 ? keyOf(token) : '';
  if (cacheMs > 0) {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    if (hit) cache.delete(key);
  }
  const found = await userForSessionToken(token);
  if (!found) return null;
  const value = { user: toSessionUser(found.user), sessionId: found.sessionId };
  if (cacheMs > 0) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, { value, until: Math.min(Date.now() + cacheMs, found.expiresAt.getTime()) });
  }
  return value;
}

export const sessionMiddleware: RequestHandler = async (req, _res, next) => {
  const found = await resolveSession(req.headers.cookie);
  if (found) {
    req.user = found.user;
    req.sessionId = found.sessionId;
  }
  next();
};
