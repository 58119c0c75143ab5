import { Schema, model, type Types } from 'mongoose';

/** One decided offer as the ranking sees it: when it was offered, whether it was accepted, minutes to the answer. */
export interface PartnerStatsEntry {
  offeredAt: Date;
  accepted: boolean;
  /** Minutes from offer to answer; null when nobody answered (expired). */
  minutes: number | null;
}

/**
 * The routing load of one partner (`_id` is the partner's id), kept up to date
 * by every referral transition so that ranking reads one small document per
 * partner instead of scanning 90 days of referrals per routing job.
 *
 * Both maps are keyed by referral id and written with `$set`/`$unset` of one
 * path from the referral's current state, so a repeated write (a retried job,
 * a repair) never counts twice:
 * - `open`: the partner's open referrals (offered, accepted, contacted);
 * - `decided`: its decided offers (answered or expired, not withdrawn or
 *   cancelled) by offer time. Readers keep only entries offered in the last
 *   90 days, so the window is exact at read time whatever the age of the
 *   document; the reconciler's stats repair (`repairPartnerStats`) drops
 *   entries older than 90 days (keeping the documents small) and rebuilds
 *   anything a crash between a referral write and its stats write left behind.
 */
export interface PartnerStatsDoc {
  _id: Types.ObjectId;
  /** The partner's province (from its referrals): a routing round reads its province's stats in one query. */
  provinceCode?: string;
  open: Record<string, true>;
  decided: Record<string, PartnerStatsEntry>;
  updatedAt: Date;
}

const schema = new Schema<PartnerStatsDoc>(
  {
    provinceCode: { type: String },
    open: { type: Schema.Types.Mixed, default: {} },
    decided: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'partner_stats', versionKey: false, minimize: false },
);

schema.index({ provinceCode: 1 });

export const PartnerStatsModel = model<PartnerStatsDoc>('PartnerStats', schema);
