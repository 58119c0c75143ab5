/** The API process: validates env, connects, serves HTTP + socket.io, shuts down gracefully. */
import { configureFieldKeys, connectDatabase, disconnectDatabase, ensureIndexes } from '@hotline/db';
import { createRedis, Producers } from '@hotline/queue';
import { loadEnv } from '@hotline/core';
import { createLogger } from '@hotline/observability';
import { createApi } from './app';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'api');

configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY, searchIndexKey: env.SEARCH_INDEX_KEY });
await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();
const redis = createRedis(env.REDIS_URL, 'producer');
const producers = new Producers(redis, env.BULLMQ_PREFIX);
const api = createApi({ env, logger, redis, producers });

await new Promise<void>((resolve) => api.http.listen(env.PORT, env.HOST, resolve));
const address = api.http.address();
const port = typeof address === 'object' && address ? address.port : env.PORT;
logger.info({ port }, `hotline API listening on http://${env.HOST}:${port}`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await api.close();
  await producers.close();
  redis.disconnect();
  await disconnectDatabase();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
