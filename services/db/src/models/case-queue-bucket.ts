import { Schema, model } from 'mongoose';
import { CASE_STATUSES, CATEGORY_CODES, RISK_LEVELS, type TCaseStatus, type TCategory, type TRiskLevel } from '@hotline/core';
import type { BucketDoc } from '../projections/membership-buckets';

/**
 * The open-case queue counted as documents: one per province × status ×
 * category × risk level, listing the open cases in it (a count is the list's
 * length). Kept by the case outbox relay (projections/case-queue.ts), so the
 * dashboard never counts the cases collection.
 */
export interface CaseQueueBucketDoc extends BucketDoc {
  provinceCode: string;
  status: TCaseStatus;
  category: TCategory;
  riskLevel: TRiskLevel;
}

const schema = new Schema<CaseQueueBucketDoc>(
  {
    _id: { type: String, required: true },
    provinceCode: { type: String, required: true },
    status: { type: String, enum: CASE_STATUSES, required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    riskLevel: { type: String, enum: RISK_LEVELS, required: true },
    members: { type: [String], default: [] },
  },
  { collection: 'case_queue_buckets', versionKey: false },
);
schema.index({ provinceCode: 1 });
schema.index({ members: 1 });

export const CaseQueueBucketModel = model<CaseQueueBucketDoc>('CaseQueueBucket', schema);
