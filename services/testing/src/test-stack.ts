/**
 * A real stack for integration tests: the API in this process on a free port,
 * a fresh database on the MongoDB-wire server (FerretDB here), a fresh BullMQ
 * prefix on the real Redis, the demo users, and workers as child processes.
 */
import type { AddressInfo } from 'node:net';
import { DEFAULT_DEMO_PASSWORD, loadEnv, type TEnv } from '@hotline/core';
import { configureFieldKeys, connectDatabase, disconnectDatabase, ensureIndexes, mongoose, seedDemoPartners, seedDemoUsers, seedGeography } from '@hotline/db';
import { createFakeTwilio, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { createRedis, Producers } from '@hotline/queue';
import { createApi, createLogger, type Api, type ApiOptions } from '@hotline/api';
import { HttpClient } from './http-client';
import { testSettings } from './test-run';
import { WorkerProcess } from './worker-process';

export const DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD;

export interface TestStack {
  env: TEnv;
  baseUrl: string;
  api: Api;
  producers: Producers;
  settings: ReturnType<typeof testSettings>;
  /** The project's fake Twilio, over real HTTP; its records are what was "sent". */
  twilio: ReturnType<typeof createFakeTwilio>;
  twilioUrl: string;
  /** A client signed in as a demo user. */
  login(email: string): Promise<HttpClient>;
  /** Environment for a child process that must see the same database and Redis prefix. */
  childEnv(extra?: Record<string, string>): Record<string, string>;
  startWorkers(extra?: Record<string, string>): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

export async function startTestStack(suite: string, opts: Pick<ApiOptions, 'extraRoutes'> = {}): Promise<TestStack> {
  const settings = testSettings(suite);
  const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
  const twilioServer = await twilio.listen(0, '127.0.0.1');
  const raw: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_URI: settings.mongodbUri,
    REDIS_URL: settings.redisUrl,
    BULLMQ_PREFIX: settings.prefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    WORKER_LOCK_MS: '2000',
    RECONCILE_EVERY_MS: '60000',
    TWILIO_FAKE_URL: twilioServer.url,
    OFFER_WINDOW_SECONDS: '600',
  };
  const env = loadEnv(raw);
  configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY, searchIndexKey: env.SEARCH_INDEX_KEY });
  await connectDatabase({ uri: env.MONGODB_URI });
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
  await seedGeography(['01', '79']);
  await seedDemoPartners(await seedDemoUsers(DEMO_PASSWORD));

  const redis = createRedis(env.REDIS_URL, 'producer');
  const producers = new Producers(redis, env.BULLMQ_PREFIX);
  const api = createApi({ env, logger: createLogger(env.LOG_LEVEL, 'api-test'), redis, producers, ...opts });
  await new Promise<void>((resolve) => api.http.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(api.http.address() as AddressInfo).port}`;
  // Twilio calls back on the API's real address: webhooks are signed over it.
  env.PUBLIC_BASE_URL = baseUrl;
  raw.PUBLIC_BASE_URL = baseUrl;
  const workers: WorkerProcess[] = [];

  const childEnv = (extra: Record<string, string> = {}) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = v;
    return { ...out, LOG_LEVEL: 'info', ...extra };
  };

  return {
    env,
    baseUrl,
    api,
    producers,
    settings,
    twilio,
    twilioUrl: twilioServer.url,
    childEnv,
    async login(email) {
      const client = new HttpClient(baseUrl);
      const r = await client.post('/api/auth/login', { email, password: DEMO_PASSWORD });
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return client;
    },
    async startWorkers(extra = {}) {
      const w = new WorkerProcess(childEnv(extra));
      workers.push(w);
      await w.ready;
      return w;
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop('SIGKILL')));
      await api.close();
      await producers.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${settings.prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      await twilioServer.close();
      await mongoose.connection.dropDatabase().catch(() => {});
      await disconnectDatabase();
    },
  };
}
