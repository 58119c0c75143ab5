import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { MESSAGE_STATUS_RANK, MessageModel, type MessageDoc, type TMessageStatus } from '../models/message';
import { isDuplicateKey } from './calls';

/** The key that makes a send idempotent: one notice per referral, channel and step. */
export const messageKey = (referralId: Types.ObjectId, channel: string, step: number) => `${referralId.toHexString()}-${channel}-${step}`;

/** The `_id` of an outbound message record, derived from its idempotency key so that the claim is a lookup by `_id`. */
export const messageIdFor = (idempotencyKey: string) => new Types.ObjectId(createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24));

/** How long a claim keeps other runs of the same send away: longer than any provider call takes. */
export const SEND_LEASE_MS = 60_000;

/**
 * Another run of the same job (a stalled job retried while the first still
 * runs) holds the send: retry later, when it has been recorded as sent or
 * its lease has run out.
 */
export class SendInProgressError extends Error {
  constructor(readonly idempotencyKey: string) {
    super('another run is sending this message');
    this.name = 'SendInProgressError';
  }
}

/**
 * Finds or creates the message record of a send and takes a lease on it: the
 * caller sends only when the record comes back `pending` (a retried job gets
 * the first record, already sent, and sends nothing). While one run holds the
 * lease, another run of the same send gets SendInProgressError instead of
 * sending twice. The first claim is a plain insert under an `_id` derived from
 * the key, the cheapest write there is.
 */
export async function claimMessage(
  fields: Pick<MessageDoc, 'idempotencyKey' | 'referralId' | 'partnerId' | 'channel' | 'step' | 'provider'>,
  leaseMs = SEND_LEASE_MS,
): Promise<MessageDoc> {
  const now = new Date();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const doc: MessageDoc = {
    ...fields, _id: messageIdFor(fields.idempotencyKey), direction: 'outbound', status: 'pending', statusRank: 0, providerId: null, error: null, attempts: 1,
    leaseUntil, createdAt: now, updatedAt: now,
  };
  try {
    await MessageModel.collection.insertOne(doc);
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // Claimed before: under the derived `_id`, or (a record made before ids were derived from keys) under another one.
  const byKey = [{ _id: doc._id }, { idempotencyKey: fields.idempotencyKey }];
  for (const key of byKey) {
    // Still to send and nobody holding it: take the lease (one run wins; the proxy serialises the write).
    const taken = await MessageModel.findOneAndUpdate(
      { ...key, status: 'pending', $or: [{ leaseUntil: { $lte: now } }, { leaseUntil: { $exists: false } }] },
      { $set: { leaseUntil }, $inc: { attempts: 1 } },
      { new: true },
    ).lean();
    if (taken) return taken;
    const existing = await MessageModel.findOne(key).lean();
    if (!existing) continue;
    if (existing.status === 'pending') throw new SendInProgressError(fields.idempotencyKey);
    return existing;
  }
  throw new Error('message claim found neither a new nor an earlier record');
}

export async function markMessageSent(id: Types.ObjectId, providerId: string | null, status: TMessageStatus): Promise<void> {
  await MessageModel.updateOne({ _id: id }, { $set: { providerId, status, statusRank: MESSAGE_STATUS_RANK[status], error: null } });
}

/** Not sent: the record stays pending and its lease is given back, so the job's retry can send at once. */
export async function markMessageFailed(id: Types.ObjectId, error: string): Promise<void> {
  await MessageModel.updateOne({ _id: id }, { $set: { error, leaseUntil: new Date(0) } });
}

/** A provider status callback: applied only if it moves the status forward (callbacks repeat and arrive out of order). */
export async function applyProviderStatus(providerId: string, status: string): Promise<MessageDoc | null> {
  // Own keys only: `in` would also find Object.prototype's (`__proto__`, `constructor`, `toString`...).
  if (!Object.hasOwn(MESSAGE_STATUS_RANK, status)) return null;
  const s = status as TMessageStatus;
  return MessageModel.findOneAndUpdate(
    { providerId, statusRank: { $lt: MESSAGE_STATUS_RANK[s] } },
    { $set: { status: s, statusRank: MESSAGE_STATUS_RANK[s] } },
    { new: true },
  ).lean();
}

export async function findMessageByProviderId(providerId: string): Promise<MessageDoc | null> {
  return MessageModel.findOne({ providerId }).lean();
}

/**
 * Records an inbound webhook by its provider id. Returns false when it was
 * recorded before (a duplicate delivery must not act twice).
 */
export async function recordInbound(providerId: string, channel: 'sms' | 'voice', referralId: Types.ObjectId | null): Promise<boolean> {
  try {
    await MessageModel.create({ idempotencyKey: `in-${providerId}`, direction: 'inbound', channel, providerId, referralId, status: 'delivered', statusRank: 5 });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Whether the notice keyed `idempotencyKey` went out (handed to the provider or shown on the console). */
export async function messageWentOut(idempotencyKey: string): Promise<boolean> {
  const m = await MessageModel.findById(messageIdFor(idempotencyKey), { status: 1 }).lean();
  return !!m && !['pending', 'failed', 'undelivered'].includes(m.status);
}
