/**
 * Health check of a workers container (infra/deploy/docker-compose.yml):
 *   node --import tsx infra/supervisor/src/workers-health.ts
 * exits 0 when, for every queue, a BullMQ worker connection from this
 * container's own addresses is open on Redis (BullMQ names each worker's
 * blocking connection "<prefix>:<base64 queue name>"), else 1. The workers
 * process has no HTTP port; this says it is up, connected and consuming.
 */
import os from 'node:os';
import { Redis } from 'ioredis';
import { QUEUE_NAMES } from '@hotline/queue';

const prefix = process.env.BULLMQ_PREFIX || 'hotline';
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { connectTimeout: 3000, maxRetriesPerRequest: 1, lazyConnect: true });
redis.on('error', () => {});

const ownAddresses = new Set(
  Object.values(os.networkInterfaces())
    .flat()
    .filter((i) => i !== undefined)
    .map((i) => i.address.replace(/^::ffff:/, '')),
);

try {
  await redis.connect();
  const clients = String(await redis.client('LIST'))
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) as Record<string, string>)
    .filter((c) => c.addr && ownAddresses.has(c.addr.slice(0, c.addr.lastIndexOf(':')).replace(/^\[|\]$/g, '').replace(/^::ffff:/, '')));
  const missing = Object.values(QUEUE_NAMES).filter((queue) => {
    const name = `${prefix}:${Buffer.from(queue).toString('base64')}`;
    return !clients.some((c) => c.name === name || c.name?.startsWith(`${name}:w:`));
  });
  if (missing.length) {
    console.error(`no worker connection from this container for: ${missing.join(', ')}`);
    process.exit(1);
  }
  console.log(`workers connected for ${Object.values(QUEUE_NAMES).length} queues`);
  process.exit(0);
} catch (err) {
  console.error(`workers health: ${(err as Error).message}`);
  process.exit(1);
}
