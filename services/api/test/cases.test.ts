import { expect } from 'chai';
import { apiStack, callBody, freshPhone } from './stack';

async function openCase(email = 'counsellor.hn@demo.vn', caseOver: Record<string, unknown> = {}) {
  const stack = await apiStack();
  const c = await stack.login(email);
  const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone() } }, caseOver));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { c, kase: r.body.case as { id: string; reference: string; status: string } };
}

describe('cases', () => {
  it('an illegal status transition answers 409 and changes nothing', async () => {
    const { c, kase } = await openCase();
    const r = await c.post(`/api/cases/${kase.id}/status`, { to: 'accepted' });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('illegal_transition');
    const after = await c.get(`/api/cases/${kase.id}`);
    expect(after.body.status).to.be.oneOf(['new', 'triaged']);
    expect(after.body.timeline.some((e: { type: string }) => e.type === 'case.status_changed')).to.equal(false);
  });

  it('moves along the lifecycle, requires a reason to close, and reopens', async () => {
    const { c, kase } = await openCase();
    const step = (to: string, reason?: string) => c.post(`/api/cases/${kase.id}/status`, { to, ...(reason ? { reason } : {}) });
    const current = (await c.get(`/api/cases/${kase.id}`)).body.status;
    if (current === 'new') expect((await step('triaged')).status).to.equal(200);
    expect((await step('in_progress')).status).to.equal(200);
    const noReason = await step('closed');
    expect(noReason.status).to.equal(400);
    expect(noReason.body.error.issues[0].path).to.equal('reason');
    expect((await step('closed', 'Trẻ đã về với ông bà')).body.status).to.equal('closed');
    expect((await step('triaged', 'Hàng xóm báo lại')).body.status).to.equal('triaged');
    const types = (await c.get(`/api/cases/${kase.id}`)).body.timeline.map((e: { type: string }) => e.type);
    expect(types).to.include('case.reopened');
  });

  it('a counsellor of another province cannot read or change the case (404)', async () => {
    const { kase } = await openCase();
    const stack = await apiStack();
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    expect((await hcm.get(`/api/cases/${kase.id}`)).status).to.equal(404);
    expect((await hcm.patch(`/api/cases/${kase.id}`, { riskLevel: 'low' })).status).to.equal(404);
    expect((await hcm.post(`/api/cases/${kase.id}/status`, { to: 'closed', reason: 'x' })).status).to.equal(404);
    expect((await hcm.post(`/api/cases/${kase.id}/notes`, { text: 'x' })).status).to.equal(404);
    const list = await hcm.get('/api/cases?province=01');
    expect(list.body.items).to.deep.equal([]);
    const admin = await stack.login('admin@demo.vn');
    expect((await admin.get(`/api/cases/${kase.id}`)).status).to.equal(200);
  });

  it('a collaborator cannot read a case that was not referred to them', async () => {
    const { kase } = await openCase();
    const stack = await apiStack();
    const collab = await stack.login('collaborator.hn@demo.vn');
    expect((await collab.get(`/api/cases/${kase.id}`)).status).to.equal(404);
  });

  it('triage changes are recorded on the timeline and a stale If-Match is refused', async () => {
    const { c, kase } = await openCase();
    const v = (await c.get(`/api/cases/${kase.id}`)).body.version;
    const ok = await c.patch(`/api/cases/${kase.id}`, { riskLevel: 'emergency', subCategories: ['physical_violence'] }, { 'if-match': String(v) });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.riskLevel).to.equal('emergency');
    const stale = await c.patch(`/api/cases/${kase.id}`, { riskLevel: 'low' }, { 'if-match': String(v) });
    expect(stale.status).to.equal(409);
    const got = (await c.get(`/api/cases/${kase.id}`)).body;
    expect(got.riskLevel).to.equal('emergency');
    const update = got.timeline.find((e: { type: string }) => e.type === 'case.updated');
    expect(update.data.fields).to.include.members(['riskLevel', 'subCategories']);
  });

  it('only supervisors reassign a case to someone else', async () => {
    const { c, kase } = await openCase();
    const stack = await apiStack();
    const supervisor = await stack.login('supervisor.hn@demo.vn');
    const supId = (await supervisor.get('/api/auth/me')).body.user.id;
    expect((await c.patch(`/api/cases/${kase.id}`, { assignedCounsellorId: supId })).status).to.equal(403);
    const hcmId = (await (await stack.login('counsellor.hcm@demo.vn')).get('/api/auth/me')).body.user.id;
    const wrongProvince = await supervisor.patch(`/api/cases/${kase.id}`, { assignedCounsellorId: hcmId });
    expect(wrongProvince.status).to.equal(400);
    expect(wrongProvince.body.error.issues[0].path).to.equal('assignedCounsellorId');
    expect((await supervisor.patch(`/api/cases/${kase.id}`, { assignedCounsellorId: supId })).body.assignedCounsellorId).to.equal(supId);
  });

  it('notes land on the timeline', async () => {
    const { c, kase } = await openCase();
    const r = await c.post(`/api/cases/${kase.id}/notes`, { text: 'Đã gọi lại cho người báo tin', kind: 'contact_attempt' });
    expect(r.status).to.equal(201);
    expect(r.body.event).to.include({ type: 'case.note_added', caseId: kase.id });
    const timeline = (await c.get(`/api/cases/${kase.id}`)).body.timeline;
    expect(timeline.at(-1).data).to.deep.include({ kind: 'contact_attempt', text: 'Đã gọi lại cho người báo tin' });
  });

  it('lists cases with filters and cursor pages, newest first, within the user’s provinces', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) opened.push((await openCase('counsellor.hn@demo.vn', { category: 'elderly_without_support', riskLevel: 'low', subjects: [{ ageYears: 81 }] })).kase.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: { items: { id: string; category: string }[]; nextCursor: string | null } } = await c.get(`/api/cases?category=elderly_without_support&riskLevel=low&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).to.equal(200);
      expect(r.body.items.length).to.be.at.most(2);
      for (const it of r.body.items) expect(it.category).to.equal('elderly_without_support');
      seen.push(...r.body.items.map((x) => x.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 5)).to.deep.equal([...opened].reverse());
    expect((await c.get('/api/cases?status=bogus')).status).to.equal(400);
  });

  it('queue summary counts open cases by status, category and risk in the user’s provinces only', async () => {
    const stack = await apiStack();
    const hn = await stack.login('manager.hn@demo.vn');
    const before = (await hn.get('/api/queues/summary')).body;
    await openCase('counsellor.hn@demo.vn', { category: 'mental_illness', riskLevel: 'medium' });
    const after = (await hn.get('/api/queues/summary')).body;
    expect(after.total).to.equal(before.total + 1);
    const count = (s: { rows: { category: string; riskLevel: string; count: number }[] }) =>
      s.rows.filter((r) => r.category === 'mental_illness' && r.riskLevel === 'medium').reduce((n, r) => n + r.count, 0);
    expect(count(after)).to.equal(count(before) + 1);
    expect(after.rows.every((r: { provinceCode: string }) => r.provinceCode === '01')).to.equal(true);
    const hcm = (await (await stack.login('counsellor.hcm@demo.vn')).get('/api/queues/summary')).body;
    expect(hcm.rows.every((r: { provinceCode: string }) => r.provinceCode === '79')).to.equal(true);
  });
});
