/**
 * Inbound calls and counsellors' phone status. Every change is one
 * conditional single-document update (the state it leaves is in the filter),
 * so webhooks repeated, API processes racing and sweeps overlapping each move
 * a call once.
 */
import { Types } from 'mongoose';
import type { TCounsellorStatus, TIvrChoice } from '@hotline/core';
import { VoiceCallModel, voiceCallIdFor, type VoiceCallDoc } from '../models/voice-call';
import { CounsellorStatusModel, type CounsellorStatusDoc } from '../models/counsellor-status';
import { encryptField, hashPhone } from '../phone-protection';
import { isDuplicateKey } from './calls';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
/** The calendar day in Vietnam (UTC+7) the call arrived on: "answered today" counts by it. */
export const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export async function arriveVoiceCall(input: { callSid: string; from: string; dialled: string; queueProvince: string; state: 'menu' | 'voicemail'; now: Date }): Promise<VoiceCallDoc> {
  const doc: VoiceCallDoc = {
    _id: voiceCallIdFor(input.callSid), callSid: input.callSid, dialled: input.dialled, phoneHash: hashPhone(input.from), phoneSealed: encryptField(input.from),
    queueProvince: input.queueProvince, state: input.state, ivrChoice: null, emergency: false, arrivedAt: input.now, enqueuedAt: null, overflowAt: null,
    overflowedFrom: null, transferredTo: null, ringingUserId: null, ringDeadline: null, tried: [], answeredBy: null, answeredAt: null, endedAt: null,
    durationSeconds: null, waitedSeconds: null, recordingUrl: null, callback: null, callbackBy: null, callbackCallSid: null, day: vietnamDay(input.now),
  };
  try {
    await VoiceCallModel.collection.insertOne(doc);
    return doc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await VoiceCallModel.findById(doc._id).lean())!;
  }
}

export const findVoiceCall = (id: string | Types.ObjectId) => VoiceCallModel.findById(oid(id)).lean<VoiceCallDoc>();
export const findVoiceCallBySid = (callSid: string) => VoiceCallModel.findById(voiceCallIdFor(callSid)).lean<VoiceCallDoc>();

export const enqueueVoiceCall = (id: Types.ObjectId, choice: TIvrChoice, now: Date, overflowAt: Date) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'menu' }, { $set: { state: 'waiting', ivrChoice: choice, emergency: choice === 'danger', enqueuedAt: now, overflowAt } }, { new: true }).lean<VoiceCallDoc>();

/** A province's waiting calls: emergencies first, then the longest waiting. */
export async function waitingVoiceCalls(province: string): Promise<VoiceCallDoc[]> {
  const rows = await VoiceCallModel.find({ queueProvince: province, state: 'waiting' }).lean<VoiceCallDoc[]>();
  return rows.sort((a, b) => Number(b.emergency) - Number(a.emergency) || a.enqueuedAt!.getTime() - b.enqueuedAt!.getTime());
}
/** The caller's place in its queue (1 = next): emergencies ahead of everyone else, then arrival order. Counts, no documents read. */
export async function queuePosition(call: Pick<VoiceCallDoc, 'queueProvince' | 'emergency' | 'enqueuedAt'>): Promise<number> {
  if (!call.enqueuedAt) return 1;
  const base = { queueProvince: call.queueProvince, state: 'waiting' };
  const ahead = call.emergency
    ? [VoiceCallModel.countDocuments({ ...base, emergency: true, enqueuedAt: { $lt: call.enqueuedAt } })]
    : [VoiceCallModel.countDocuments({ ...base, emergency: true }), VoiceCallModel.countDocuments({ ...base, emergency: false, enqueuedAt: { $lt: call.enqueuedAt } })];
  return 1 + (await Promise.all(ahead)).reduce((a, b) => a + b, 0);
}
export const voiceCallsInState = (state: 'waiting' | 'ringing') => VoiceCallModel.find({ state }).lean<VoiceCallDoc[]>();
export const ringingVoiceCalls = (province: string) => VoiceCallModel.find({ queueProvince: province, state: 'ringing' }).lean<VoiceCallDoc[]>();

export const ringVoiceCall = (id: Types.ObjectId, userId: Types.ObjectId, deadline: Date) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'waiting' }, { $set: { state: 'ringing', ringingUserId: userId, ringDeadline: deadline } }, { new: true }).lean<VoiceCallDoc>();
/** The ring ended unanswered: back to waiting, and this counsellor is not rung for it again. */
export const unringVoiceCall = (id: Types.ObjectId, userId: Types.ObjectId) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'ringing', ringingUserId: userId }, { $set: { state: 'waiting', ringingUserId: null, ringDeadline: null }, $addToSet: { tried: userId } }, { new: true }).lean<VoiceCallDoc>();

export const answerVoiceCall = (id: Types.ObjectId, userId: Types.ObjectId, from: 'ringing' | 'waiting', now: Date) =>
  VoiceCallModel.findOneAndUpdate(
    from === 'ringing' ? { _id: id, state: 'ringing', ringingUserId: userId } : { _id: id, state: 'waiting' },
    { $set: { state: 'answered', answeredBy: userId, answeredAt: now, ringingUserId: null, ringDeadline: null } },
    { new: true },
  ).lean<VoiceCallDoc>();

/** The caller hung up: a waiting or ringing call is abandoned (to call back), an answered one completed. */
export async function endVoiceCall(callSid: string, durationSeconds: number | null, now: Date): Promise<{ before: VoiceCallDoc; after: VoiceCallDoc } | null> {
  const id = voiceCallIdFor(callSid);
  for (const state of ['waiting', 'ringing', 'menu', 'answered'] as const) {
    const before = await VoiceCallModel.findOneAndUpdate(
      { _id: id, state },
      { $set: state === 'answered' ? { state: 'completed', endedAt: now, durationSeconds } : { state: 'abandoned', endedAt: now, durationSeconds, ringingUserId: null, ringDeadline: null, callback: 'open' } },
      { new: false },
    ).lean<VoiceCallDoc>();
    if (before) return { before, after: (await findVoiceCall(id))! };
  }
  // A voicemail or a transfer keeps its state; the call's length still comes from the callback.
  await VoiceCallModel.updateOne({ _id: id, endedAt: null }, { $set: { endedAt: now, durationSeconds } });
  return null;
}

export const recordVoicemail = (id: Types.ObjectId, recordingUrl: string) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'voicemail', recordingUrl: null }, { $set: { recordingUrl, callback: 'open' } }, { new: true }).lean<VoiceCallDoc>();
export const overflowVoiceCall = (id: Types.ObjectId, from: string, to: string) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'waiting', queueProvince: from, overflowedFrom: null }, { $set: { queueProvince: to, overflowedFrom: from, tried: [] } }, { new: true }).lean<VoiceCallDoc>();
export const transferVoiceCall = (id: Types.ObjectId, from: string, number: string, now: Date) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, state: 'waiting', queueProvince: from }, { $set: { state: 'completed', overflowedFrom: from, transferredTo: number, endedAt: now } }, { new: true }).lean<VoiceCallDoc>();

export const openCallbacks = async (province: string) => {
  const [open, claimed] = await Promise.all(['open', 'claimed'].map((callback) => VoiceCallModel.find({ queueProvince: province, callback }).lean<VoiceCallDoc[]>()));
  return [...open!, ...claimed!].sort((a, b) => b.arrivedAt.getTime() - a.arrivedAt.getTime());
};
export const claimCallback = (id: Types.ObjectId, userId: Types.ObjectId) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, callback: 'open' }, { $set: { callback: 'claimed', callbackBy: userId } }, { new: true }).lean<VoiceCallDoc>();
export const markCallbackPlaced = (id: Types.ObjectId, userId: Types.ObjectId, callSid: string) =>
  VoiceCallModel.findOneAndUpdate({ _id: id, callback: 'claimed', callbackBy: userId }, { $set: { callback: 'done', callbackCallSid: callSid } }, { new: true }).lean<VoiceCallDoc>();

export const countVoiceCallsOfDay = (province: string, day: string) => VoiceCallModel.find({ queueProvince: province, day }, { state: 1, answeredAt: 1 }).lean<Pick<VoiceCallDoc, '_id' | 'state' | 'answeredAt'>[]>();

// ---- counsellors

export async function setCounsellorStatus(user: { id: string; name: string; provinceCode: string }, status: TCounsellorStatus, now: Date): Promise<CounsellorStatusDoc> {
  const idle = status === 'available' ? { idleSince: now } : {};
  return (await CounsellorStatusModel.findOneAndUpdate(
    { _id: oid(user.id) },
    { $set: { name: user.name, provinceCode: user.provinceCode, status, since: now, ...idle }, $setOnInsert: status === 'available' ? { ringingCallId: null, currentCallId: null } : { idleSince: now, ringingCallId: null, currentCallId: null } },
    { upsert: true, new: true },
  ).lean<CounsellorStatusDoc>());
}
export const findCounsellorStatus = (userId: string | Types.ObjectId) => CounsellorStatusModel.findById(oid(userId)).lean<CounsellorStatusDoc>();
export const counsellorsOfProvince = (province: string) => CounsellorStatusModel.find({ provinceCode: province }).lean<CounsellorStatusDoc[]>();
/** Available counsellors whose console is not ringing, longest idle first. */
export async function idleCounsellors(province: string): Promise<CounsellorStatusDoc[]> {
  const rows = await CounsellorStatusModel.find({ provinceCode: province, status: 'available' }).lean<CounsellorStatusDoc[]>();
  return rows.filter((r) => !r.ringingCallId).sort((a, b) => a.idleSince.getTime() - b.idleSince.getTime());
}
export const claimCounsellorForRing = (userId: Types.ObjectId, callId: Types.ObjectId) =>
  CounsellorStatusModel.findOneAndUpdate({ _id: userId, status: 'available', ringingCallId: null }, { $set: { ringingCallId: callId } }, { new: true }).lean<CounsellorStatusDoc>();
export const releaseCounsellorRing = (userId: Types.ObjectId, callId: Types.ObjectId, status?: TCounsellorStatus, now = new Date()) =>
  CounsellorStatusModel.updateOne({ _id: userId, ringingCallId: callId }, { $set: { ringingCallId: null, ...(status ? { status, since: now } : {}) } });
export const counsellorOnCall = (userId: Types.ObjectId, callId: Types.ObjectId, now: Date) =>
  CounsellorStatusModel.updateOne({ _id: userId }, { $set: { status: 'on_call', since: now, ringingCallId: null, currentCallId: callId } });
/** The call ended: its counsellor goes to wrap-up. */
export const counsellorWrapUp = (userId: Types.ObjectId, callId: Types.ObjectId, now: Date) =>
  CounsellorStatusModel.updateOne({ _id: userId, currentCallId: callId }, { $set: { status: 'wrap_up', since: now, currentCallId: null } });
