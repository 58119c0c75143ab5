import { z } from 'zod';
import { ZCategory, ZRiskLevel } from '../enums';
import { ZIsoDate, ZObjectId, text } from './common';
import { ZNotifyChannel } from './partner';

export const REFERRAL_STATUSES = ['offered', 'accepted', 'declined', 'expired', 'withdrawn', 'contacted', 'completed', 'cancelled'] as const;
export const ZReferralStatus = z.enum(REFERRAL_STATUSES);
export type TReferralStatus = z.infer<typeof ZReferralStatus>;
/** Referrals that still hold the partner (count towards their load). */
export const OPEN_REFERRAL_STATUSES: readonly TReferralStatus[] = ['offered', 'accepted', 'contacted'];

/**
 * Why the system itself ended an offer or could not route a case: stored as a code on the timeline
 * event (`cause`), worded by the console in the reader's language.
 */
export const SYSTEM_CAUSES = ['another_partner_accepted', 'case_closed', 'no_partner_for_category', 'every_partner_excluded'] as const;
export const ZSystemCause = z.enum(SYSTEM_CAUSES);
export type TSystemCause = z.infer<typeof ZSystemCause>;

export const ZRoutingCandidate = z.object({
  partnerId: ZObjectId,
  name: z.string(),
  /** 0: covers the commune; 1: covers the province only. */
  tier: z.number().int().nullable(),
  openReferrals: z.number().int().nullable(),
  acceptanceRate: z.number().nullable(),
  medianResponseMinutes: z.number().nullable(),
  rank: z.number().int().nullable(),
  excluded: z.string().nullable(),
});
export type TRoutingCandidate = z.infer<typeof ZRoutingCandidate>;

export const ZRoutingDecision = z.object({
  round: z.number().int(),
  decidedAt: ZIsoDate,
  offersAtOnce: z.number().int(),
  needsPlacement: z.boolean(),
  candidates: z.array(ZRoutingCandidate),
});
export type TRoutingDecision = z.infer<typeof ZRoutingDecision>;

export const ZReferralView = z.object({
  id: ZObjectId,
  caseId: ZObjectId,
  caseReference: z.string(),
  category: ZCategory,
  riskLevel: ZRiskLevel,
  communeCode: z.string().nullable(),
  partnerId: ZObjectId,
  partnerName: z.string(),
  round: z.number().int(),
  status: ZReferralStatus,
  code: z.string(),
  channelStep: z.number().int(),
  channels: z.array(ZNotifyChannel),
  offeredAt: ZIsoDate,
  answeredAt: ZIsoDate.nullable(),
  answeredVia: z.string().nullable(),
  contactedAt: ZIsoDate.nullable(),
  completedAt: ZIsoDate.nullable(),
  /**
   * The routing decision's line about this partner (rank, tier, load, record). The whole decision (every
   * candidate considered) is stored once per case and round and shown to staff with the case.
   */
  reason: ZRoutingCandidate.nullable(),
});
export type TReferralView = z.infer<typeof ZReferralView>;

export const ZReferralAnswer = z.object({ reason: text(1000).optional() }).strict();
export const ZReferralContact = z.object({ note: text(5000).optional(), at: ZIsoDate.optional() }).strict();
export const ZReferralListQuery = z
  .object({
    status: ZReferralStatus.optional(),
    cursor: z.string().max(200).regex(/^[0-9a-f]{24}$/, 'must be a cursor returned by the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
