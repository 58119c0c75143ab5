import { Schema, model } from 'mongoose';

/**
 * A compacted rollup: the counts of one province for one past day or month,
 * without the daily documents' markers (`_id` = `<level>|<period>|<province>`).
 * Reports read these for periods that are over and the daily documents only
 * for today (and a day or month a late fact changed since). `gen` counts the
 * late facts announced for the period (`dirty`); `built` is the `gen` the
 * counts were taken at: the document is used only when the two agree.
 * `level: 'watermark'` documents record how far compaction has gone.
 */
export interface RollupCompactDoc {
  _id: string;
  level: 'day' | 'month' | 'watermark';
  period: string;
  /** YYYY-MM of the period (day documents are read a month at a time). */
  month: string;
  /** YYYY of the period (month documents are read a year at a time). */
  year: string;
  provinceCode: string;
  c: Record<string, number>;
  gen: number;
  built: number;
  dirty: boolean;
  markedAt: Date | null;
}

const schema = new Schema<RollupCompactDoc>(
  {
    _id: { type: String, required: true },
    level: { type: String, enum: ['day', 'month', 'watermark'], required: true },
    period: { type: String, required: true },
    month: { type: String, required: true },
    year: { type: String, required: true },
    provinceCode: { type: String, required: true },
    c: { type: Schema.Types.Mixed, default: {} },
    gen: { type: Number, default: 0 },
    built: { type: Number, default: -1 },
    dirty: { type: Boolean, default: false },
    markedAt: { type: Date, default: null },
  },
  { collection: 'rollup_compacts', versionKey: false, minimize: false },
);
schema.index({ level: 1, provinceCode: 1, month: 1 });
schema.index({ level: 1, provinceCode: 1, year: 1 });
schema.index({ dirty: 1 });

export const RollupCompactModel = model<RollupCompactDoc>('RollupCompact', schema);
