/**
 * Counts kept as documents without transactions: a bucket document lists its
 * members' ids, and a count is the length of that list. Moving a member is two
 * idempotent writes (add it to the bucket it belongs in, pull it from every
 * other bucket: one indexed update by `members` equality), so running a move
 * again, or two moves racing, never counts a member twice once the last move
 * ran; the caller re-runs a move whenever the member changed meanwhile (the
 * case outbox relay and the deadline stats sweep do).
 */
import type { Model } from 'mongoose';

export interface BucketDoc {
  _id: string;
  members: string[];
}

/** Puts `memberId` in bucket `bucketId` (null: in none), creating the bucket with `fields`. */
export async function placeInBucket<T extends BucketDoc>(
  model: Model<T>,
  memberId: string,
  bucket: { id: string; fields: Omit<T, '_id' | 'members'> } | null,
): Promise<void> {
  const coll = model.collection;
  if (bucket) {
    await coll.updateOne(
      { _id: bucket.id } as never,
      { $addToSet: { members: memberId }, $setOnInsert: bucket.fields } as never,
      { upsert: true },
    );
  }
  await coll.updateMany(
    (bucket ? { members: memberId, _id: { $ne: bucket.id } } : { members: memberId }) as never,
    { $pull: { members: memberId } } as never,
  );
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
    if (!want.has(b._id)) await coll.updateOne({ _id: b._id } as never, { $set: { members: [] } } as never);
  }
  for (const [id, b] of want) {
    await coll.updateOne({ _id: id } as never, { $set: { ...b.fields, members: [...new Set(b.members)].sort() } } as never, { upsert: true });
  }
}
