/**
 * Residents in the database: discharge by each reason frees the bed once,
 * occupancy is rebuilt from the residents, the report figures per facility ×
 * group equal a count made by hand, and access is decided in the calls.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { DISCHARGE_REASONS, type TSessionUser } from '@hotline/core';
import {
  addOccupant, dischargeResident, repairFacilityOccupancy, FacilityOccupancyModel, listFacilityResidents, occupancyOf, PartnerModel, rebuildFacilityOccupancy, residentDetail,
  residentFiguresForReport, ResidentModel, type ResidentDoc,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const uri = testSettings('db-residents').mongodbUri;
const DAY = 24 * 3600_000;
const user = (over: Partial<TSessionUser>): TSessionUser =>
  ({ id: new Types.ObjectId().toHexString(), name: 'Test', email: 't@test.vn', role: 'admin', provinces: [], allProvinces: true, partnerId: null, ...over });

describe('residents (database)', function () {
  useFreshDatabase(uri);
  const facility = { _id: new Types.ObjectId(), province: '01' };
  const otherProvince = { _id: new Types.ObjectId(), province: '79' };
  const admin = user({});
  const jan = new Date('2026-01-01T00:00:00+07:00');
  const feb = new Date('2026-02-01T00:00:00+07:00');

  const resident = async (f: { _id: Types.ObjectId; province: string }, group: 'child' | 'elderly', admittedAt: Date): Promise<ResidentDoc> => {
    const _id = new Types.ObjectId();
    const doc: ResidentDoc = {
      _id, admissionKey: `${_id.toHexString()}:0`, facilityId: f._id, provinceCode: f.province, caseId: new Types.ObjectId(), caseReference: 'HN-2026-000001',
      referralId: new Types.ObjectId(), subjectIndex: 0, name: 'Bé Test', ageYears: 5, gender: 'female', group, admittedAt, legalBasis: 'QĐ', decisionNumber: null,
      bed: null, current: true, dischargedAt: null, dischargeReason: null, reunifiedAt: null, visits: [], visitsOpen: false, version: 1, createdAt: admittedAt, updatedAt: admittedAt,
    };
    await ResidentModel.collection.insertOne(doc);
    await addOccupant(f._id, group, _id);
    return doc;
  };

  before(async () => {
    for (const f of [facility, otherProvince]) {
      await PartnerModel.create({
        _id: f._id, name: `Cơ sở ${f.province}`, kind: 'facility', type: 'childrens_home', phones: ['+84090000001'], categories: ['abandoned_child'],
        area: { provinceCode: f.province, communeCodes: [] }, provinceCode: f.province, capacity: { beds: [{ group: 'child', beds: 20 }, { group: 'elderly', beds: 5 }] },
        channels: ['sms'],
      });
    }
  });

  it('each discharge reason frees one bed, once; the figures count admissions, discharges by reason, people cared for and current residents per facility × group', async () => {
    const before = await resident(facility, 'child', new Date(jan.getTime() - 40 * DAY));
    const children = await Promise.all(DISCHARGE_REASONS.map((_, i) => resident(facility, 'child', new Date(jan.getTime() + (i + 1) * DAY))));
    await resident(facility, 'elderly', new Date(jan.getTime() + 3 * DAY));
    await resident(otherProvince, 'child', new Date(jan.getTime() + 3 * DAY));
    expect((await occupancyOf([facility._id])).get(facility._id.toHexString())?.get('child')).to.equal(7);

    for (const [i, reason] of DISCHARGE_REASONS.entries()) {
      const r = await dischargeResident(admin, children[i]!._id.toHexString(), { reason, at: new Date(jan.getTime() + 20 * DAY).toISOString() });
      expect(r).to.include({ current: false, dischargeReason: reason });
      // Again with the same reason: nothing changes.
      await dischargeResident(admin, children[i]!._id.toHexString(), { reason });
    }
    expect((await occupancyOf([facility._id])).get(facility._id.toHexString())?.get('child')).to.equal(1);
    const detail = await residentDetail(admin, children[0]!._id.toHexString());
    expect(detail.timeline.filter((e) => e.type === 'discharged')).to.have.length(1);

    const figures = await residentFiguresForReport(['01'], { from: jan, to: feb });
    const row = (group: string) => figures.find((f) => f.facilityId === facility._id.toHexString() && f.group === group);
    expect(figures.every((f) => f.provinceCode === '01'), 'another province is out of scope').to.equal(true);
    expect(row('child')).to.deep.include({
      admitted: 6, caredFor: 7, current: 1, reunified: 0,
      discharged: { reunified: 1, transferred: 1, independent_living: 1, adopted: 1, deceased: 1, other: 1 },
    });
    expect(row('elderly')).to.deep.include({ admitted: 1, caredFor: 1, current: 1 });
    // December: no admission in it; the resident admitted in November was cared for.
    const december = await residentFiguresForReport(null, { from: new Date(jan.getTime() - 31 * DAY), to: jan });
    expect(december.find((f) => f.facilityId === facility._id.toHexString() && f.group === 'child')).to.deep.include({ admitted: 0, caredFor: 1, current: 1 });
    expect(december.some((f) => f.provinceCode === '79'), 'null scope is every province').to.equal(true);
    expect(before.current).to.equal(true);
  });

  it("the reconciler's repair puts back a member a crash lost and drops one a crash left", async () => {
    const id = facility._id.toHexString();
    const before = (await FacilityOccupancyModel.findById(id).lean())!.members;
    const stray = `child|${new Types.ObjectId().toHexString()}`;
    await FacilityOccupancyModel.updateOne({ _id: id }, { $set: { members: [...before.slice(1), stray] } });
    expect(await repairFacilityOccupancy(['01'])).to.equal(1);
    expect((await FacilityOccupancyModel.findById(id).lean())!.members.sort()).to.deep.equal([...before].sort());
    expect(await repairFacilityOccupancy(['01']), 'nothing left to repair').to.equal(0);
  });

  it('occupancy is rebuilt from the current residents after a crash left it behind', async () => {
    await FacilityOccupancyModel.deleteOne({ _id: facility._id.toHexString() });
    expect((await occupancyOf([facility._id])).get(facility._id.toHexString())).to.equal(undefined);
    const counts = await rebuildFacilityOccupancy(facility._id);
    expect(Object.fromEntries(counts)).to.deep.equal({ child: 1, elderly: 1 });
  });

  it("access: the facility's own user and the province's staff; not another facility, not another province", async () => {
    const own = user({ role: 'collaborator', partnerId: facility._id.toHexString(), allProvinces: false, provinces: ['01'] });
    const other = user({ role: 'collaborator', partnerId: otherProvince._id.toHexString(), allProvinces: false, provinces: ['79'] });
    const staff01 = user({ role: 'counsellor', allProvinces: false, provinces: ['01'] });
    const staff79 = user({ role: 'supervisor', allProvinces: false, provinces: ['79'] });
    expect((await listFacilityResidents(own, facility._id.toHexString(), 'current')).items).to.have.length(2);
    expect((await listFacilityResidents(staff01, facility._id.toHexString(), 'all')).items).to.have.length(8);
    for (const u of [other, staff79]) {
      let status = 0;
      await listFacilityResidents(u, facility._id.toHexString(), 'current').catch((e) => (status = e.status));
      expect(status).to.equal(404);
    }
    const anyResident = (await ResidentModel.findOne({ facilityId: facility._id, current: true }).lean())!;
    let status = 0;
    await dischargeResident(staff01, anyResident._id.toHexString(), { reason: 'other' }).catch((e) => (status = e.status));
    expect(status, 'a counsellor reads but does not discharge').to.equal(403);
  });
});
