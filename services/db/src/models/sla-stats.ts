import { Schema, model } from 'mongoose';
import { CATEGORY_CODES, type TCategory } from '@hotline/core';

/**
 * Open deadlines as small documents, one per deadline that is pending or
 * breached (`_id` = the deadline's id): the SLA overview counts a province's
 * rows by category and state instead of reading the deadlines themselves.
 */
export interface SlaOpenRowDoc {
  _id: string;
  provinceCode: string;
  category: TCategory;
  state: 'pending' | 'breached';
}

const openSchema = new Schema<SlaOpenRowDoc>(
  {
    _id: { type: String, required: true },
    provinceCode: { type: String, required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    state: { type: String, enum: ['pending', 'breached'], required: true },
  },
  { collection: 'sla_open_deadlines', versionKey: false },
);
openSchema.index({ provinceCode: 1 });

export const SlaOpenRowModel = model<SlaOpenRowDoc>('SlaOpenRow', openSchema);

/** One deadline's line in a month: its category, when it happened, and (met) the minutes it took. */
export interface SlaMonthEntry {
  c: TCategory;
  at: Date;
  m?: number;
}

/**
 * What happened to deadlines in one UTC month of one province, keyed by
 * deadline id (so writing a line again changes nothing): breaches, and
 * accept / first-contact deadlines met with the minutes they took. The SLA
 * overview reads the few months its window covers.
 */
export interface SlaMonthDoc {
  _id: string;
  month: string;
  provinceCode: string;
  breached: Record<string, SlaMonthEntry>;
  accept: Record<string, SlaMonthEntry>;
  contact: Record<string, SlaMonthEntry>;
}

const monthSchema = new Schema<SlaMonthDoc>(
  {
    _id: { type: String, required: true },
    month: { type: String, required: true },
    provinceCode: { type: String, required: true },
    breached: { type: Schema.Types.Mixed, default: () => ({}) },
    accept: { type: Schema.Types.Mixed, default: () => ({}) },
    contact: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { collection: 'sla_months', versionKey: false, minimize: false },
);
monthSchema.index({ month: 1, provinceCode: 1 });

export const SlaMonthModel = model<SlaMonthDoc>('SlaMonth', monthSchema);
