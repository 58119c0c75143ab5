import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, type TQueueName } from './queue-names';
import type { JobInput, JobKey, JobSpec } from './job-spec';
import { ensureJob, type EnsureOutcome } from './ensure-job';

const DEFAULTS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const delayUntil = (at: Date | undefined, now = Date.now()) => (at ? { delay: Math.max(0, at.getTime() - now) } : {});

/**
 * The only way the API and the workers put work on a queue: every payload is
 * parsed with its job's schema (ids only; anything else is refused before it
 * reaches Redis) and every id is the job's deterministic id.
 */
export class Producers {
  readonly queues: Map<TQueueName, Queue>;

  constructor(
    connection: Redis,
    readonly prefix: string,
  ) {
    this.queues = new Map(
      Object.values(QUEUE_NAMES).map((name) => [name, new Queue(name, { connection, prefix, defaultJobOptions: DEFAULTS })]),
    );
  }

  queue(name: TQueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`unknown queue ${name}`);
    return q;
  }

  private prepare<J extends JobSpec>(spec: J, input: JobInput<J>, key: JobKey<J>) {
    const data = spec.schema.parse(input) as Record<string, unknown>;
    return { data, opts: { ...spec.options, jobId: spec.jobId(data, ...key) } };
  }

  /** Puts a job on its queue now (idempotent while a job of that id exists). */
  async add<J extends JobSpec>(spec: J, input: JobInput<J>, ...key: JobKey<J>): Promise<void> {
    const { data, opts } = this.prepare(spec, input, key);
    await this.queue(spec.queue).add(spec.name, data, opts);
  }

  /** Puts a job on its queue to run at `at` (at once when already due). */
  async addAt<J extends JobSpec>(spec: J, at: Date, input: JobInput<J>, ...key: JobKey<J>): Promise<void> {
    const { data, opts } = this.prepare(spec, input, key);
    await this.queue(spec.queue).add(spec.name, data, { ...opts, ...delayUntil(at) });
  }

  /** Many jobs of one kind at once (a reconciler's rebuild). */
  async addMany<J extends JobSpec>(spec: J, items: { input: JobInput<J>; key: JobKey<J>; at?: Date }[]): Promise<void> {
    if (items.length === 0) return;
    const now = Date.now();
    await this.queue(spec.queue).addBulk(
      items.map((item) => {
        const { data, opts } = this.prepare(spec, item.input, item.key);
        return { name: spec.name, data, opts: { ...opts, ...delayUntil(item.at, now) } };
      }),
    );
  }

  /** Removes a waiting or delayed job (an active one cannot be removed; its handler finds nothing to do). */
  async remove<J extends JobSpec>(spec: J, input: JobInput<J>, ...key: JobKey<J>): Promise<void> {
    const { opts } = this.prepare(spec, input, key);
    await this.queue(spec.queue).remove(opts.jobId).catch(() => 0);
  }

  /** The reconciler's add: makes sure the job will run (see `ensureJob`). */
  async ensure<J extends JobSpec>(spec: J, at: Date | undefined, input: JobInput<J>, ...key: JobKey<J>): Promise<EnsureOutcome> {
    const { data, opts } = this.prepare(spec, input, key);
    return ensureJob(this.queue(spec.queue), spec.name, opts.jobId, data, { ...opts, ...delayUntil(at) });
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
