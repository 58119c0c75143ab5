/**
 * Cross-site request forgery guard: a state-changing request (POST, PUT,
 * PATCH, DELETE) that carries a session cookie must say where it comes from —
 * Origin, or else Referer — and that must be this service: the origin of
 * PUBLIC_BASE_URL or of the request's own host. Otherwise 403 naming why.
 * Requests without a session cookie have nothing a forged request could ride
 * on (sign-in, Twilio's webhooks, which are signature-checked and mounted
 * before this guard).
 */
import type { Request, RequestHandler } from 'express';
import { DomainError } from '@hotline/core';
import { sessionTokenFrom } from './session-auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Where the request says it comes from: Origin (`null` counts as none), else the Referer's origin. */
function requestSource(req: Pick<Request, 'get'>): string | null {
  const origin = req.get('origin');
  if (origin && origin !== 'null') return originOf(origin);
  return originOf(req.get('referer'));
}

export function originCheck(publicBaseUrl: () => string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !sessionTokenFrom(req.headers.cookie)) return next();
    const source = requestSource(req);
    if (!source) return next(new DomainError('forbidden', 'Origin check failed: a state-changing request with a session must send an Origin or Referer header'));
    const allowed = [originOf(publicBaseUrl()), originOf(`${req.protocol}://${req.get('host') ?? ''}`)];
    if (!allowed.includes(source)) return next(new DomainError('forbidden', `Origin check failed: ${source} is not this service's origin`));
    next();
  };
}
