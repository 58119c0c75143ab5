/**
 * Shapes the console reads, all from @hotline/core's zod schemas.
 */
import type { TCaseView, TReferralView, TRoutingCandidate } from '@hotline/core';

export type {
  TCaseCard, TCaseView, TCallCreated, TCallerHistory, TQueueSummary, TSessionUser, TTimelineEvent, TCallCard, TReferralView, TReferralCard,
} from '@hotline/core';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/cases/:id: the case, its timeline, referrals and SLA deadlines. */
export type CaseDetail = TCaseView;
export type { TDeadlineView, TSlaBreach, TSlaOverview } from '@hotline/core';

/** The routing decision's line about the partner a referral went to. */
export function chosenCandidate(r: Pick<TReferralView, 'reason'>): TRoutingCandidate | undefined {
  return r.reason ?? undefined;
}

