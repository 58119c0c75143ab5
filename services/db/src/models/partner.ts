import { Schema, model, type Types } from 'mongoose';
import { CATEGORY_CODES, NOTIFY_CHANNELS, PARTNER_KINDS, PERSON_GROUPS, type TNotifyChannel, type TOnDuty, type TPersonGroup } from '@hotline/core';

export interface PartnerDoc {
  _id: Types.ObjectId;
  name: string;
  kind: (typeof PARTNER_KINDS)[number];
  type: string;
  phones: string[];
  categories: string[];
  area: { provinceCode: string; communeCodes: string[] };
  /** `area.provinceCode` at the top level, where an index serves it (`partnerQueryFields`). */
  provinceCode: string;
  /** Beds per group set by an admin; how many are in use comes from `facility_occupancy`. */
  capacity: { beds: { group: TPersonGroup; beds: number }[] } | null;
  onDuty: TOnDuty | null;
  paused: boolean;
  channels: TNotifyChannel[];
  userId: Types.ObjectId | null;
  active: boolean;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<PartnerDoc>(
  {
    name: { type: String, required: true },
    kind: { type: String, enum: PARTNER_KINDS, required: true },
    type: { type: String, required: true },
    phones: { type: [String], default: [] },
    categories: { type: [String], enum: CATEGORY_CODES, default: [] },
    area: { provinceCode: { type: String, required: true }, communeCodes: { type: [String], default: [] } },
    provinceCode: { type: String, required: true },
    capacity: {
      type: new Schema({ beds: { type: [new Schema({ group: { type: String, enum: PERSON_GROUPS }, beds: Number }, { _id: false })], default: [] } }, { _id: false }),
      default: null,
    },
    onDuty: { type: Schema.Types.Mixed, default: null },
    paused: { type: Boolean, default: false },
    channels: { type: [String], enum: NOTIFY_CHANNELS, default: ['sms'] },
    userId: { type: Schema.Types.ObjectId, default: null },
    active: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'partners' },
);
schema.index({ provinceCode: 1, categories: 1, active: 1 });
schema.index({ phones: 1 });
schema.index({ userId: 1 });
schema.index({ name: 1, provinceCode: 1 }, { unique: true });

/** The top-level query field a partner write carries with the area it derives from. */
export function partnerQueryFields(set: { area?: { provinceCode: string } }): Partial<Pick<PartnerDoc, 'provinceCode'>> {
  return set.area ? { provinceCode: set.area.provinceCode } : {};
}

export const PartnerModel = model<PartnerDoc>('Partner', schema);
