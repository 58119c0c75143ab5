import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { CallModel, CaseModel } from '@hotline/db';
import { apiStack, callBody, freshPhone } from './stack';

describe('logging calls', () => {
  it('a call that opens a case answers 201 with the case reference, the stored case and its timeline', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone(), relationship: 'neighbour' } }));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body.case.reference).to.match(/^HN-\d{4}-\d{6}$/);
    expect(r.body.case).to.include({ status: 'new', category: 'child_abuse', riskLevel: 'high', provinceCode: '01' });
    expect(r.body.case.location.communeName).to.equal('Phường Ba Đình');
    expect(r.body.case.subjects[0]).to.include({ name: 'Bé A', group: 'child' });
    expect(r.body.call.caller.phone).to.match(/^\+849\d{8}$/);
    expect(r.body.call.caseId).to.equal(r.body.case.id);

    const got = await c.get(`/api/cases/${r.body.case.id}`);
    expect(got.status).to.equal(200);
    expect(got.body.reference).to.equal(r.body.case.reference);
    expect(got.body.timeline.map((e: { type: string }) => e.type)).to.include.members(['case.opened', 'call.logged']);
    const call = await c.get(`/api/calls/${r.body.call.id}`);
    expect(call.status).to.equal(200);
    expect(call.body.outcome).to.equal('case_opened');
  });

  it('stores the caller number sealed and hashed, never in clear', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', callBody({ caller: { phone: '0987 654 321', relationship: 'parent' } }));
    const raw = await CallModel.collection.findOne({ _id: new (await import('mongoose')).Types.ObjectId(r.body.call.id) });
    const stored = JSON.stringify(raw);
    expect(stored).not.to.contain('987654321');
    expect(raw?.caller.phoneMasked).to.equal('+84 98•••••21');
  });

  it('recognises a repeat caller: earlier calls and open cases come back with the new call', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const phone = freshPhone();
    const first = await c.post('/api/calls', callBody({ caller: { phone, relationship: 'self' } }));
    expect(first.body.callerHistory.previousCalls).to.have.length(0);
    const second = await c.post('/api/calls', { channel: 'phone', caller: { phone: `+84 ${phone.slice(1)}` }, outcome: 'information_only' });
    expect(second.status).to.equal(201);
    expect(second.body.case).to.equal(null);
    expect(second.body.callerHistory.previousCalls.map((x: { id: string }) => x.id)).to.deep.equal([first.body.call.id]);
    expect(second.body.callerHistory.openCases.map((x: { id: string }) => x.id)).to.deep.equal([first.body.case.id]);
    const lookup = await c.get(`/api/callers/lookup?phone=${encodeURIComponent(phone)}`);
    expect(lookup.status).to.equal(200);
    expect(lookup.body.previousCalls).to.have.length(2);
    expect(lookup.body.openCases[0].reference).to.equal(first.body.case.reference);
  });

  it('attaches a call to an existing case instead of opening another', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const opened = await c.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
    const before = await CaseModel.countDocuments();
    const attached = await c.post('/api/calls', { channel: 'phone', caller: { phone: freshPhone(), relationship: 'teacher' }, outcome: 'attached_to_case', caseId: opened.body.case.id, notes: 'Cô giáo gọi bổ sung' });
    expect(attached.status).to.equal(201);
    expect(attached.body.case.id).to.equal(opened.body.case.id);
    expect(attached.body.case.callIds).to.have.length(2);
    expect(await CaseModel.countDocuments()).to.equal(before);
    const timeline = (await c.get(`/api/cases/${opened.body.case.id}`)).body.timeline;
    expect(timeline.filter((e: { type: string }) => e.type === 'call.logged')).to.have.length(2);
  });

  it('a double submit of the same draft (clientRequestId) logs one call and one case', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const clientRequestId = randomUUID();
    const body = callBody({ caller: { phone: freshPhone() }, clientRequestId });
    const [a, b] = await Promise.all([c.post('/api/calls', body), c.post('/api/calls', body)]);
    const again = await c.post('/api/calls', body);
    expect([a.status, b.status].sort()).to.deep.equal([200, 201]);
    expect(again.status).to.equal(200);
    expect(new Set([a.body.case.id, b.body.case.id, again.body.case.id]).size).to.equal(1);
    expect(await CallModel.countDocuments({ intakeKey: clientRequestId })).to.equal(1);
    expect(await CaseModel.countDocuments({ intakeKey: clientRequestId })).to.equal(1);
  });

  it('refuses a commune that is not in the province, naming the field, and writes nothing', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const before = [await CaseModel.countDocuments(), await CallModel.countDocuments()];
    const r = await c.post('/api/calls', callBody({}, { location: { provinceCode: '01', communeCode: '26734' } }));
    expect(r.status).to.equal(400);
    expect(r.body.error.issues[0].path).to.equal('case.location.communeCode');
    expect([await CaseModel.countDocuments(), await CallModel.countDocuments()]).to.deep.equal(before);
  });

  it('a counsellor cannot open a case in a province outside theirs', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', callBody({}, { location: { provinceCode: '79' } }));
    expect(r.status).to.equal(403);
    expect(r.body.error.issues[0].path).to.equal('case.location.provinceCode');
  });
});
