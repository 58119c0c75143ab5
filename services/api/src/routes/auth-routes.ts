import { Router } from 'express';
import bcrypt from 'bcryptjs';
import { DomainError, ZLoginInput, ZMeResponse, ZOk } from '@hotline/core';
import { createSession, deleteSession, findUserByEmail, recordAudit, toSessionUser } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';
import { forgetSessions, SESSION_COOKIE, sessionTokenFrom } from '../http/session-auth';
import type { ApiDeps } from '../services/deps';

// A hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const NO_SUCH_USER_HASH = bcrypt.hashSync('no-such-user', 10);

export function authRoutes(registry: RouteRegistry, deps: ApiDeps, onLogout: (sessionId: string) => void): Router {
  const router = Router();
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: deps.env.COOKIE_SECURE, path: '/' };

  registry.add(
    router,
    { method: 'post', path: '/api/auth/login', summary: 'Sign in with email and password; sets the session cookie', tag: 'auth', access: 'public', body: ZLoginInput, responses: { 200: ZMeResponse } },
    async ({ body, req, res }) => {
      const user = await findUserByEmail(body.email);
      const ok = await bcrypt.compare(body.password, user?.passwordHash ?? NO_SUCH_USER_HASH);
      if (!user || !ok || !user.active) {
        await recordAudit({ actorId: user?._id.toHexString() ?? null, actorRole: null, action: 'auth.login', targetType: 'user', targetId: user?._id.toHexString() ?? null, requestId: req.requestId, ip: req.ip ?? null, outcome: 'denied' });
        throw new DomainError('invalid_credentials', 'Wrong email or password');
      }
      const ttl = deps.env.SESSION_TTL_HOURS * 3600_000;
      const { token, expiresAt } = await createSession(user._id, ttl);
      await recordAudit({ actorId: user._id.toHexString(), actorRole: user.role, action: 'auth.login', targetType: 'user', targetId: user._id.toHexString(), requestId: req.requestId, ip: req.ip ?? null });
      res.cookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
      return { status: 200, body: { user: toSessionUser(user) } };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/auth/logout', summary: 'Sign out; ends the session and disconnects its sockets', tag: 'auth', access: 'public', responses: { 200: ZOk } },
    async ({ req, res }) => {
      const token = sessionTokenFrom(req.headers.cookie);
      if (token) {
        forgetSessions({ token });
        const sessionId = await deleteSession(token);
        if (sessionId) onLogout(sessionId);
      }
      res.clearCookie(SESSION_COOKIE, cookieOptions);
      return { status: 200, body: { ok: true } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/auth/me', summary: 'The signed-in user', tag: 'auth', access: 'signed_in', responses: { 200: ZMeResponse } },
    async ({ user }) => ({ status: 200, body: { user } }),
  );
  return router;
}
