import { Schema, model } from 'mongoose';
import { PERSON_GROUPS, TARGET_FIGURES, type TPersonGroup, type TTargetFigure } from '@hotline/core';

/**
 * A yearly target: a province's hotline figure, or a facility's figure for
 * one resident group. `_id` = `<year>|<province>|<figure>|<facility or ->|<group or ->`,
 * so setting a target again replaces it.
 */
export interface TargetDoc {
  _id: string;
  year: number;
  provinceCode: string;
  figure: TTargetFigure;
  target: number;
  facilityId: string | null;
  group: TPersonGroup | null;
  updatedBy: string | null;
  updatedAt: Date;
}

const schema = new Schema<TargetDoc>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    provinceCode: { type: String, required: true },
    figure: { type: String, enum: TARGET_FIGURES, required: true },
    target: { type: Number, required: true },
    facilityId: { type: String, default: null },
    group: { type: String, enum: [...PERSON_GROUPS, null], default: null },
    updatedBy: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'targets', versionKey: false },
);
schema.index({ provinceCode: 1, year: 1 });

export const TargetModel = model<TargetDoc>('Target', schema);
