import { Redis, type RedisOptions } from 'ioredis';

export interface RedisSettings {
  url: string;
  /** BullMQ key prefix; tests use a fresh one per run. */
  prefix: string;
}

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`);
 * producers in the API fail fast so a request never hangs on a dead Redis.
 */
export function createRedis(url: string, role: 'worker' | 'producer' | 'pubsub'): Redis {
  const opts: RedisOptions =
    role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 5000 }
      : { maxRetriesPerRequest: null };
  const redis = new Redis(url, { ...opts, lazyConnect: false });
  redis.on('error', () => {
    /* reconnects on its own; readiness reports the state */
  });
  // socket.io's Redis adapter and emitter call publish() without handling its promise: with Redis down, a
  // fail-fast connection rejects it and the unhandled rejection killed every API and workers process at once
  // (chaos drill D3). A lost realtime event is fine (consoles re-read over REST); callers that await still see it.
  const publish = redis.publish.bind(redis) as (...args: unknown[]) => Promise<number>;
  redis.publish = ((...args: unknown[]) => {
    const sent = publish(...args);
    sent.catch(() => {});
    return sent;
  });
  return redis;
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await Promise.race([redis.ping(), new Promise<string>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000))])) === 'PONG';
  } catch {
    return false;
  }
}
