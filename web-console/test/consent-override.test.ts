/**
 * Consent on the case page in a real browser: a case opened without consent
 * is withheld from its partner; a supervisor shares it with a reason, the
 * reason shows on the case, and the partner's page then shows the child's name.
 */
import { expect } from 'chai';
import { waitFor } from '@hotline/testing';
import { screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;
const child = `Bé Đồng Ý ${Date.now().toString(36)}`;

describe('console: consent override on the case page', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_consent' });
  });
  after(async () => {
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('consent-override-failed');
  });

  it("a supervisor shares a case without consent with a reason; the partner's page then shows the name", async () => {
    const api = await s.stack.login('counsellor.hn@demo.vn');
    const r = await api.post('/api/calls', {
      channel: 'phone', caller: { phone: '0912 555 201', relationship: 'neighbour' }, outcome: 'case_opened',
      case: {
        category: 'child_abuse', riskLevel: 'high', subjects: [{ name: child, ageYears: 10, gender: 'female' }],
        location: { provinceCode: '01', communeCode: '00004' }, summary: 'Trẻ bị bỏ đói nhiều ngày', consent: { given: true, method: 'verbal' },
      },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const id = r.body.case.id as string;
    const partnerApi = await s.stack.login('collaborator.hn@demo.vn');
    // The workers triage and offer it to the demo collaborator; without the child's own consent the name stays back.
    const withheld = await waitFor('the offer to the partner', async () => {
      const v = await partnerApi.get(`/api/cases/${id}`);
      return v.status === 200 ? v.body : null;
    }, 60_000, 250);
    expect(withheld.detailsWithheld).to.equal(true);
    expect(JSON.stringify(withheld)).to.not.contain(child);

    const page = await s.signIn('supervisor.hn@demo.vn');
    await page.goto(`/cases/${id}`);
    await page.locator('[data-testid=consent-override-open]').click();
    await page.locator('#consent-override-reason').fill('Trẻ đang gặp nguy hiểm, bé chưa thể tự trả lời');
    await page.locator('[data-testid=consent-override-confirm]').click();
    const shown = page.locator('[data-testid=consent-override]');
    await shown.waitFor();
    expect(await shown.innerText()).to.contain('Trẻ đang gặp nguy hiểm, bé chưa thể tự trả lời');
    expect(await shown.innerText()).to.contain('Trần Văn Minh');
    expect(await page.locator('[data-testid=consent-override-open]').count()).to.equal(0);
    await page.locator('[data-testid=consent-card]').screenshot({ path: screenshotPath('consent-override-supervisor') });

    const partner = await s.signIn('collaborator.hn@demo.vn');
    await partner.goto(`/cases/${id}`);
    await partner.getByText(child).first().waitFor();
    expect(await partner.locator('[data-testid=case-details-withheld]').count()).to.equal(0);
    expect(await partner.locator('body').innerText(), 'the reason is for staff').to.not.contain('bé chưa thể tự trả lời');
  });
});
