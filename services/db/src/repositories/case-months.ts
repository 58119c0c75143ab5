/**
 * Paging cases newest-first one month at a time: every filter the list sends
 * is a top-level equality (served by an index on MongoDB and on the embedded
 * database), and each read is bounded by one month of one province's cases.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { CaseMonthsModel } from '../models/case-month';

const ALL = 'all';

/** UTC month (YYYY-MM) of an ObjectId's timestamp. */
export function monthOfId(id: Types.ObjectId): string {
  return id.getTimestamp().toISOString().slice(0, 7);
}

/** A new, unique ObjectId whose timestamp is `at` (imports and seeds of past cases). */
export function objectIdAt(at: Date): Types.ObjectId {
  const secs = Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0');
  return new Types.ObjectId(secs + randomBytes(8).toString('hex'));
}

/** Records that `month` has cases of `provinceCode` (idempotent; before the case is written). */
export async function recordCaseMonth(provinceCode: string, month: string): Promise<void> {
  await Promise.all(
    [provinceCode, ALL].map((_id) => CaseMonthsModel.collection.updateOne({ _id } as never, { $addToSet: { months: month } }, { upsert: true })),
  );
}

/** Months with cases in any of `provinces` (null: all), newest first. */
export async function caseMonths(provinces: string[] | null): Promise<string[]> {
  const docs = await Promise.all((provinces ?? [ALL]).map((_id) => CaseMonthsModel.findById(_id).lean()));
  return [...new Set(docs.flatMap((d) => d?.months ?? []))].sort().reverse();
}

/** Rebuilds the month lists from the cases' ids (after an import that bypassed `recordCaseMonth`). */
export async function rebuildCaseMonths(rows: { provinceCode: string; createdMonth: string }[]): Promise<void> {
  const byProvince = new Map<string, Set<string>>([[ALL, new Set()]]);
  for (const r of rows) {
    byProvince.get(ALL)!.add(r.createdMonth);
    const set = byProvince.get(r.provinceCode) ?? new Set<string>();
    set.add(r.createdMonth);
    byProvince.set(r.provinceCode, set);
  }
  for (const [_id, months] of byProvince) {
    await CaseMonthsModel.collection.updateOne({ _id } as never, { $addToSet: { months: { $each: [...months] } } }, { upsert: true });
  }
}
