/**
 * One BullMQ worker per queue, over the job handlers: a job is dispatched by
 * its name to its handler with its payload parsed by its spec's schema. A name
 * no handler knows fails and is retried (a newer producer during a rolling
 * deploy), then kept among the failed jobs.
 */
import { Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type TQueueName } from '@hotline/queue';
import type { JobHandler } from './jobs/job-handler';
import type { WorkerDeps } from './worker-deps';

/** Options of one queue's worker beyond the common ones. */
const QUEUE_OPTIONS: Partial<Record<TQueueName, (deps: WorkerDeps) => Partial<WorkerOptions>>> = {
  // One sending number: SMS (and calls) leave at most this many per second, across all workers.
  [QUEUE_NAMES.notifications]: (deps) => ({ limiter: { max: deps.env.SMS_RATE_PER_SECOND, duration: 1000 } }),
};

export function startWorkers(deps: WorkerDeps, handlers: readonly JobHandler[], connection: Redis): Worker[] {
  const byQueue = new Map<TQueueName, Map<string, JobHandler>>();
  for (const h of handlers) {
    const names = byQueue.get(h.spec.queue) ?? new Map<string, JobHandler>();
    if (names.has(h.spec.name)) throw new Error(`two handlers for job ${h.spec.name} on queue ${h.spec.queue}`);
    byQueue.set(h.spec.queue, names.set(h.spec.name, h));
  }
  return [...byQueue].map(([queue, names]) => {
    const processor = async (job: Job) => {
      const h = names.get(job.name);
      if (!h) throw new Error(`no handler for job ${job.name} on queue ${queue}`);
      return h.handle(deps, h.spec.schema.parse(job.data), { job, worker });
    };
    const worker: Worker = new Worker(queue, processor, {
      connection,
      prefix: deps.env.BULLMQ_PREFIX,
      concurrency: deps.env.WORKER_CONCURRENCY,
      lockDuration: deps.env.WORKER_LOCK_MS,
      stalledInterval: deps.env.WORKER_LOCK_MS,
      maxStalledCount: 3,
      ...QUEUE_OPTIONS[queue]?.(deps),
    });
    worker.on('failed', (job, err) => deps.logger.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => deps.logger.error({ queue, err: err.message }, 'worker error'));
    return worker;
  });
}
