import { Schema, model } from 'mongoose';

/**
 * The reports' counts for one Vietnamese calendar day of one province
 * (`_id` = `<day>|<province>`). `c` maps a figure key (`call~phone~silent`,
 * `open~child_abuse~high~00004~child`, …: see `projections/rollup-keys.ts`)
 * to its count; `ev` lists the source facts already counted (`c<callId>`,
 * `o<caseId>`, `r<referralId>~accepted`, …), so an increment guarded by it
 * counts once however often the relay or projection that applies it runs.
 * A year of a province is at most 366 small documents, read a month at a time.
 */
export interface DailyRollupDoc {
  _id: string;
  day: string;
  /** YYYY-MM of `day`: the reports read one (province, month) equality at a time. */
  month: string;
  provinceCode: string;
  c: Record<string, number>;
  ev: string[];
}

const schema = new Schema<DailyRollupDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    month: { type: String, required: true },
    provinceCode: { type: String, required: true },
    c: { type: Schema.Types.Mixed, default: {} },
    ev: { type: [String], default: [] },
  },
  { collection: 'daily_rollups', versionKey: false, minimize: false },
);
schema.index({ provinceCode: 1, month: 1 });

export const DailyRollupModel = model<DailyRollupDoc>('DailyRollup', schema);
