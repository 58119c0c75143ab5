/**
 * A few demo residents of the Hà Nội SOS children's village, so `npm start`
 * shows facility.hn@demo.vn a residents list: admitted before the hotline's
 * own records (their source case is a paper file, so the reference is one
 * and no case document exists). Idempotent (by admission key); the
 * facility's occupancy is rebuilt afterwards.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { TPersonGroup } from '@hotline/core';
import { PartnerModel } from '../models/partner';
import { ResidentModel, type ResidentDoc } from '../models/resident';
import { rebuildFacilityOccupancy } from '../repositories/facility-occupancy';

const DAY = 86_400_000;
const idOf = (key: string) => new Types.ObjectId(createHash('sha256').update(key).digest('hex').slice(0, 24));

const DEMO: Array<{ name: string; ageYears: number; gender: 'female' | 'male'; group: TPersonGroup; daysAgo: number; bed: string; decision: string }> = [
  { name: 'Bé Nguyễn An Nhiên', ageYears: 4, gender: 'female', group: 'child', daysAgo: 210, bed: 'Nhà 1 - P.02', decision: '45/QĐ-SOS' },
  { name: 'Bé Trần Minh Khôi', ageYears: 7, gender: 'male', group: 'child', daysAgo: 95, bed: 'Nhà 2 - P.01', decision: '112/QĐ-SOS' },
  { name: 'Bé Lê Thu Hà', ageYears: 11, gender: 'female', group: 'child', daysAgo: 40, bed: 'Nhà 3 - P.04', decision: '131/QĐ-SOS' },
  { name: 'Bé Phạm Gia Bảo', ageYears: 2, gender: 'male', group: 'child', daysAgo: 6, bed: 'Nhà 1 - P.05', decision: '140/QĐ-SOS' },
];

export async function seedDemoResidents(): Promise<number> {
  const home = await PartnerModel.findOne({ name: 'Làng trẻ em SOS Hà Nội', provinceCode: '01' }).lean();
  if (!home) return 0;
  const now = Date.now();
  for (const [i, r] of DEMO.entries()) {
    const admissionKey = `demo:${home._id.toHexString()}:${i}`;
    const admittedAt = new Date(now - r.daysAgo * DAY);
    const doc: Omit<ResidentDoc, '_id'> = {
      admissionKey, facilityId: home._id, provinceCode: '01', caseId: idOf(`${admissionKey}:case`), caseReference: `HN-2025-${String(900 + i).padStart(6, '0')}`,
      referralId: idOf(`${admissionKey}:referral`), subjectIndex: 0, name: r.name, ageYears: r.ageYears, gender: r.gender, group: r.group, admittedAt,
      legalBasis: 'Quyết định tiếp nhận đối tượng cần bảo vệ khẩn cấp (Nghị định 103/2017/NĐ-CP)', decisionNumber: r.decision, bed: r.bed,
      current: true, dischargedAt: null, dischargeReason: null, reunifiedAt: null, visits: [], visitsOpen: false, version: 1, createdAt: admittedAt, updatedAt: admittedAt,
    };
    await ResidentModel.updateOne({ admissionKey }, { $setOnInsert: { _id: idOf(admissionKey), ...doc } }, { upsert: true });
  }
  await rebuildFacilityOccupancy(home._id);
  return DEMO.length;
}
