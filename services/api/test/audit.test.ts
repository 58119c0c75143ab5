import { expect } from 'chai';
import { CommuneModel } from '@hotline/db';
import { apiStack, callBody, freshPhone } from './stack';

async function openCase(email: string, provinceCode: string, communeCode: string) {
  const c = await (await apiStack()).login(email);
  const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone() } }, { location: { provinceCode, communeCode } }));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { c, id: r.body.case.id as string };
}

type Entry = { action: string; actorId: string; targetId: string | null; provinceCode: string | null; at: string };

describe('audit log viewer', () => {
  it("shows an admin who read a case, newest first, filtered by case, action and user", async () => {
    const { c, id } = await openCase('counsellor.hn@demo.vn', '01', '00004');
    expect((await c.get(`/api/cases/${id}`)).status).to.equal(200);
    const me = (await c.get('/api/auth/me')).body.user.id as string;
    const admin = await (await apiStack()).login('admin@demo.vn');
    const byCase = await admin.get(`/api/audit?case=${id}`);
    expect(byCase.status, JSON.stringify(byCase.body)).to.equal(200);
    const actions = byCase.body.items.map((e: Entry) => e.action);
    expect(actions).to.include('case.read');
    expect(byCase.body.items.every((e: Entry) => e.targetId === id)).to.equal(true);
    const times = byCase.body.items.map((e: Entry) => e.at);
    expect(times).to.deep.equal([...times].sort().reverse());
    const reference = (await c.get(`/api/cases/${id}`)).body.reference as string;
    const byReference = await admin.get(`/api/audit?case=${reference}`);
    expect(byReference.body.items.length, 'the reference finds the same case').to.be.greaterThan(0);
    expect(byReference.body.items.every((e: Entry) => e.targetId === id)).to.equal(true);
    const reads = await admin.get(`/api/audit?case=${id}&action=case.read`);
    expect(reads.body.items.map((e: Entry) => e.action)).to.deep.equal(['case.read', 'case.read']);
    expect(reads.body.items[0].provinceCode).to.equal('01');
    const byUser = await admin.get(`/api/audit?user=${me}&action=case.read`);
    expect(byUser.body.items.some((e: Entry) => e.targetId === id)).to.equal(true);
    expect(byUser.body.items.every((e: Entry) => e.actorId === me)).to.equal(true);
    const byMonth = await admin.get('/api/audit?action=case.read&limit=200');
    expect(byMonth.body.items.some((e: Entry) => e.targetId === id)).to.equal(true);
  });

  it("keeps a manager to their provinces' entries and refuses counsellors and partners", async () => {
    const hn = await openCase('counsellor.hn@demo.vn', '01', '00004');
    const hcmCommune = (await CommuneModel.findOne({ provinceCode: '79' }).lean())!._id;
    const hcm = await openCase('counsellor.hcm@demo.vn', '79', hcmCommune);
    await hn.c.get(`/api/cases/${hn.id}`);
    await hcm.c.get(`/api/cases/${hcm.id}`);
    const manager = await (await apiStack()).login('manager.hn@demo.vn');
    const mine = await manager.get(`/api/audit?case=${hn.id}`);
    expect(mine.status).to.equal(200);
    expect(mine.body.items.length).to.be.greaterThan(0);
    const other = await manager.get(`/api/audit?case=${hcm.id}`);
    expect(other.body.items, "another province's entries").to.deep.equal([]);
    const all = await manager.get('/api/audit?limit=200');
    expect(all.body.items.every((e: Entry) => e.provinceCode === '01')).to.equal(true);
    expect((await hn.c.get('/api/audit')).status).to.equal(403);
    const partner = await (await apiStack()).login('collaborator.hn@demo.vn');
    expect((await partner.get('/api/audit')).status).to.equal(403);
    expect((await manager.get('/api/audit/verify')).status, 'verification is for admins').to.equal(403);
  });

  it('names the field of a bad filter (400)', async () => {
    const admin = await (await apiStack()).login('admin@demo.vn');
    const bad = await admin.get('/api/audit?case=nope');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.issues[0].path).to.equal('case');
    const reversed = await admin.get('/api/audit?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z');
    expect(reversed.status).to.equal(400);
    expect(reversed.body.error.issues[0].path).to.equal('from');
  });

  it('exports CSV, and the export is itself audited', async () => {
    const { c, id } = await openCase('counsellor.hn@demo.vn', '01', '00004');
    await c.get(`/api/cases/${id}`);
    const admin = await (await apiStack()).login('admin@demo.vn');
    const csv = await admin.get(`/api/audit/export.csv?case=${id}`);
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-type')).to.match(/text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).to.equal('at,actorId,actorRole,action,targetType,targetId,provinceCode,outcome,reason,requestId,ip');
    expect(lines.some((l) => l.includes(',case.read,case,' + id + ','))).to.equal(true);
    const exports = await admin.get('/api/audit?action=audit.export');
    expect(exports.body.items.length).to.be.greaterThan(0);
    expect(exports.body.items[0].actorRole).to.equal('admin');
  });

  it('verifies the chains of the whole log for an admin', async () => {
    const admin = await (await apiStack()).login('admin@demo.vn');
    const r = await admin.get('/api/audit/verify');
    expect(r.status).to.equal(200);
    expect(r.body.ok, JSON.stringify(r.body.problems)).to.equal(true);
    expect(r.body.entries).to.be.greaterThan(0);
  });
});
