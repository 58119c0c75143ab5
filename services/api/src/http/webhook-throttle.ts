/**
 * Webhook throttling: SMS replies and voice webhooks are counted in Redis
 * (rate-limiter-flexible) per phone number (the partner's: `From` of an SMS
 * reply, `To` of a call we placed) and per client IP, in one-minute windows.
 * Past either limit the webhook answers 429 with Retry-After and does nothing.
 * It runs after the signature check: an unsigned request is refused (403)
 * without spending anyone's budget. Numbers are hashed in the keys. If Redis is
 * unreachable each process counts in memory (the library's insurance limiter).
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface WebhookThrottleSettings {
  prefix: () => string;
  perNumber: () => number;
  perIp: () => number;
}

const WINDOW_SECONDS = 60;
const numberKey = (n: string) => createHash('sha256').update(n.trim()).digest('base64url');

export function createWebhookThrottle(redis: Redis, s: WebhookThrottleSettings) {
  // One limiter per (kind, limit): the limits are read per request, so a changed setting applies at once.
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (kind: string, points: number) => {
    const name = `${kind}:${points}`;
    let l = limiters.get(name);
    if (!l) {
      l = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${s.prefix()}:webhook:${kind}`,
        points,
        duration: WINDOW_SECONDS,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `webhook:${kind}`, points, duration: WINDOW_SECONDS }),
      });
      limiters.set(name, l);
    }
    return l;
  };
  /** Seconds to wait when the key has used its points, else 0 (the point is spent either way). */
  const spend = async (l: RateLimiterAbstract, key: string): Promise<number> => {
    try {
      await l.consume(key);
      return 0;
    } catch (err) {
      if (err instanceof RateLimiterRes) return Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw err;
    }
  };

  /** Middleware for one webhook: `numberOf` reads the partner's number from the signed form. */
  return (numberOf: (req: Request) => string): RequestHandler =>
    async (req, res, next) => {
      try {
        const number = numberOf(req);
        const [byNumber, byIp] = await Promise.all([
          number ? spend(limiter('number', s.perNumber()), numberKey(number)) : Promise.resolve(0),
          spend(limiter('ip', s.perIp()), req.ip ?? 'unknown'),
        ]);
        const wait = Math.max(byNumber, byIp);
        if (wait === 0) return next();
        res.setHeader('Retry-After', String(wait));
        res.status(429).json({ error: { code: 'rate_limited', message: byNumber ? 'Too many webhooks for this phone number' : 'Too many webhooks from this address' } });
      } catch (err) {
        next(err);
      }
    };
}
