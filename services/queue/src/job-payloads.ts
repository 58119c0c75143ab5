/** Job payloads carry ids only: BullMQ keeps job data in clear text in Redis. */
import { z } from 'zod';
import { ZObjectId } from '@hotline/core';

export const ZTriageJob = z.object({ caseId: ZObjectId }).strict();
export type TTriageJob = z.infer<typeof ZTriageJob>;

export const ZReconcileJob = z.object({}).strict();

/** Route a case: offer it to the best partners (round 1), or to the next ones after a decline or expiry. */
export const ZRouteJob = z.object({ caseId: ZObjectId, round: z.number().int().min(1) }).strict();
export type TRouteJob = z.infer<typeof ZRouteJob>;

/** Send the notice of step `step` of a referral's channel list; the timeout moves it to the next step. */
export const ZNotifyJob = z.object({ referralId: ZObjectId, step: z.number().int().min(0) }).strict();
export type TNotifyJob = z.infer<typeof ZNotifyJob>;

/** An SLA deadline's timer: the handler reads the deadline and does whatever step is due. */
export const ZSlaTimerJob = z.object({ deadlineId: ZObjectId }).strict();
export type TSlaTimerJob = z.infer<typeof ZSlaTimerJob>;

/** Deterministic job ids (no `:`, never all digits): re-adding the same work is a no-op while the job exists. */
export const jobIds = {
  triage: (caseId: string) => `triage-${caseId}`,
  route: (caseId: string, round: number) => `route-${caseId}-r${round}`,
  notify: (referralId: string, step: number) => `notify-${referralId}-s${step}`,
  offerTimeout: (referralId: string, step: number) => `offer-timeout-${referralId}-s${step}`,
  /** Keyed by the deadline and the instant it is due: a stored `nextAt` names exactly one job. */
  slaTimer: (deadlineId: string, atMs: number) => `sla-${deadlineId}-t${atMs}`,
};
