/**
 * A caller's recent calls, read without touching the number's other calls:
 * one document per number (its keyed hash) lists the newest calls per
 * province; the history then reads those calls by id. Both are indexed
 * equalities on `_id`, so recognising the busiest repeat caller costs what a
 * new caller costs.
 */
import { Types } from 'mongoose';
import { CallerCallsModel, type CallerCallRef, type CallerCallsDoc } from '../models/caller-calls';
import { CallModel, type CallDoc } from '../models/call';
import { findByIds } from './by-ids';

/** How many recent calls are kept per number and province. */
export const RECENT_CALLS_KEPT = 20;

const isDuplicateKey = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
/** The key of calls logged without a province. */
const NO_PROVINCE = '-';

const provinceKey = (provinceCode: string | null): string => provinceCode ?? NO_PROVINCE;

function withCall(list: readonly CallerCallRef[], ref: CallerCallRef): CallerCallRef[] {
  const others = list.filter((r) => !r.callId.equals(ref.callId));
  return [...others, ref].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, RECENT_CALLS_KEPT);
}

/**
 * Adds a call to its number's recent list (idempotent): before a lone call is
 * inserted (`insertCall`), or when a case's outbox relay writes the calls it
 * carries. Either way a crash leaves at most an id that names no call (reads
 * skip it), never a call missing from its caller's history.
 */
export async function recordCallerCall(phoneHash: string, provinceCode: string | null, callId: Types.ObjectId, startedAt: Date): Promise<void> {
  const key = provinceKey(provinceCode);
  const ref: CallerCallRef = { callId, startedAt };
  for (let attempt = 0; attempt < 20; attempt++) {
    const doc = await CallerCallsModel.findById(phoneHash).lean<CallerCallsDoc>();
    if (!doc) {
      try {
        await CallerCallsModel.collection.insertOne({ _id: phoneHash, byProvince: { [key]: [ref] }, version: 1 } as never);
        return;
      } catch (err) {
        if (isDuplicateKey(err)) continue;
        throw err;
      }
    }
    const list = doc.byProvince[key] ?? [];
    if (list.some((r) => r.callId.equals(callId))) return;
    const done = await CallerCallsModel.collection.updateOne(
      { _id: phoneHash, version: doc.version } as never,
      { $set: { [`byProvince.${key}`]: withCall(list, ref) }, $inc: { version: 1 } },
    );
    if (done.matchedCount === 1) return;
  }
  throw new Error('caller history kept changing; try again');
}

/** Takes a call off its number's recent list (idempotent): the call is being anonymised. */
export async function forgetCallerCall(phoneHash: string, provinceCode: string | null, callId: Types.ObjectId): Promise<void> {
  const key = provinceKey(provinceCode);
  for (let attempt = 0; attempt < 20; attempt++) {
    const doc = await CallerCallsModel.findById(phoneHash).lean<CallerCallsDoc>();
    const list = doc?.byProvince[key] ?? [];
    if (!doc || !list.some((r) => r.callId.equals(callId))) return;
    const done = await CallerCallsModel.collection.updateOne(
      { _id: phoneHash, version: doc.version } as never,
      { $set: { [`byProvince.${key}`]: list.filter((r) => !r.callId.equals(callId)) }, $inc: { version: 1 } },
    );
    if (done.matchedCount === 1) return;
  }
  throw new Error('caller history kept changing; try again');
}

/**
 * The newest calls of a number logged in `provinces` (null: every province,
 * and calls without one), newest first, at most `limit`.
 */
export async function recentCallsOfCaller(
  phoneHash: string,
  provinces: readonly string[] | null,
  limit = RECENT_CALLS_KEPT,
  excludeId?: Types.ObjectId,
): Promise<CallDoc[]> {
  const doc = await CallerCallsModel.findById(phoneHash).lean<CallerCallsDoc>();
  if (!doc) return [];
  const keys = provinces === null ? Object.keys(doc.byProvince) : [...provinces, NO_PROVINCE];
  const refs = keys
    .flatMap((k) => doc.byProvince[k] ?? [])
    .filter((r) => !excludeId || !r.callId.equals(excludeId))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    .slice(0, limit);
  const calls = await findByIds(CallModel, refs.map((r) => r.callId));
  return calls.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

/** Rebuilds the recent lists from calls (after an import or seed that wrote calls directly). */
export async function rebuildCallerCalls(calls: readonly Pick<CallDoc, '_id' | 'callerPhoneHash' | 'provinceCode' | 'startedAt'>[]): Promise<void> {
  const byNumber = new Map<string, Record<string, CallerCallRef[]>>();
  for (const c of calls) {
    if (!c.callerPhoneHash) continue;
    const lists = byNumber.get(c.callerPhoneHash) ?? {};
    const key = provinceKey(c.provinceCode);
    lists[key] = withCall(lists[key] ?? [], { callId: c._id, startedAt: c.startedAt });
    byNumber.set(c.callerPhoneHash, lists);
  }
  const docs = [...byNumber].map(([_id, byProvince]) => ({ _id, byProvince, version: 1 }));
  // Inserted in batches (one statement each on the embedded database); a number that already has a
  // document (the rebuild runs over a live collection) is replaced instead.
  for (let i = 0; i < docs.length; i += 1000) {
    const batch = docs.slice(i, i + 1000);
    const existing = await insertNew(batch);
    if (existing.length === 0) continue;
    const ops = existing.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } }));
    await CallerCallsModel.collection.bulkWrite(ops as never, { ordered: false });
  }
}

/** Inserts the documents whose `_id` is new; answers those that already existed. */
async function insertNew<T extends { _id: string }>(docs: T[]): Promise<T[]> {
  try {
    await CallerCallsModel.collection.insertMany(docs as never, { ordered: false });
    return [];
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { index: number; code?: number; err?: { index: number; code?: number } }[] }).writeErrors;
    if (!writeErrors) throw err;
    const failed = writeErrors.map((e) => e.err ?? e);
    if (failed.some((e) => e.code !== 11000)) throw err;
    return failed.map((e) => docs[e.index]!);
  }
}
