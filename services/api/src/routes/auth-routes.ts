import { Router } from 'express';
import bcrypt from 'bcryptjs';
import { DomainError, ZErrorEnvelope, ZLoginInput, ZMeResponse, ZOk } from '@hotline/core';
import { createSession, deleteSession, findUserByEmail, recordAudit, toSessionUser } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';
import { forgetSessions, SESSION_COOKIE, sessionTokenFrom } from '../http/session-auth';
import type { ApiDeps } from '../services/deps';
import { createLoginThrottle } from '../http/login-throttle';

// A hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const NO_SUCH_USER_HASH = bcrypt.hashSync('no-such-user', 10);

export function authRoutes(registry: RouteRegistry, deps: ApiDeps, onLogout: (sessionId: string) => void): Router {
  const router = Router();
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, secure: deps.env.COOKIE_SECURE, path: '/' };
  const throttle = createLoginThrottle(deps.redis, {
    prefix: deps.env.BULLMQ_PREFIX,
    failuresPerAccount: deps.env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    failuresPerIp: deps.env.LOGIN_MAX_FAILURES_PER_IP,
    windowSeconds: deps.env.LOGIN_FAILURE_WINDOW_SECONDS,
  });

  registry.add(
    router,
    {
      method: 'post', path: '/api/auth/login', summary: 'Sign in with email and password; sets the session cookie (429 with Retry-After after too many failures)', tag: 'auth', access: 'public', body: ZLoginInput,
      responses: { 200: ZMeResponse, 401: ZErrorEnvelope, 429: ZErrorEnvelope },
    },
    async ({ body, req, res }) => {
      // Throttled accounts and addresses are refused before the password is even compared.
      await throttle.check(body.email, req.ip, (seconds) => res.setHeader('Retry-After', String(seconds)));
      const user = await findUserByEmail(body.email);
      const ok = await bcrypt.compare(body.password, user?.passwordHash ?? NO_SUCH_USER_HASH);
      if (!user || !ok || !user.active) {
        await throttle.failed(body.email, req.ip);
        await recordAudit({ actorId: user?._id.toHexString() ?? null, actorRole: null, action: 'auth.login', targetType: 'user', targetId: user?._id.toHexString() ?? null, requestId: req.requestId, ip: req.ip ?? null, outcome: 'denied' });
        throw new DomainError('invalid_credentials', 'Wrong email or password');
      }
      await throttle.succeeded(body.email);
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
