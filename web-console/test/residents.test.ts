/**
 * A facility's residents in a real browser, at phone width: the SOS village's
 * user accepts a referral that needs a bed, admits the child from the inbox
 * (prefilled from the case), writes a care note, and finds the child in the
 * residents list with the beds in use.
 */
import { expect } from 'chai';
import { PartnerModel, ReferralModel } from '@hotline/db';
import { waitFor } from '@hotline/testing';
import { PHONE, screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;

describe('console: a facility admits a child and keeps its residents list', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_residents' });
    // Only the Hà Nội SOS village takes abandoned children here, so the case is offered to it.
    await PartnerModel.updateMany({ provinceCode: '01', name: { $ne: 'Làng trẻ em SOS Hà Nội' } }, { $set: { paused: true } });
  });
  after(async () => {
    await PartnerModel.updateMany({ provinceCode: '01' }, { $set: { paused: false } });
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('residents-failed');
  });

  it('accept, admit from the inbox, a care note, and the list shows the child and the bed taken', async () => {
    const counsellor = await s.stack.login('counsellor.hn@demo.vn');
    const open = async (name: string, ageYears: number) => {
      const r = await counsellor.post('/api/calls', {
        channel: 'phone', caller: { phone: `0912${String(Date.now()).slice(-6)}`, relationship: 'neighbour' }, outcome: 'case_opened',
        case: { category: 'abandoned_child', riskLevel: 'high', subjects: [{ name, ageYears, gender: 'female' }], location: { provinceCode: '01', communeCode: '00004' }, summary: 'Trẻ bị bỏ rơi ở cổng bệnh viện', consent: { given: true } },
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      const kase = r.body.case as { id: string; reference: string };
      await waitFor('the offer to the village', async () => ReferralModel.findOne({ caseId: kase.id, status: 'offered' }).lean());
      return kase;
    };
    const first = await open('Bé Hoàng Thảo Vy', 3);

    const page = await s.signIn('facility.hn@demo.vn', PHONE);
    const card = page.locator(`[data-testid=referral-card][data-reference="${first.reference}"]`);
    await card.getByTestId('referral-accept').click();
    await page.locator(`[data-testid=referral-card][data-reference="${first.reference}"][data-state=accepted]`).waitFor();
    await card.getByTestId('referral-admit').click();
    const form = page.getByTestId('admission-form');
    await form.waitFor();
    expect(await form.textContent(), 'prefilled from the case').to.contain('Bé Hoàng Thảo Vy').and.to.contain('Trẻ em');
    // The legal basis is required: the form says so before anything is sent.
    await page.getByTestId('admission-submit').click();
    await form.getByText('Vui lòng nhập').waitFor();
    await page.locator('#admission-legal-basis').fill('Quyết định tiếp nhận trẻ bị bỏ rơi');
    await page.locator('#admission-bed').fill('Nhà 2 - P.03');
    await page.getByTestId('admission-submit').click();
    await page.waitForURL((u) => u.pathname.startsWith('/residents/'));
    await page.getByTestId('resident').waitFor();
    expect(await page.getByTestId('resident').textContent()).to.contain('Bé Hoàng Thảo Vy').and.to.contain('Nhà 2 - P.03').and.to.contain(first.reference);

    await page.getByTestId('resident-notes').click();
    await page.getByTestId('resident-notes-form').locator('textarea').fill('Bé đã được khám sức khỏe, ăn ngủ tốt');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByTestId('resident-timeline').getByText('Bé đã được khám sức khỏe, ăn ngủ tốt').waitFor();
    await page.screenshot({ path: screenshotPath('resident-page-phone'), fullPage: true });

    // A second child admitted through the API, so the list has two.
    const second = await open('Bé Đinh Gia Huy', 6);
    const home = await s.stack.login('facility.hn@demo.vn');
    const offer = (await ReferralModel.findOne({ caseId: second.id, status: 'offered' }).lean())!;
    expect((await home.post(`/api/referrals/${offer._id.toHexString()}/accept`, {})).status).to.equal(200);
    expect((await home.post('/api/residents', { referralId: offer._id.toHexString(), legalBasis: 'Quyết định tiếp nhận', bed: 'Nhà 1 - P.01' })).status).to.equal(201);

    // Back to the list from the resident's page (the facility's name links to it).
    await page.getByTestId('resident').getByRole('link', { name: 'Làng trẻ em SOS Hà Nội' }).click();
    await page.waitForURL((u) => u.pathname === '/residents');
    await page.locator('[data-testid=resident-card]').nth(1).waitFor();
    const list = await page.getByTestId('residents').textContent();
    expect(list).to.contain('Bé Hoàng Thảo Vy').and.to.contain('Bé Đinh Gia Huy').and.to.contain('Làng trẻ em SOS Hà Nội');
    expect(await page.getByTestId('beds-summary').textContent(), 'two of thirty child beds in use').to.contain('Trẻ em 2/30');
    const box = (await page.getByTestId('residents').boundingBox())!;
    expect(box.x + box.width, 'the list fits the phone').to.be.at.most(PHONE.width);
    await page.screenshot({ path: screenshotPath('residents-list-phone'), fullPage: true });

    // Another province's counsellor reaches nothing of it.
    const hcm = await s.stack.login('counsellor.hcm@demo.vn');
    const facilityId = (await PartnerModel.findOne({ name: 'Làng trẻ em SOS Hà Nội' }).lean())!._id.toHexString();
    expect((await hcm.get(`/api/facilities/${facilityId}/residents`)).status).to.equal(404);
  });
});
