import { Schema, model, type Types } from 'mongoose';

export const MESSAGE_STATUSES = ['pending', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'canceled'] as const;
export type TMessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Status callbacks can arrive late or twice: a status only replaces one of a
 * lower rank, so a late "sent" never overwrites "delivered".
 */
export const MESSAGE_STATUS_RANK: Readonly<Record<TMessageStatus, number>> = {
  pending: 0, queued: 1, sending: 2, sent: 3, ringing: 3, 'in-progress': 4,
  delivered: 5, completed: 5, undelivered: 5, failed: 5, busy: 5, 'no-answer': 5, canceled: 5,
};

/** One notice sent (or being sent) to a partner: idempotent per (referral, channel, step). */
export interface MessageDoc {
  _id: Types.ObjectId;
  idempotencyKey: string;
  direction: 'outbound' | 'inbound';
  referralId: Types.ObjectId | null;
  partnerId: Types.ObjectId | null;
  channel: 'console' | 'sms' | 'voice';
  step: number;
  provider: string;
  providerId: string | null;
  status: TMessageStatus;
  statusRank: number;
  attempts: number;
  error: string | null;
  /** While a worker is sending this message, others keep their hands off until then (see claimMessage). */
  leaseUntil?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<MessageDoc>(
  {
    idempotencyKey: { type: String, required: true },
    direction: { type: String, enum: ['outbound', 'inbound'], required: true },
    referralId: { type: Schema.Types.ObjectId, default: null },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, enum: ['console', 'sms', 'voice'], required: true },
    step: { type: Number, default: 0 },
    provider: { type: String, default: 'twilio' },
    providerId: { type: String, default: null },
    status: { type: String, enum: MESSAGE_STATUSES, default: 'pending' },
    statusRank: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    error: { type: String, default: null },
    leaseUntil: { type: Date },
  },
  { timestamps: true, collection: 'messages' },
);
schema.index({ idempotencyKey: 1 }, { unique: true });
schema.index({ providerId: 1 });
schema.index({ referralId: 1 });

export const MessageModel = model<MessageDoc>('Message', schema);
