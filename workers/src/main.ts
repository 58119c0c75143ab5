/**
 * The workers process: one BullMQ worker per queue. SIGTERM lets running jobs
 * finish (worker.close waits for them), then closes queues, Redis and the
 * database. A SIGKILL loses nothing: BullMQ re-runs stalled jobs and the
 * reconciler rebuilds whatever Redis lost from the database.
 */
import { Worker, type Processor } from 'bullmq';
import { z } from 'zod';
import { loadEnv } from '@hotline/core';
import { configureFieldKeys, connectDatabase, countOpenCases, disconnectDatabase, ensureIndexes } from '@hotline/db';
import { createQueueSummaryNotifier, createRedis, createRedisEmitter, JOB_NAMES, Producers, QUEUE_NAMES, type TQueueName } from '@hotline/queue';
import { createLogger } from '@hotline/observability';
import { telephonyFromEnv } from '@hotline/referrals';
import { triageProcessor } from './processors/triage';
import { reconcileProcessor } from './processors/reconcile';
import { routingProcessor } from './processors/routing';
import { notificationsProcessor } from './processors/notifications';
import { slaProcessor } from './processors/sla';
import type { WorkerDeps } from './worker-deps';

const env = loadEnv();
const settings = z
  .object({ RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(60_000) })
  .parse(process.env);
const logger = createLogger(env.LOG_LEVEL, 'workers');

configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY });
await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();

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
  telephony: telephonyFromEnv(env),
  log: (level, fields, msg) => logger[level](fields, msg),
};
let notificationsWorker: Worker | undefined;

const reconcile = reconcileProcessor(deps);
const processors: Record<string, Processor> = {
  [QUEUE_NAMES.triage]: triageProcessor(deps),
  [QUEUE_NAMES.routing]: routingProcessor(deps),
  [QUEUE_NAMES.notifications]: notificationsProcessor(deps, () => notificationsWorker),
  [QUEUE_NAMES.sla]: slaProcessor(deps),
  [QUEUE_NAMES.maintenance]: async (job) => (job.name === JOB_NAMES.reconcile ? reconcile() : null),
};

const workers = Object.entries(processors).map(([queue, processor]) => {
  const worker = new Worker(queue, processor, {
    connection,
    prefix: env.BULLMQ_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: env.WORKER_LOCK_MS,
    maxStalledCount: 3,
    // One sending number: SMS (and calls) leave at most this many per second, across all workers.
    ...(queue === QUEUE_NAMES.notifications ? { limiter: { max: env.SMS_RATE_PER_SECOND, duration: 1000 } } : {}),
  });
  if (queue === QUEUE_NAMES.notifications) notificationsWorker = worker;
  worker.on('failed', (job, err) => logger.warn({ queue, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  worker.on('error', (err) => logger.error({ queue, err: err.message }, 'worker error'));
  return worker;
});

const maintenance = producers.queue(QUEUE_NAMES.maintenance);
const ensureReconcileScheduler = async () => {
  if (!(await maintenance.getJobScheduler('reconcile'))) {
    await maintenance.upsertJobScheduler('reconcile', { every: settings.RECONCILE_EVERY_MS }, { name: JOB_NAMES.reconcile, data: {} });
  }
};
await ensureReconcileScheduler();
// The scheduler lives in Redis: if Redis loses it (a flush, a failover without persistence), put it back.
const schedulerWatch = setInterval(() => void ensureReconcileScheduler().catch(() => {}), settings.RECONCILE_EVERY_MS);
schedulerWatch.unref();
await reconcile().catch((err: Error) => logger.error({ err: err.message }, 'start-up reconcile failed'));
logger.info({ queues: Object.keys(processors) satisfies string[] as TQueueName[] }, 'workers ready');

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
  connection.disconnect();
  producerRedis.disconnect();
  await disconnectDatabase();
  logger.info('workers stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
