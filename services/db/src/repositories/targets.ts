/** Yearly targets per province (hotline figures) and per facility × resident group. */
import type { TTargetInput } from '@hotline/core';
import { TargetModel, type TargetDoc } from '../models/target';
import { forEachValue } from './by-ids';

export const targetId = (t: Pick<TTargetInput, 'year' | 'provinceCode' | 'figure' | 'facilityId' | 'group'>) =>
  `${t.year}|${t.provinceCode}|${t.figure}|${t.facilityId ?? '-'}|${t.group ?? '-'}`;

/** Sets (or replaces) one target; idempotent by its key. */
export async function saveTarget(input: TTargetInput, updatedBy: string | null): Promise<TargetDoc> {
  const doc: TargetDoc = { _id: targetId(input), ...input, updatedBy, updatedAt: new Date() };
  await TargetModel.collection.replaceOne({ _id: doc._id } as never, doc, { upsert: true });
  return doc;
}

/** The year's targets of `provinces` (null: every province with targets is not listed; pass the codes). */
export async function targetsOf(provinces: readonly string[], year: number): Promise<TargetDoc[]> {
  const rows = await forEachValue(provinces, (provinceCode) => TargetModel.find({ provinceCode, year }).lean<TargetDoc[]>());
  return rows.sort((a, b) => a._id.localeCompare(b._id));
}
