import { Schema, model, type Types } from 'mongoose';
import type { TBusinessCalendar, TQuietHours, TSlaPolicySet } from '@hotline/core';

/** The one SLA settings document (`_id: 'sla'`): policies, quiet hours, business calendar. */
export interface SlaSettingsDoc {
  _id: string;
  policySet: TSlaPolicySet;
  quietHours: TQuietHours;
  calendar: TBusinessCalendar;
  version: number;
  updatedAt: Date | null;
  updatedBy: Types.ObjectId | null;
}

const schema = new Schema<SlaSettingsDoc>(
  {
    _id: { type: String, required: true },
    policySet: { type: Schema.Types.Mixed, required: true },
    quietHours: { type: Schema.Types.Mixed, required: true },
    calendar: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, default: 1 },
    updatedAt: { type: Date, default: null },
    updatedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'sla_settings', versionKey: false, minimize: false },
);

export const SlaSettingsModel = model<SlaSettingsDoc>('SlaSettings', schema);
