import { Schema, model, type Types } from 'mongoose';
import { NOTIFY_CHANNELS, REFERRAL_STATUSES, type TNotifyChannel, type TReferralStatus, type TRoutingCandidate } from '@hotline/core';

/**
 * One offer of a case to one partner. Unique per (case, partner, round): a
 * routing job that runs twice finds its referrals instead of making new ones.
 */
export interface ReferralDoc {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  partnerId: Types.ObjectId;
  /** The case's province when offered: the partner stats it feeds are read by province. */
  provinceCode: string;
  round: number;
  status: TReferralStatus;
  /** The short code a partner answers with by SMS ("1 K7Q2MX"). */
  code: string;
  channels: TNotifyChannel[];
  /** Index into `channels` of the notice sent last. */
  channelStep: number;
  offeredAt: Date;
  answeredAt: Date | null;
  answeredVia: string | null;
  contactedAt: Date | null;
  completedAt: Date | null;
  /** This partner's line of the round's routing decision (the whole decision: routing_decisions). */
  reason: TRoutingCandidate | null;
  updatedAt: Date;
}

const schema = new Schema<ReferralDoc>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    partnerId: { type: Schema.Types.ObjectId, required: true },
    provinceCode: { type: String, required: true },
    round: { type: Number, required: true },
    status: { type: String, enum: REFERRAL_STATUSES, required: true },
    code: { type: String, required: true },
    channels: { type: [String], enum: NOTIFY_CHANNELS, default: [] },
    channelStep: { type: Number, default: 0 },
    offeredAt: { type: Date, required: true },
    answeredAt: { type: Date, default: null },
    answeredVia: { type: String, default: null },
    contactedAt: { type: Date, default: null },
    completedAt: { type: Date, default: null },
    reason: { type: Schema.Types.Mixed, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'referrals', versionKey: false, minimize: false },
);
schema.index({ caseId: 1, partnerId: 1, round: 1 }, { unique: true });
schema.index({ code: 1 }, { unique: true });
schema.index({ partnerId: 1, status: 1, offeredAt: -1 });
schema.index({ caseId: 1, status: 1 });

export const ReferralModel = model<ReferralDoc>('Referral', schema);
