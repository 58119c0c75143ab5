/**
 * Consent and minimum necessary: without the caller's consent, or for a child
 * aged 7 or more without the child's own, a partner sees no names; a
 * supervisor may override with a recorded reason, audited and shown on the
 * case, and the partner then sees the names.
 */
import { expect } from 'chai';
import { AuditEntryModel, flushAudit } from '@hotline/db';
import { routeCase } from '@hotline/referrals';
import { apiStack, callBody, freshPhone } from './stack';

const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

/** Opens a case routed to the demo collaborator (commune 00004) and returns the partner's view of it. */
async function referredCase(consent: Record<string, unknown>, subject: Record<string, unknown>) {
  const stack = await apiStack();
  const counsellor = await stack.login('counsellor.hn@demo.vn');
  const r = await counsellor.post('/api/calls', callBody({ caller: { phone: freshPhone(), name: `Chị Người Gọi ${tag}`, relationship: 'neighbour' } }, { consent, subjects: [subject] }));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  const id = r.body.case.id as string;
  if (r.body.case.status === 'new') expect((await counsellor.post(`/api/cases/${id}/status`, { to: 'triaged' })).status).to.equal(200);
  expect(await routeCase(stack.api.deps.referrals, id, 1)).to.equal('offered');
  const partner = await stack.login('collaborator.hn@demo.vn');
  return { id, counsellor, partner, stack };
}

describe('consent override with a reason', () => {
  it("a child of 7 or more without its own consent: the partner sees no name even with the caller's consent", async () => {
    const { id, partner } = await referredCase({ given: true, method: 'verbal' }, { name: `Bé Tám Tuổi ${tag}`, ageYears: 8, gender: 'female' });
    const view = await partner.get(`/api/cases/${id}`);
    expect(view.status, JSON.stringify(view.body)).to.equal(200);
    expect(view.body.detailsWithheld).to.equal(true);
    expect(JSON.stringify(view.body)).to.not.contain(`Bé Tám Tuổi ${tag}`);
    expect(view.body).to.include({ category: 'child_abuse', riskLevel: 'high' });
  });

  it("the caller's and the child's own consent: the partner sees the name; a child under 7 needs only the caller's", async () => {
    const both = await referredCase({ given: true, method: 'verbal' }, { name: `Bé Chấp Thuận ${tag}`, ageYears: 9, gender: 'male', ownConsent: true });
    const v1 = await both.partner.get(`/api/cases/${both.id}`);
    expect(v1.body.subjects[0].name).to.equal(`Bé Chấp Thuận ${tag}`);
    expect(v1.body).to.not.have.property('detailsWithheld');
    const young = await referredCase({ given: true, method: 'verbal' }, { name: `Bé Năm Tuổi ${tag}`, ageYears: 5, gender: 'male' });
    expect((await young.partner.get(`/api/cases/${young.id}`)).body.subjects[0].name).to.equal(`Bé Năm Tuổi ${tag}`);
  });

  it('a supervisor overrides with a reason: audited, on the case for staff, and the partner then sees names (not the reason)', async () => {
    const { id, partner, stack } = await referredCase({ given: false, method: 'not_possible' }, { name: `Bé Ghi Đè ${tag}`, ageYears: 10, gender: 'female' });
    expect(JSON.stringify((await partner.get(`/api/cases/${id}`)).body)).to.not.contain(`Bé Ghi Đè ${tag}`);

    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const refused = await counsellor.post(`/api/cases/${id}/consent-override`, { reason: 'Trẻ đang gặp nguy hiểm ngay lúc này' });
    expect(refused.status, 'a counsellor may not override').to.equal(403);
    const supervisor = await stack.login('supervisor.hn@demo.vn');
    const noReason = await supervisor.post(`/api/cases/${id}/consent-override`, { reason: 'gấp' });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.error.issues[0].path).to.equal('reason');

    const reason = `Trẻ đang gặp nguy hiểm, người gọi không thể hỏi ý kiến ${tag}`;
    const ok = await supervisor.post(`/api/cases/${id}/consent-override`, { reason });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect((await supervisor.post(`/api/cases/${id}/consent-override`, { reason })).status, 'once').to.equal(409);

    const staffView = (await supervisor.get(`/api/cases/${id}`)).body;
    expect(staffView.consentOverride).to.include({ reason, byName: 'Trần Văn Minh (giám sát)' });
    expect(staffView.timeline.map((e: { type: string }) => e.type)).to.include('case.consent_overridden');

    const after = (await partner.get(`/api/cases/${id}`)).body;
    expect(after.subjects[0].name).to.equal(`Bé Ghi Đè ${tag}`);
    expect(after).to.not.have.property('detailsWithheld');
    expect(JSON.stringify(after), 'the reason is for staff').to.not.contain(reason);

    await flushAudit();
    const audited = await AuditEntryModel.find({ targetType: 'case', targetId: id, action: 'case.consent_override' }).lean();
    expect(audited).to.have.length(1);
    expect(audited[0]).to.include({ reason, actorRole: 'supervisor', provinceCode: '01' });
  });

  it('refuses an override when consent is complete (409) and for another province (404)', async () => {
    const { id, stack } = await referredCase({ given: true, method: 'verbal' }, { name: `Bé Đủ ${tag}`, ageYears: 3, gender: 'female' });
    const supervisor = await stack.login('supervisor.hn@demo.vn');
    expect((await supervisor.post(`/api/cases/${id}/consent-override`, { reason: 'Không cần thiết nhưng thử xem sao' })).status).to.equal(409);
    const other = await referredCase({ given: false, method: 'verbal' }, { name: `Bé Khác ${tag}`, ageYears: 12, gender: 'female' });
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    expect((await hcm.post(`/api/cases/${other.id}/consent-override`, { reason: 'Trẻ đang gặp nguy hiểm ngay lúc này' })).status).to.be.oneOf([403, 404]);
  });
});
