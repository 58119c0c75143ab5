import { Types } from 'mongoose';
import { CallModel, type CallDoc } from '../models/call';
import { recordCallerCall } from './caller-calls';

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * Inserts a call that opens no case. A second submit of the same draft returns
 * the first call. The caller's recent-call list is written first, so a crash
 * in between leaves at most an id that names no call (reads skip it). Calls
 * that open or join a case travel in the case's outbox instead, and its relay
 * records them.
 */
export async function insertCall(call: CallDoc): Promise<{ call: CallDoc; duplicate: boolean }> {
  if (call.callerPhoneHash) await recordCallerCall(call.callerPhoneHash, call.provinceCode, call._id, call.startedAt);
  try {
    await CallModel.collection.insertOne(call);
    return { call, duplicate: false };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await findCallByIntakeKey(call.intakeKey);
    if (!existing) throw err;
    return { call: existing, duplicate: true };
  }
}

export async function findCallById(id: string | Types.ObjectId): Promise<CallDoc | null> {
  return CallModel.findById(id).lean();
}

export async function findCallByIntakeKey(intakeKey: string): Promise<CallDoc | null> {
  return CallModel.findOne({ intakeKey }).lean();
}
