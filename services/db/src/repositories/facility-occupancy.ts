/**
 * A facility's occupancy per group, kept with each admission and discharge
 * (see models/facility-occupancy.ts) so routing's free-bed check reads one
 * small document per facility instead of its residents.
 */
import type { Types } from 'mongoose';
import type { TPartnerView, TPersonGroup } from '@hotline/core';
import type { GroupCounts } from '../occupancy-beds';
import { toPartnerView } from '../views';
import { FacilityOccupancyModel } from '../models/facility-occupancy';
import { ResidentModel } from '../models/resident';
import { PartnerModel, type PartnerDoc } from '../models/partner';
import { findByIds } from './by-ids';

export type { GroupCounts } from '../occupancy-beds';
export { bedsWithOccupancy } from '../occupancy-beds';

const member = (group: TPersonGroup, residentId: Types.ObjectId) => `${group}|${residentId.toHexString()}`;

function countsOf(members: readonly string[]): Map<TPersonGroup, number> {
  const counts = new Map<TPersonGroup, number>();
  for (const m of members) {
    const g = m.slice(0, m.indexOf('|')) as TPersonGroup;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** The resident takes a bed of its group (idempotent). */
export async function addOccupant(facilityId: Types.ObjectId, group: TPersonGroup, residentId: Types.ObjectId): Promise<void> {
  await FacilityOccupancyModel.updateOne({ _id: facilityId.toHexString() }, { $addToSet: { members: member(group, residentId) }, $set: { updatedAt: new Date() } }, { upsert: true });
}

/** The resident's bed is free again (idempotent). */
export async function removeOccupant(facilityId: Types.ObjectId, group: TPersonGroup, residentId: Types.ObjectId): Promise<void> {
  await FacilityOccupancyModel.updateOne({ _id: facilityId.toHexString() }, { $pull: { members: member(group, residentId) }, $set: { updatedAt: new Date() } });
}

/** Residents per group of each facility (a facility with no document has none). */
export async function occupancyOf(facilityIds: readonly Types.ObjectId[]): Promise<Map<string, GroupCounts>> {
  const docs = await findByIds(FacilityOccupancyModel, facilityIds.map((id) => id.toHexString()));
  return new Map(docs.map((d) => [d._id, countsOf(d.members)]));
}

/** Recomputes a facility's occupancy from its current residents (repairs a crash between a resident write and its occupancy update). */
export async function rebuildFacilityOccupancy(facilityId: Types.ObjectId): Promise<GroupCounts> {
  const residents = await ResidentModel.find({ facilityId, current: true }, { _id: 1, group: 1 }).lean();
  const members = residents.map((r) => member(r.group, r._id));
  await FacilityOccupancyModel.updateOne({ _id: facilityId.toHexString() }, { $set: { members, updatedAt: new Date() } }, { upsert: true });
  return countsOf(members);
}

/**
 * The reconciler's repair: each facility of these provinces gets the members
 * its current residents say it has. The occupancy is read before the
 * residents, so a member added since (its resident was written first) is not
 * taken for a stray; a race with a discharge is put right by the next run.
 */
export async function repairFacilityOccupancy(provinces: readonly string[]): Promise<number> {
  let repaired = 0;
  for (const provinceCode of provinces) {
    const facilities = (await PartnerModel.find({ provinceCode }, { _id: 1, kind: 1 }).lean()).filter((p) => p.kind === 'facility');
    for (const f of facilities) {
      const stored = new Set((await FacilityOccupancyModel.findById(f._id.toHexString()).lean())?.members ?? []);
      const residents = await ResidentModel.find({ facilityId: f._id, current: true }, { _id: 1, group: 1 }).lean();
      const expected = new Set(residents.map((r) => member(r.group, r._id)));
      const missing = [...expected].filter((m) => !stored.has(m));
      const stray = [...stored].filter((m) => !expected.has(m));
      const _id = f._id.toHexString();
      // One value per write: the embedded database pulls by value, not by condition.
      for (const m of missing) await FacilityOccupancyModel.updateOne({ _id }, { $addToSet: { members: m }, $set: { updatedAt: new Date() } }, { upsert: true });
      for (const m of stray) await FacilityOccupancyModel.updateOne({ _id }, { $pull: { members: m }, $set: { updatedAt: new Date() } });
      if (missing.length || stray.length) repaired++;
    }
  }
  return repaired;
}

/** Partner views with their facilities' beds in use (one occupancy read per facility). */
export async function partnerViews(docs: readonly PartnerDoc[]): Promise<TPartnerView[]> {
  const occupancy = await occupancyOf(docs.filter((p) => p.kind === 'facility').map((p) => p._id));
  return docs.map((p) => toPartnerView(p, occupancy.get(p._id.toHexString())));
}
