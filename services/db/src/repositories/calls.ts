import { Types } from 'mongoose';
import { CallModel, type CallDoc } from '../models/call';
import { recordCallerCall } from './caller-calls';
import { applyCallToRollups } from '../projections/rollups';

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/**
 * Inserts a call that opens no case. A second submit of the same draft returns
 * the first call. The caller's recent-call list is written first, so a crash
 * in between leaves at most an id that names no call (reads skip it). Calls
 * that open or join a case travel in the case's outbox instead, and its relay
 * records them. `rollupPending` marks a lone call whose report counts are not
 * written yet: a crash before they are leaves it for `applyPendingCallRollups`.
 */
export async function insertCall(call: CallDoc): Promise<{ call: CallDoc; duplicate: boolean }> {
  if (call.callerPhoneHash) await recordCallerCall(call.callerPhoneHash, call.provinceCode, call._id, call.startedAt);
  try {
    await CallModel.collection.insertOne({ ...call, rollupPending: true });
    await applyCallToRollups(call);
    await CallModel.updateOne({ _id: call._id }, { $unset: { rollupPending: 1 } });
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

/** The sweep: counts the lone calls a crash left out of the daily rollups (each once: the line is guarded by its marker). */
export async function applyPendingCallRollups(limit = 500): Promise<number> {
  const pending = await CallModel.find({ rollupPending: true }).limit(limit).lean<CallDoc[]>();
  for (const call of pending) {
    await applyCallToRollups(call);
    await CallModel.updateOne({ _id: call._id }, { $unset: { rollupPending: 1 } });
  }
  return pending.length;
}
