import { Schema, model, type Types } from 'mongoose';
import type { TRoutingCandidate } from '@hotline/core';

/**
 * One routing round's decision for a case: every partner considered, with its
 * rank or the reason it was excluded. Stored once per (case, round), apart from
 * the referrals, which keep only their own partner's line: a province with
 * hundreds of partners makes a decision tens of kilobytes long, and copying it
 * into every referral made each referral read and scan pay for it.
 */
export interface RoutingDecisionDoc {
  /** Derived from (case, round): a routing job that runs twice writes the same document. */
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  round: number;
  decidedAt: Date;
  offersAtOnce: number;
  needsPlacement: boolean;
  candidates: TRoutingCandidate[];
}

const schema = new Schema<RoutingDecisionDoc>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    round: { type: Number, required: true },
    decidedAt: { type: Date, required: true },
    offersAtOnce: { type: Number, required: true },
    needsPlacement: { type: Boolean, required: true },
    candidates: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'routing_decisions', versionKey: false, minimize: false },
);
schema.index({ caseId: 1, round: 1 }, { unique: true });

export const RoutingDecisionModel = model<RoutingDecisionDoc>('RoutingDecision', schema);
