/**
 * Counts kept as documents without transactions: a bucket document lists its
 * members' ids, and a count is the length of that list. Placing a member reads
 * the buckets that list it (an indexed equality on `members`), adds it to the
 * one it belongs in and pulls it from the others, each write by `_id`; when it
 * is already where it belongs, nothing is written. The writes are idempotent,
 * and a placement made from a stale read is corrected by the caller, which
 * places again until the member has not changed meanwhile (the case outbox
 * relay and the deadline stats projection do).
 */
import type { Model } from 'mongoose';

export interface BucketDoc {
  _id: string;
  members: string[];
}

/** Puts `memberId` in bucket `bucket.id` (null: in none), creating the bucket with `fields`. */
export async function placeInBucket<T extends BucketDoc>(
  model: Model<T>,
  memberId: string,
  bucket: { id: string; fields: Omit<T, '_id' | 'members'> } | null,
): Promise<void> {
  const coll = model.collection;
  const listed = (await coll.find({ members: memberId } as never, { projection: { _id: 1 } }).toArray()) as unknown as { _id: string }[];
  if (bucket && !listed.some((b) => b._id === bucket.id)) {
    await coll.updateOne(
      { _id: bucket.id } as never,
      { $addToSet: { members: memberId }, $setOnInsert: bucket.fields },
      { upsert: true },
    );
  }
  for (const b of listed) {
    if (b._id !== bucket?.id) await coll.updateOne({ _id: b._id } as never, { $pull: { members: memberId } } as never);
  }
}

/**
 * Replaces every bucket's members with `want` (bucket id → fields and member
 * ids); buckets of `provinces` not in `want` are emptied. The rebuild after a restore or a
 * bug: it reads the source collection once and writes each bucket once.
 */
export async function replaceBuckets<T extends BucketDoc & { provinceCode: string }>(
  model: Model<T>,
  want: Map<string, { fields: Omit<T, '_id' | 'members'>; members: string[] }>,
  provinces: readonly string[],
): Promise<void> {
  const coll = model.collection;
  const existing = (await Promise.all(provinces.map((provinceCode) => coll.find({ provinceCode } as never, { projection: { _id: 1 } }).toArray()))).flat() as unknown as { _id: string }[];
  for (const b of existing) {
    if (!want.has(b._id)) await coll.updateOne({ _id: b._id } as never, { $set: { members: [] } });
  }
  for (const [id, b] of want) {
    await coll.updateOne({ _id: id } as never, { $set: { ...b.fields, members: [...new Set(b.members)].sort() } }, { upsert: true });
  }
}
