/**
 * The workers process: one BullMQ worker per queue. SIGTERM lets running jobs
 * finish (worker.close waits for them), then closes queues, Redis and the
 * database. A SIGKILL loses nothing: BullMQ re-runs stalled jobs and the
 * reconciler rebuilds whatever Redis lost from the database.
 */
import { loadEnv } from '@hotline/core';
import { configureFieldKeys, connectDatabase, countOpenCases, disconnectDatabase, ensureIndexes, startAuditJournal, stopAuditJournal } from '@hotline/db';
import { createQueueSummaryNotifier, createRedis, createRedisEmitter, JOBS, Presence, Producers } from '@hotline/queue';
import { createLogger } from '@hotline/observability';
import { telephonyFromEnv } from '@hotline/referrals';
import { JOB_HANDLERS, reconcile } from './jobs/index';
import { startWorkers } from './start-workers';
import type { WorkerDeps } from './worker-deps';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL, 'workers');

configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY });
await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();
// Jobs audit what they change (retention); entries journaled by a killed process are stored now.
await startAuditJournal({ dir: env.AUDIT_JOURNAL_DIR, flushMs: env.AUDIT_FLUSH_MS });

const connection = createRedis(env.REDIS_URL, 'worker');
const producerRedis = createRedis(env.REDIS_URL, 'producer');
const producers = new Producers(producerRedis, env.BULLMQ_PREFIX);
const realtime = createRedisEmitter(producerRedis, env.BULLMQ_PREFIX);
const deps: WorkerDeps = {
  env,
  logger,
  producers,
  realtime,
  queueSummary: createQueueSummaryNotifier(realtime, countOpenCases),
  presence: new Presence(producerRedis, env.BULLMQ_PREFIX),
  telephony: telephonyFromEnv(env),
  log: (level, fields, msg) => logger[level](fields, msg),
};
const workers = startWorkers(deps, Object.values(JOB_HANDLERS), connection);

const maintenance = producers.queue(JOBS.reconcile.queue);
const schedulerId = JOBS.reconcile.jobId({});
const ensureReconcileScheduler = async () => {
  if (!(await maintenance.getJobScheduler(schedulerId))) {
    await maintenance.upsertJobScheduler(schedulerId, { every: env.RECONCILE_EVERY_MS }, { name: JOBS.reconcile.name, data: {} });
  }
};
await ensureReconcileScheduler();
// The scheduler lives in Redis: if Redis loses it (a flush, a failover without persistence), put it back.
const schedulerWatch = setInterval(() => void ensureReconcileScheduler().catch(() => {}), env.RECONCILE_EVERY_MS);
schedulerWatch.unref();
await reconcile(deps).catch((err: Error) => logger.error({ err: err.message }, 'start-up reconcile failed'));
logger.info({ queues: workers.map((w) => w.name) }, 'workers ready');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'workers finishing running jobs');
  const force = setTimeout(() => process.exit(1), 60_000);
  force.unref();
  clearInterval(schedulerWatch);
  await Promise.all(workers.map((w) => w.close()));
  deps.queueSummary.stop();
  await producers.close();
  await stopAuditJournal();
  connection.disconnect();
  producerRedis.disconnect();
  await disconnectDatabase();
  logger.info('workers stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
