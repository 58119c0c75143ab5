import { Schema, model, type Types } from 'mongoose';
import { CALL_CHANNELS, CALL_OUTCOMES, CALLER_RELATIONSHIPS, type TCallOutcome } from '@hotline/core';

export interface CallerFields {
  /** AES-GCM sealed E.164 number. */
  phoneSealed: string | null;
  phoneMasked: string | null;
  name: string | null;
  relationship: (typeof CALLER_RELATIONSHIPS)[number];
}

export interface CallDoc {
  _id: Types.ObjectId;
  /** The console's clientRequestId, or the call id: a double submit finds the first call. */
  intakeKey: string;
  channel: (typeof CALL_CHANNELS)[number];
  startedAt: Date;
  durationSeconds: number | null;
  counsellorId: Types.ObjectId;
  provinceCode: string | null;
  /** HMAC of the caller's E.164 number: how repeat callers are matched (top level: an indexed equality). */
  callerPhoneHash: string | null;
  caller: CallerFields;
  outcome: TCallOutcome;
  caseId: Types.ObjectId | null;
  notes: string | null;
  createdAt: Date;
  /** Set on a lone call until its daily report counts are written (see `insertCall`). */
  rollupPending?: boolean;
}

const schema = new Schema<CallDoc>(
  {
    intakeKey: { type: String, required: true },
    channel: { type: String, enum: CALL_CHANNELS, required: true },
    startedAt: { type: Date, required: true },
    durationSeconds: { type: Number, default: null },
    counsellorId: { type: Schema.Types.ObjectId, required: true },
    provinceCode: { type: String, default: null },
    callerPhoneHash: { type: String, default: null },
    caller: {
      phoneSealed: { type: String, default: null },
      phoneMasked: { type: String, default: null },
      name: { type: String, default: null },
      relationship: { type: String, enum: CALLER_RELATIONSHIPS, default: 'unknown' },
    },
    outcome: { type: String, enum: CALL_OUTCOMES, required: true },
    caseId: { type: Schema.Types.ObjectId, default: null },
    notes: { type: String, default: null },
    createdAt: { type: Date, required: true },
    rollupPending: { type: Boolean },
  },
  { collection: 'calls', versionKey: false },
);
schema.index({ intakeKey: 1 }, { unique: true });
schema.index({ caseId: 1 });
schema.index({ provinceCode: 1, startedAt: -1 });
schema.index({ rollupPending: 1 });

export const CallModel = model<CallDoc>('Call', schema);
