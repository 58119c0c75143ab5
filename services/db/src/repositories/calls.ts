import { Types } from 'mongoose';
import { CallModel, type CallDoc } from '../models/call';

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** Inserts a call that opens no case. A second submit of the same draft returns the first call. */
export async function insertCall(call: CallDoc): Promise<{ call: CallDoc; duplicate: boolean }> {
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
