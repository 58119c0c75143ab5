/**
 * A job's handler, beside its spec (`JOBS` in @hotline/queue): what a worker
 * does with the parsed payload, and how the reconciler rebuilds the job's
 * Redis state from the database when Redis lost it.
 */
import type { Job, Worker } from 'bullmq';
import type { EnsureOutcome, JobData, JobInput, JobKey, JobSpec } from '@hotline/queue';
import type { WorkerDeps } from '../worker-deps';

interface JobContext {
  job: Job;
  worker: Worker;
}

/** What one reconciler run gives each job's `recover`. */
export interface RecoverContext<J extends JobSpec> {
  /** Work untouched since before this instant is the reconciler's (fresher work is still on its way). */
  before: Date;
  /** Makes sure the job for this payload will run (at `at` when given); counted when it had to be re-created. */
  ensure(at: Date | undefined, input: JobInput<J>, ...key: JobKey<J>): Promise<EnsureOutcome>;
  /** One read shared by the jobs of one run (e.g. the open offers, for their notices and their timeouts). */
  shared<T>(name: string, read: () => Promise<T>): Promise<T>;
}

export interface JobHandler<J extends JobSpec = JobSpec> {
  readonly spec: J;
  handle(deps: WorkerDeps, data: JobData<J>, ctx: JobContext): Promise<unknown>;
  /** Re-creates from the database the jobs of this kind Redis should hold; returns figures worth logging. */
  recover?(deps: WorkerDeps, ctx: RecoverContext<J>): Promise<Record<string, number> | void>;
}

export const defineHandler = <J extends JobSpec>(spec: J, handler: Omit<JobHandler<J>, 'spec'>): JobHandler<J> => ({ spec, ...handler });
