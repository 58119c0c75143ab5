/**
 * Facility residents end to end: real workers, Redis and database. Province
 * 01's demo partners are paused; two test facilities (each with its own
 * console user) take the cases. Admission takes a bed (routing then excludes
 * the full facility), discharge frees it, access stays with the facility and
 * the province's staff, and reunification plans follow-up visits as SLA
 * deadlines whose timers remind and breach like every other deadline.
 */
import { expect } from 'chai';
import { addVietnamMonths } from '@hotline/core';
import { CaseModel, DeadlineModel, loadOfficialCommunes, PartnerModel, ReferralModel, TimelineEventModel } from '@hotline/db';
import { repairResidentVisitDeadlines } from '@hotline/referrals';
import { HttpClient, waitFor, WorkerProcess, type TestStack } from '@hotline/testing';
import { freshPhone, workersStack } from './stack';

const communes = loadOfficialCommunes().filter((w) => w.province_code === '01').map((w) => w.ward_code);
const COMMUNE = communes[30]!;

describe('facility residents: admission, free beds, access, reunification visits', function () {
  let stack: TestStack;
  let admin: HttpClient;
  let counsellor: HttpClient;
  let supervisor: HttpClient;
  let home: HttpClient;
  let otherHome: HttpClient;
  let workers: WorkerProcess;
  const ids: Record<string, string> = {};
  const cases: Record<string, { id: string; reference: string }> = {};

  const openCase = async (name: string, consent = true) => {
    const r = await counsellor.post('/api/calls', {
      channel: 'phone',
      caller: { phone: freshPhone(), relationship: 'neighbour' },
      outcome: 'case_opened',
      case: { category: 'abandoned_child', riskLevel: 'high', subjects: [{ name, ageYears: 4, gender: 'female' }], location: { provinceCode: '01', communeCode: COMMUNE }, summary: 'Trẻ bị bỏ rơi trước cổng chợ', ...(consent ? { consent: { given: true } } : {}) },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body.case as { id: string; reference: string };
  };
  const referralTo = (caseId: string, partnerId: string) =>
    waitFor('a referral to the facility', async () => {
      const [r, c] = await Promise.all([ReferralModel.findOne({ caseId, partnerId, status: 'offered' }).lean(), CaseModel.findById(caseId).lean()]);
      return r && c?.status === 'referred' ? r : null;
    });
  const facilityWithUser = async (key: string, categories: string[], beds: number) => {
    const p = await admin.post('/api/partners', {
      name: `Test facility ${key}`, kind: 'facility', type: 'childrens_home', phones: [`+8409${String(Date.now()).slice(-8)}`], categories,
      area: { provinceCode: '01', communeCodes: [] }, capacity: { beds: [{ group: 'child', beds }] }, channels: ['sms'],
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    const email = `facility.${key}.${Date.now()}@test.vn`;
    const u = await admin.post('/api/users', { email, name: `Cán bộ ${key}`, role: 'collaborator', provinces: ['01'], partnerId: p.body.id, password: 'facility-pass-1234' });
    expect(u.status, JSON.stringify(u.body)).to.equal(201);
    const client = new HttpClient(stack.baseUrl);
    expect((await client.post('/api/auth/login', { email, password: 'facility-pass-1234' })).status).to.equal(200);
    return { id: p.body.id as string, client };
  };
  const bedsInUse = async (id: string) => (await admin.get(`/api/partners/${id}`)).body.capacity.bedsInUse as number;

  before(async () => {
    stack = await workersStack();
    admin = await stack.login('admin@demo.vn');
    counsellor = await stack.login('counsellor.hn@demo.vn');
    supervisor = await stack.login('supervisor.hn@demo.vn');
    await PartnerModel.updateMany({ provinceCode: '01' }, { $set: { paused: true } });
    const a = await facilityWithUser('a', ['abandoned_child'], 1);
    const b = await facilityWithUser('b', ['elderly_without_support'], 5);
    ids.home = a.id;
    home = a.client;
    ids.other = b.id;
    otherHome = b.client;
    workers = await stack.startWorkers();
  });
  after(async () => {
    await workers?.stop('SIGTERM');
    await PartnerModel.updateMany({ provinceCode: '01', name: { $not: /^Test facility/ } }, { $set: { paused: false } });
    await PartnerModel.updateMany({ name: /^Test facility/ }, { $set: { active: false } });
  });

  it('admitting takes the last child bed: the next child is unroutable (no free bed); after discharge the facility is a candidate again; admission is idempotent', async () => {
    cases.first = await openCase('Bé Na');
    const offer = await referralTo(cases.first.id, ids.home!);
    const acc = await home.post(`/api/referrals/${offer._id.toHexString()}/accept`, {});
    expect(acc.status, JSON.stringify(acc.body)).to.equal(200);
    ids.firstReferral = offer._id.toHexString();

    const draft = await home.get(`/api/referrals/${ids.firstReferral}/admission`);
    expect(draft.status).to.equal(200);
    expect(draft.body.subjects[0]).to.include({ name: 'Bé Na', group: 'child', residentId: null });

    const body = { referralId: ids.firstReferral, legalBasis: 'Quyết định tiếp nhận trẻ bị bỏ rơi', decisionNumber: '12/QĐ-TTCTXH', bed: 'P1-02' };
    const admitted = await home.post('/api/residents', body);
    expect(admitted.status, JSON.stringify(admitted.body)).to.equal(201);
    expect(admitted.body).to.include({ name: 'Bé Na', group: 'child', bed: 'P1-02', current: true, caseReference: cases.first.reference, facilityId: ids.home });
    ids.first = admitted.body.id;
    const again = await home.post('/api/residents', body);
    expect(again.status).to.equal(200);
    expect(again.body.id).to.equal(ids.first);
    expect(await bedsInUse(ids.home!)).to.equal(1);

    cases.second = await openCase('Bé Mai', false);
    const unroutable = await waitFor('the second case unroutable', async () => {
      const c = await CaseModel.findById(cases.second!.id).lean();
      return c?.routingState === 'unroutable' ? c : null;
    });
    expect(unroutable.routingState).to.equal('unroutable');
    // Every other partner handling the category is paused: the full facility was the one left, and it was excluded.
    const event = await waitFor('the unroutable event', async () => TimelineEventModel.findOne({ caseId: cases.second!.id, type: 'routing.unroutable' }).lean());
    expect(event.data.cause).to.equal('every_partner_excluded');

    const discharged = await home.post(`/api/residents/${ids.first}/discharge`, { reason: 'transferred', note: 'Chuyển cơ sở chuyên biệt' });
    expect(discharged.status, JSON.stringify(discharged.body)).to.equal(200);
    expect(discharged.body).to.include({ current: false, dischargeReason: 'transferred' });
    expect(await bedsInUse(ids.home!)).to.equal(0);

    expect((await supervisor.post(`/api/cases/${cases.second.id}/reroute`, {})).status).to.equal(202);
    const offer2 = await referralTo(cases.second.id, ids.home!);
    expect(offer2.round).to.equal(2);
    expect((await home.post(`/api/referrals/${offer2._id.toHexString()}/accept`, {})).status).to.equal(200);
    ids.secondReferral = offer2._id.toHexString();
  });

  it('access: only the facility admits; another facility and another province see nothing; staff of the province read but do not discharge', async () => {
    const collaborator = await stack.login('collaborator.hn@demo.vn');
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    const body = { referralId: ids.secondReferral, legalBasis: 'Quyết định tiếp nhận' };
    expect((await collaborator.post('/api/residents', body)).status, 'a collaborator not of the facility').to.equal(403);
    expect((await otherHome.post('/api/residents', body)).status, 'another facility').to.equal(403);
    expect((await counsellor.post('/api/residents', body)).status, 'staff do not admit').to.equal(403);

    // The second case has no consent to share names: the prefill withholds the name, and the facility records the one it is told.
    expect((await home.get(`/api/referrals/${ids.secondReferral}/admission`)).body.subjects[0]).to.include({ name: null, group: 'child' });
    const admitted = await home.post('/api/residents', { ...body, bed: 'P1-03', admittedAt: addVietnamMonths(new Date(), -2).toISOString() });
    expect(admitted.status).to.equal(201);
    expect(admitted.body.name, "no consent: the case's name is not passed on").to.equal(null);
    ids.second = admitted.body.id;

    for (const [who, client] of [['other facility', otherHome], ['other province', hcm], ['collaborator', collaborator]] as const) {
      expect((await client.get(`/api/facilities/${ids.home}/residents`)).status, who).to.equal(404);
      expect((await client.get(`/api/residents/${ids.second}`)).status, who).to.equal(404);
      expect((await client.post(`/api/residents/${ids.second}/notes`, { text: 'x' })).status, who).to.equal(404);
    }
    const own = await home.get(`/api/facilities/${ids.home}/residents`);
    expect(own.body.items.map((r: any) => r.id)).to.deep.equal([ids.second]);
    const staff = await counsellor.get(`/api/facilities/${ids.home}/residents?status=all`);
    expect(staff.status).to.equal(200);
    expect(staff.body.items.map((r: any) => r.id).sort()).to.deep.equal([ids.first, ids.second].sort());
    expect((await counsellor.get(`/api/residents/${ids.second}`)).status).to.equal(200);
    expect((await counsellor.post(`/api/residents/${ids.second}/discharge`, { reason: 'other' })).status, 'a counsellor does not discharge').to.equal(403);
  });

  it('bad input is a 400 naming the field; care notes and tracing steps are on the timeline; a discharge reason once given stays', async () => {
    const issues = (r: any) => (r.body.error?.issues ?? r.body.issues ?? []).map((i: any) => i.path).join(',');
    const bad = await home.post('/api/residents', { referralId: ids.secondReferral, legalBasis: '  ' });
    expect(bad.status).to.equal(400);
    expect(issues(bad)).to.contain('legalBasis');
    const badIndex = await home.post('/api/residents', { referralId: ids.secondReferral, legalBasis: 'QĐ', subjectIndex: 4 });
    expect(badIndex.status).to.equal(400);
    expect(issues(badIndex)).to.contain('subjectIndex');
    const badReason = await home.post(`/api/residents/${ids.second}/discharge`, { reason: 'ran_away' });
    expect(badReason.status).to.equal(400);
    expect(issues(badReason)).to.contain('reason');

    expect((await home.post(`/api/residents/${ids.second}/notes`, { text: 'Bé ăn ngủ tốt, đã khám sức khỏe' })).status).to.equal(201);
    for (const step of ['family_identified', 'contacted', 'assessment', 'visit']) {
      expect((await home.post(`/api/residents/${ids.second}/tracing`, { step })).status, step).to.equal(201);
    }
    const detail = (await home.get(`/api/residents/${ids.second}`)).body;
    expect(detail.timeline.map((e: any) => e.type)).to.deep.equal(['admitted', 'care_note', 'tracing', 'tracing', 'tracing', 'tracing']);
    expect(detail.timeline.filter((e: any) => e.type === 'tracing').map((e: any) => e.data.step)).to.deep.equal(['family_identified', 'contacted', 'assessment', 'visit']);
    const again = await home.post(`/api/residents/${ids.first}/discharge`, { reason: 'adopted' });
    expect(again.status, 'the first resident was discharged as transferred').to.equal(409);
  });

  it('reunification plans visits at 1, 3 and 6 months as deadlines: the due one reminds and breaches through the SLA timers; a visit done closes its deadline', async () => {
    // Reunified a month ago, to a few seconds: the 1-month visit is due now.
    const reunifiedAt = addVietnamMonths(new Date(Date.now() + 6000), -1);
    const r = await home.post(`/api/residents/${ids.second}/reunification`, { reunifiedAt: reunifiedAt.toISOString() });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.visits.map((v: any) => v.month)).to.deep.equal([1, 3, 6]);
    const key = (m: number) => `reunification:${ids.second}:m${m}`;
    const deadlines = await DeadlineModel.find({ caseId: cases.second!.id, kind: 'reunification_visit' }).lean();
    expect(deadlines.map((d) => d.key).sort()).to.deep.equal([key(1), key(3), key(6)]);
    expect(deadlines.every((d) => d.referralId?.toHexString() === ids.secondReferral)).to.equal(true);

    const reminder = await waitFor('the visit reminder', async () =>
      TimelineEventModel.findOne({ caseId: cases.second!.id, type: 'sla.reminder', 'data.key': key(1) }).lean(), 30_000);
    expect(reminder.data).to.include({ kind: 'reunification_visit', audience: 'partner' });
    const breached = await waitFor('the visit breached', async () => {
      const d = await DeadlineModel.findOne({ caseId: cases.second!.id, key: key(1) }).lean();
      return d?.state === 'breached' ? d : null;
    }, 30_000);
    expect(breached.breachedAt).to.be.instanceOf(Date);
    await waitFor('the breach on the case timeline', async () => TimelineEventModel.findOne({ caseId: cases.second!.id, type: 'sla.breached', 'data.key': key(1) }).lean());
    const m3 = await DeadlineModel.findOne({ caseId: cases.second!.id, key: key(3) }).lean();
    expect(m3).to.include({ state: 'pending', timed: true });

    for (const month of [1, 3]) {
      const v = await home.post(`/api/residents/${ids.second}/visits`, { month });
      expect(v.status, JSON.stringify(v.body)).to.equal(200);
      expect(v.body.visits.find((x: any) => x.month === month).doneAt).to.be.a('string');
    }
    const after = new Map((await DeadlineModel.find({ caseId: cases.second!.id, kind: 'reunification_visit' }).lean()).map((d) => [d.key, d]));
    expect(after.get(key(1))).to.include({ state: 'met', timed: false });
    expect(after.get(key(3))).to.include({ state: 'met', timed: false });
    expect(after.get(key(6))).to.include({ state: 'pending' });

    // A crash after the resident's write and before its deadlines: the reconciler's repair writes the missing one back.
    await DeadlineModel.deleteOne({ _id: after.get(key(6))!._id });
    expect(await repairResidentVisitDeadlines(stack.api.deps.referrals)).to.equal(1);
    expect(await DeadlineModel.findOne({ caseId: cases.second!.id, key: key(6) }).lean()).to.include({ state: 'pending', timed: true });
    expect(await repairResidentVisitDeadlines(stack.api.deps.referrals), 'nothing left to repair').to.equal(0);

    // Discharge as reunified; the case's own deadline sync (a status change) leaves the visits alone.
    expect((await home.post(`/api/residents/${ids.second}/discharge`, { reason: 'reunified' })).status).to.equal(200);
    expect((await supervisor.post(`/api/cases/${cases.second!.id}/status`, { to: 'closed', reason: 'Trẻ đã về với gia đình' })).status).to.be.oneOf([200, 409]);
    await new Promise((res) => setTimeout(res, 500));
    expect((await DeadlineModel.findOne({ caseId: cases.second!.id, key: key(6) }).lean())?.state).to.equal('pending');
  });
});
