/**
 * Reads by a set of ids, or over a set of provinces, as one indexed equality
 * per value. `{_id: {$in: ids}}` and `{provinceCode: {$in: codes}}` are what
 * MongoDB serves from an index but the embedded database answers by reading
 * the whole collection; equalities are served by an index on both.
 */
import type { Model, Types } from 'mongoose';

export async function findByIds<T>(model: Model<T>, ids: readonly (Types.ObjectId | string)[], projection?: Record<string, 0 | 1>): Promise<T[]> {
  const unique = [...new Set(ids.map(String))];
  const docs = await Promise.all(unique.map((id) => model.findById(id, projection).lean<T>()));
  return docs.filter((d): d is NonNullable<typeof d> => d !== null);
}

/** Runs `read` once per value (null: once, unfiltered by it) and joins the results. */
export async function forEachValue<T, V>(values: readonly V[] | null, read: (value: V | null) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all((values ?? [null]).map((v) => read(v)))).flat();
}

/** Newest first by ObjectId, then cut to a page of `limit` (+ the next cursor). */
export function newestPage<T extends { _id: Types.ObjectId }>(rows: T[], limit: number, before?: string): { items: T[]; nextCursor: string | null } {
  const sorted = rows.filter((r) => !before || r._id.toHexString() < before).sort((a, b) => b._id.toHexString().localeCompare(a._id.toHexString()));
  const items = sorted.slice(0, limit);
  return { items, nextCursor: sorted.length > limit ? (items[items.length - 1]?._id.toHexString() ?? null) : null };
}
