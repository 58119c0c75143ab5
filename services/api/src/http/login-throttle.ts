/**
 * Sign-in throttling: failed sign-ins are counted in Redis (rate-limiter-flexible)
 * per account (the email, hashed: no addresses in Redis) and per client IP, in
 * a fixed window. Once an account or an IP has used up its failures, every
 * sign-in for it answers 429 with Retry-After until the window ends, even with
 * the right password. A successful sign-in clears the account's count (not the
 * IP's, so one valid account cannot reset an attacker's budget). Unknown
 * emails are counted the same way, so a 429 tells nothing about which exist.
 *
 * The counts live under the app's Redis prefix, shared by every API process.
 * If Redis is unreachable, each process falls back to counting in memory
 * (the library's insurance limiter): sign-in keeps working and stays throttled.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '@hotline/core';

export interface LoginThrottleSettings {
  /** Redis key prefix of the app (BULLMQ_PREFIX). */
  prefix: string;
  failuresPerAccount: number;
  failuresPerIp: number;
  windowSeconds: number;
}

export interface LoginThrottle {
  /** Throws a 429 DomainError (and sets Retry-After through `retryAfter`) when the account or the IP is throttled. */
  check(email: string, ip: string | undefined, retryAfter: (seconds: number) => void): Promise<void>;
  failed(email: string, ip: string | undefined): Promise<void>;
  succeeded(email: string): Promise<void>;
}

const accountKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
const ipKey = (ip: string | undefined) => ip ?? 'unknown';

export function createLoginThrottle(redis: Redis, s: LoginThrottleSettings): LoginThrottle {
  const limiter = (name: string, points: number): RateLimiterAbstract =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${s.prefix}:login-failures:${name}`,
      points,
      duration: s.windowSeconds,
      // A Redis that is down answers at once from the in-memory insurance instead of holding the request.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `login-failures:${name}`, points, duration: s.windowSeconds }),
    });
  const byAccount = limiter('account', s.failuresPerAccount);
  const byIp = limiter('ip', s.failuresPerIp);

  const waitSeconds = async (l: RateLimiterAbstract, key: string, points: number): Promise<number> => {
    const res = await l.get(key);
    return res !== null && res.consumedPoints >= points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  };
  // consume() rejects with the limiter's state once the points are used up: that is the expected end of counting, not an error.
  const count = async (l: RateLimiterAbstract, key: string) => {
    try {
      await l.consume(key);
    } catch (err) {
      if (err instanceof Error) throw err;
    }
  };

  return {
    async check(email, ip, retryAfter) {
      const [account, address] = await Promise.all([
        waitSeconds(byAccount, accountKey(email), s.failuresPerAccount),
        waitSeconds(byIp, ipKey(ip), s.failuresPerIp),
      ]);
      const wait = Math.max(account, address);
      if (wait === 0) return;
      retryAfter(wait);
      const minutes = Math.ceil(wait / 60);
      throw new DomainError(
        'rate_limited',
        account > 0
          ? `Too many failed sign-ins for this account; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`
          : `Too many failed sign-ins from this address; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      );
    },
    async failed(email, ip) {
      await Promise.all([count(byAccount, accountKey(email)), count(byIp, ipKey(ip))]);
    },
    async succeeded(email) {
      await byAccount.delete(accountKey(email));
    },
  };
}
