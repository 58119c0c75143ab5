/**
 * Which users have a console connected, shared by every API process and the
 * workers. Per user, a sorted set of socket ids scored by the time each entry
 * stops counting; the gateway refreshes its own sockets' entries well before
 * then and removes them on disconnect. An API process that dies stops
 * refreshing, so its sockets stop counting after `ttlMs` (and the key itself
 * expires): no user stays "online" forever.
 */
import type { Redis } from 'ioredis';

export const PRESENCE_TTL_MS = 45_000;

export const presenceKey = (prefix: string, userId: string) => `${prefix}:presence:user:${userId}`;

export interface PresenceReader {
  /** Whether the user has at least one console connected now (on any API process). */
  isOnline(userId: string): Promise<boolean>;
}

export class Presence implements PresenceReader {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlMs = PRESENCE_TTL_MS,
  ) {}

  /** Records (or refreshes) sockets of users: one round trip for any number of them. */
  async touch(entries: Array<{ userId: string; socketId: string }>): Promise<void> {
    if (entries.length === 0) return;
    const until = Date.now() + this.ttlMs;
    const multi = this.redis.multi();
    for (const { userId, socketId } of entries) {
      const key = presenceKey(this.prefix, userId);
      multi.zadd(key, until, socketId);
      multi.pexpire(key, this.ttlMs);
    }
    await multi.exec();
  }

  async remove(userId: string, socketId: string): Promise<void> {
    const key = presenceKey(this.prefix, userId);
    await this.redis.multi().zrem(key, socketId).zremrangebyscore(key, '-inf', Date.now()).exec();
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.redis.zcount(presenceKey(this.prefix, userId), Date.now(), '+inf')) > 0;
  }

  /** Users among `userIds` with a console connected now (one round trip). */
  async onlineAmong(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const now = Date.now();
    const pipe = this.redis.pipeline();
    for (const id of userIds) pipe.zcount(presenceKey(this.prefix, id), now, '+inf');
    const replies = (await pipe.exec()) ?? [];
    return new Set(userIds.filter((_, i) => Number(replies[i]?.[1] ?? 0) > 0));
  }
}
