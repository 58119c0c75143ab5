/**
 * Every job the workers run, as data: queue, name, payload schema, id, options.
 * Producers, the workers' registration and the reconciler all read this list;
 * adding a job is one entry here plus its handler in `workers/src/jobs/`.
 * Queue and job names are persisted in Redis: never rename one casually.
 */
import { z } from 'zod';
import { ZObjectId } from '@hotline/core';
import { defineJob } from './job-spec';
import { QUEUE_NAMES } from './queue-names';

const ZReferralStep = z.object({ referralId: ZObjectId, step: z.number().int().min(0) }).strict();

export const JOBS = {
  /** A newly opened case: new → triaged, then, when it is referable, its first routing round (one hop). */
  triage: defineJob({
    queue: QUEUE_NAMES.triage,
    name: 'case.triaged',
    schema: z.object({ caseId: ZObjectId }).strict(),
    jobId: ({ caseId }) => `triage-${caseId}`,
  }),
  /** A later routing round of a case (after a decline, an expiry, a supervisor asking). */
  route: defineJob({
    queue: QUEUE_NAMES.routing,
    name: 'case.route',
    schema: z.object({ caseId: ZObjectId, round: z.number().int().min(1) }).strict(),
    jobId: ({ caseId, round }) => `route-${caseId}-r${round}`,
  }),
  /** Sends the notice of step `step` of a referral's channel list. */
  notify: defineJob({
    queue: QUEUE_NAMES.notifications,
    name: 'referral.notify',
    schema: ZReferralStep,
    jobId: ({ referralId, step }) => `notify-${referralId}-s${step}`,
  }),
  /** Step `step` waited its offer window unanswered: the next channel (or the next partner) takes over. */
  offerTimeout: defineJob({
    queue: QUEUE_NAMES.notifications,
    name: 'referral.offer-timeout',
    schema: ZReferralStep,
    jobId: ({ referralId, step }) => `offer-timeout-${referralId}-s${step}`,
  }),
  /**
   * One SLA deadline's timer: whatever step of it is due (reminder, held SMS, breach, escalation).
   * Keyed by the deadline and the instant it is due, so a stored `nextAt` names exactly one job;
   * completed timers are removed, so the same id can be armed again later.
   */
  slaTimer: defineJob({
    queue: QUEUE_NAMES.sla,
    name: 'sla.timer',
    schema: z.object({ deadlineId: ZObjectId }).strict(),
    jobId: ({ deadlineId }, at: Date) => `sla-${deadlineId}-t${at.getTime()}`,
    options: { removeOnComplete: true },
  }),
  /**
   * The day's retention run: closed cases past their retention period anonymised. One id per day; the
   * reconciler asks for it until the database records the day as done, so losing Redis loses no run.
   */
  retention: defineJob({
    queue: QUEUE_NAMES.maintenance,
    name: 'retention.anonymise',
    schema: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict(),
    jobId: ({ day }) => `retention-${day}`,
    options: { removeOnComplete: true },
  }),
  /** The safety net (at worker start and every minute, by a job scheduler of this id). */
  reconcile: defineJob({
    queue: QUEUE_NAMES.maintenance,
    name: 'reconcile',
    schema: z.object({}).strict(),
    jobId: () => 'reconcile',
  }),
} as const;

export type TJobKind = keyof typeof JOBS;
export const JOB_SPECS = Object.values(JOBS);
