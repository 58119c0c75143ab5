/**
 * What producers need to know about a job: where it goes, what it is called,
 * what its payload may hold and how its id is derived. The handler lives with
 * the workers (`workers/src/jobs/`), beside the spec's name.
 */
import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { TQueueName } from './queue-names';

export interface JobSpec<S extends z.ZodType = z.ZodType, K extends unknown[] = any[]> {
  /** The queue it goes on (a persisted name). */
  readonly queue: TQueueName;
  /** The job name (persisted in Redis with every job: never rename one casually). */
  readonly name: string;
  /** Ids only: BullMQ keeps job data in clear text in Redis. Parsed on enqueue and again on processing. */
  readonly schema: S;
  /**
   * The deterministic id (no `:`, never all digits): adding the same work again is a no-op while the job
   * exists. `key` is what else names the job besides its payload (an SLA timer's due time).
   */
  jobId(data: z.output<S>, ...key: K): string;
  /** Attempts, backoff, retention: over the queues' defaults. */
  readonly options?: JobsOptions;
}

export type JobData<J extends JobSpec> = z.output<J['schema']>;
export type JobInput<J extends JobSpec> = z.input<J['schema']>;
export type JobKey<J extends JobSpec> = J extends JobSpec<z.ZodType, infer K> ? K : never;

export function defineJob<S extends z.ZodType, K extends unknown[] = []>(spec: JobSpec<S, K>): JobSpec<S, K> {
  return spec;
}
