import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUE_NAMES, JOB_NAMES, type TQueueName } from './queue-names';
import { jobIds, ZNotifyJob, ZRouteJob, ZSlaTimerJob, ZTriageJob } from './job-payloads';

const DEFAULTS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Typed producers: the only way the API and workers put work on a queue. */
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

  /** Asks the workers to triage a newly opened case (idempotent per case). */
  async enqueueTriage(caseId: string): Promise<void> {
    const data = ZTriageJob.parse({ caseId });
    await this.queue(QUEUE_NAMES.triage).add(JOB_NAMES.caseTriaged, data, { jobId: jobIds.triage(caseId) });
  }

  /** Asks the routing worker for round `round` of a case (idempotent per case and round). */
  async enqueueRouting(caseId: string, round: number): Promise<void> {
    const data = ZRouteJob.parse({ caseId, round });
    await this.queue(QUEUE_NAMES.routing).add(JOB_NAMES.caseRoute, data, { jobId: jobIds.route(caseId, round) });
  }

  /** Sends step `step` of a referral's notices (idempotent per referral and step). */
  async enqueueNotify(referralId: string, step: number): Promise<void> {
    const data = ZNotifyJob.parse({ referralId, step });
    await this.queue(QUEUE_NAMES.notifications).add(JOB_NAMES.referralNotify, data, { jobId: jobIds.notify(referralId, step) });
  }

  /** When step `step` has waited its offer window unanswered, the next channel (or the next partner) takes over. */
  async scheduleOfferTimeout(referralId: string, step: number, delayMs: number): Promise<void> {
    const data = ZNotifyJob.parse({ referralId, step });
    await this.queue(QUEUE_NAMES.notifications).add(JOB_NAMES.offerTimeout, data, { jobId: jobIds.offerTimeout(referralId, step), delay: Math.max(0, delayMs) });
  }

  /**
   * The timer of an SLA deadline due at `at` (fires at once when already due).
   * Completed timers are removed, so the same id can be armed again later.
   */
  async scheduleSlaTimer(deadlineId: string, at: Date): Promise<void> {
    const data = ZSlaTimerJob.parse({ deadlineId });
    await this.queue(QUEUE_NAMES.sla).add(JOB_NAMES.slaTimer, data, {
      jobId: jobIds.slaTimer(deadlineId, at.getTime()),
      delay: Math.max(0, at.getTime() - Date.now()),
      removeOnComplete: true,
    });
  }

  /** Many timers at once (the reconciler's rebuild). */
  async scheduleSlaTimers(timers: { deadlineId: string; at: Date }[]): Promise<void> {
    if (timers.length === 0) return;
    const now = Date.now();
    await this.queue(QUEUE_NAMES.sla).addBulk(
      timers.map((t) => ({
        name: JOB_NAMES.slaTimer,
        data: ZSlaTimerJob.parse({ deadlineId: t.deadlineId }),
        opts: { jobId: jobIds.slaTimer(t.deadlineId, t.at.getTime()), delay: Math.max(0, t.at.getTime() - now), removeOnComplete: true },
      })),
    );
  }

  /** A deadline met or re-planned: its armed timer goes (an active one cannot be removed; its handler finds nothing to do). */
  async cancelSlaTimer(deadlineId: string, at: Date): Promise<void> {
    await this.queue(QUEUE_NAMES.sla).remove(jobIds.slaTimer(deadlineId, at.getTime())).catch(() => 0);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
