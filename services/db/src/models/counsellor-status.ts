import { Schema, model, type Types } from 'mongoose';
import { COUNSELLOR_STATUSES, type TCounsellorStatus } from '@hotline/core';

/**
 * A counsellor's phone status (`_id` = the user's id), in the queue of one
 * province. `idleSince` orders the available ones (longest idle rings first);
 * `ringingCallId` is set while their console rings, so one console rings for
 * one call at a time.
 */
export interface CounsellorStatusDoc {
  _id: Types.ObjectId;
  name: string;
  provinceCode: string;
  status: TCounsellorStatus;
  since: Date;
  idleSince: Date;
  ringingCallId: Types.ObjectId | null;
  currentCallId: Types.ObjectId | null;
}

const schema = new Schema<CounsellorStatusDoc>(
  {
    name: String,
    provinceCode: { type: String, required: true },
    status: { type: String, enum: COUNSELLOR_STATUSES, required: true },
    since: Date,
    idleSince: Date,
    ringingCallId: { type: Schema.Types.ObjectId, default: null },
    currentCallId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'counsellor_statuses', versionKey: false },
);
schema.index({ provinceCode: 1, status: 1 });

export const CounsellorStatusModel = model<CounsellorStatusDoc>('CounsellorStatus', schema);
