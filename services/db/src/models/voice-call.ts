import { createHash } from 'node:crypto';
import { Schema, model, Types } from 'mongoose';
import { CALLBACK_STATES, IVR_CHOICES, VOICE_CALL_STATES, type TIvrChoice, type TVoiceCallState } from '@hotline/core';

/**
 * One inbound call from arrival to its end (and its callback): every state is
 * this document, so a restart loses no waiting call. Filters use the top-level
 * `callSid`, `state`, `queueProvince`, `callback` and `day` (Vietnam date).
 */
export interface VoiceCallDoc {
  _id: Types.ObjectId;
  callSid: string;
  dialled: string;
  phoneHash: string;
  phoneSealed: string;
  queueProvince: string;
  state: TVoiceCallState;
  ivrChoice: TIvrChoice | null;
  emergency: boolean;
  arrivedAt: Date;
  enqueuedAt: Date | null;
  overflowAt: Date | null;
  overflowedFrom: string | null;
  transferredTo: string | null;
  ringingUserId: Types.ObjectId | null;
  ringDeadline: Date | null;
  tried: Types.ObjectId[];
  answeredBy: Types.ObjectId | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  waitedSeconds: number | null;
  recordingUrl: string | null;
  callback: (typeof CALLBACK_STATES)[number] | null;
  callbackBy: Types.ObjectId | null;
  callbackCallSid: string | null;
  day: string;
}

/** The document's id derived from Twilio's CallSid: a repeated incoming webhook finds the same call. */
export const voiceCallIdFor = (callSid: string) => new Types.ObjectId(createHash('sha256').update(`voice:${callSid}`).digest('hex').slice(0, 24));

const schema = new Schema<VoiceCallDoc>(
  {
    callSid: { type: String, required: true },
    dialled: String,
    phoneHash: String,
    phoneSealed: String,
    queueProvince: { type: String, required: true },
    state: { type: String, enum: VOICE_CALL_STATES, required: true },
    ivrChoice: { type: String, enum: [...IVR_CHOICES, null], default: null },
    emergency: { type: Boolean, default: false },
    arrivedAt: Date,
    enqueuedAt: { type: Date, default: null },
    overflowAt: { type: Date, default: null },
    overflowedFrom: { type: String, default: null },
    transferredTo: { type: String, default: null },
    ringingUserId: { type: Schema.Types.ObjectId, default: null },
    ringDeadline: { type: Date, default: null },
    tried: { type: [Schema.Types.ObjectId], default: [] },
    answeredBy: { type: Schema.Types.ObjectId, default: null },
    answeredAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    durationSeconds: { type: Number, default: null },
    waitedSeconds: { type: Number, default: null },
    recordingUrl: { type: String, default: null },
    callback: { type: String, enum: [...CALLBACK_STATES, null], default: null },
    callbackBy: { type: Schema.Types.ObjectId, default: null },
    callbackCallSid: { type: String, default: null },
    day: { type: String, required: true },
  },
  { collection: 'voice_calls', versionKey: false },
);
schema.index({ callSid: 1 }, { unique: true });
schema.index({ state: 1 });
schema.index({ queueProvince: 1, state: 1 });
schema.index({ queueProvince: 1, callback: 1 });
schema.index({ queueProvince: 1, day: 1 });

export const VoiceCallModel = model<VoiceCallDoc>('VoiceCall', schema);
