/**
 * The console in a real browser against the real API, database, Redis and
 * workers. Each test does what a counsellor, manager or collaborator would,
 * and checks what they would notice (and what the API then holds).
 */
import { expect } from 'chai';
import type { Page, WebSocketRoute } from 'playwright-core';
import { CASE_REFERENCE_PATTERN } from '@hotline/core';
import { HttpClient, sleep, waitFor } from '@hotline/testing';
import { PHONE, screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;
let counsellorApi: HttpClient;

const chip = (page: Page, groupId: string, text: string) => page.locator(`[aria-labelledby="${groupId}-label"]`).getByText(text, { exact: true }).click();

async function pick(page: Page, inputId: string, typed: string, option: string) {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(typed);
  await page.locator('.ant-select-item-option', { hasText: option }).first().click();
}

/** A case logged over the API, as another counsellor's console would. */
async function logCaseViaApi(
  client: HttpClient,
  overrides: { phone?: string; summary: string; riskLevel?: string; category?: string; communeCode?: string },
) {
  const r = await client.post('/api/calls', {
    channel: 'phone',
    caller: { phone: overrides.phone ?? '0900 000 001', relationship: 'neighbour' },
    outcome: 'case_opened',
    case: {
      category: overrides.category ?? 'child_abuse',
      riskLevel: overrides.riskLevel ?? 'high',
      subjects: [{ ageYears: 7 }],
      location: { provinceCode: '01', ...(overrides.communeCode ? { communeCode: overrides.communeCode } : {}) },
      summary: overrides.summary,
      consent: { given: true, method: 'verbal' },
    },
  });
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return r.body as { case: { id: string; reference: string; status: string } };
}

async function casesWithSummary(summary: string) {
  const found: Array<{ id: string; reference: string }> = [];
  let cursor: string | null = null;
  do {
    const r: { body: { items: Array<{ id: string; reference: string }>; nextCursor: string | null } } = await counsellorApi.get(
      `/api/cases?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const c of r.body.items) {
      const full = await counsellorApi.get(`/api/cases/${c.id}`);
      if (full.body.summary === summary) found.push(c);
    }
    cursor = r.body.nextCursor;
  } while (cursor);
  return found;
}

describe('web console in a browser', function () {
  before(async function () {
    this.timeout(300_000);
    s = await startConsoleStack();
    counsellorApi = await s.stack.login('counsellor.hn@demo.vn');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await s?.captureOpenPages(`failed-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`);
    }
  });
  after(async function () {
    this.timeout(60_000);
    await s?.stop();
  });

  it('each role lands on its own home page (screenshots in test-results/)', async function () {
    const homes: Array<[string, string, string, { width: number; height: number } | undefined]> = [
      ['counsellor.hn@demo.vn', '/call', 'call-form', undefined],
      ['supervisor.hn@demo.vn', '/dashboard', 'queue-card', undefined],
      ['manager.hn@demo.vn', '/dashboard', 'queue-card', undefined],
      ['admin@demo.vn', '/admin', 'admin-endpoints', undefined],
      ['collaborator.hn@demo.vn', '/inbox', 'inbox', PHONE],
    ];
    // Something to see on the dashboards.
    await logCaseViaApi(counsellorApi, { summary: 'Trẻ 7 tuổi bị đánh, hàng xóm báo tin.', riskLevel: 'emergency' });
    for (const [email, home, testId, viewport] of homes) {
      const page = await s.signIn(email, viewport);
      expect(new URL(page.url()).pathname, email).to.equal(home);
      await page.getByTestId(testId).waitFor();
      await page.getByTestId('current-user').waitFor({ state: 'attached' });
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: screenshotPath(`home-${email.split('@')[0]}`), fullPage: true });
      await page.context().close();
    }
  });

  it('shows field errors from the shared schema and logs nothing for an empty form', async function () {
    const page = await s.signIn('counsellor.hn@demo.vn');
    const before = (await counsellorApi.get('/api/cases?limit=100')).body.items.length;
    await page.getByTestId('submit-call').click();
    await page.locator('#risk-error').waitFor();
    await page.locator('#category-error').waitFor();
    await page.locator('#summary-error').waitFor();
    expect(await page.getByTestId('case-reference').count()).to.equal(0);
    const after = (await counsellorApi.get('/api/cases?limit=100')).body.items.length;
    expect(after).to.equal(before);
    await page.context().close();
  });

  it('a counsellor logs a call through the form and sees the case reference', async function () {
    const page = await s.signIn('counsellor.hn@demo.vn');
    expect(new URL(page.url()).pathname).to.equal('/call');
    const summary = `Hàng xóm báo cháu bé 9 tuổi bị đánh nhiều ngày (${Date.now()}).`;

    await page.locator('#caller-phone').fill('0912 345 678');
    await chip(page, 'risk', 'Cao');
    await chip(page, 'category', 'Xâm hại, bạo lực trẻ em');
    await page.locator('[aria-labelledby="subcategories-label"]').getByText('Bạo lực thể chất').click();
    await pick(page, 'commune', 'dong da', 'Phường Đống Đa');
    await page.locator('#address').fill('Ngõ 12');
    await page.locator('#subject-0-name').fill('Nguyễn Văn B');
    await page.locator('#subject-0-age').fill('9');
    await page.locator('#summary').fill(summary);
    await page.locator('#consent-given').check();
    await page.getByTestId('submit-call').click();

    const reference = (await page.getByTestId('case-reference').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(reference).to.match(CASE_REFERENCE_PATTERN);
    expect(reference.startsWith('HN-')).to.equal(true);
    await page.screenshot({ path: screenshotPath('call-logged') });

    // What the API holds is what was typed.
    const [created] = await casesWithSummary(summary);
    expect(created?.reference).to.equal(reference);
    const full = (await counsellorApi.get(`/api/cases/${created!.id}`)).body;
    expect(full.riskLevel).to.equal('high');
    expect(full.category).to.equal('child_abuse');
    expect(full.subCategories).to.deep.equal(['physical_violence']);
    expect(full.location.communeName).to.equal('Phường Đống Đa');
    expect(full.subjects[0]).to.include({ name: 'Nguyễn Văn B', ageYears: 9, group: 'child' });
    expect(full.consent.given).to.equal(true);

    // The case page opens from the result.
    await page.getByRole('button', { name: 'Mở hồ sơ' }).click();
    await page.getByTestId('case-page-reference').filter({ hasText: reference }).waitFor();
    expect(await page.getByTestId('case-summary').textContent()).to.equal(summary);
    await page.context().close();
  });

  it('a manager sees the open-case count change live, without reloading', async function () {
    const manager = await s.signIn('manager.hn@demo.vn');
    expect(new URL(manager.url()).pathname).to.equal('/dashboard');
    const total = manager.getByTestId('queue-total');
    await total.waitFor();
    const before = Number(await total.textContent());
    const emergencyBefore = Number(await manager.getByTestId('queue-emergency').textContent());
    await manager.evaluate(() => ((window as unknown as { __noReload: string }).__noReload = 'still here'));

    // A counsellor (another browser) logs an emergency call.
    const counsellor = await s.signIn('counsellor.hn@demo.vn');
    await counsellor.locator('#caller-phone').fill('0977 111 222');
    await chip(counsellor, 'risk', 'Khẩn cấp');
    await chip(counsellor, 'category', 'Xâm hại tình dục');
    await counsellor.locator('#subject-0-age').fill('12');
    await counsellor.locator('#summary').fill(`Cháu gái 12 tuổi đang gặp nguy hiểm (${Date.now()}).`);
    await counsellor.keyboard.press('Control+Enter');
    await counsellor.getByTestId('case-reference').waitFor();

    await manager.waitForFunction((n) => document.querySelector('[data-testid=queue-total]')?.textContent === String(n), before + 1, { timeout: 15_000 });
    await manager.waitForFunction(
      (n) => document.querySelector('[data-testid=queue-emergency]')?.textContent === String(n),
      emergencyBefore + 1,
      { timeout: 15_000 },
    );
    expect(await manager.evaluate(() => (window as unknown as { __noReload?: string }).__noReload)).to.equal('still here');
    await manager.screenshot({ path: screenshotPath('dashboard-after-live-update'), fullPage: true });
    await manager.context().close();
    await counsellor.context().close();
  });

  it('after a lost connection the dashboard shows it, and catches up on what it missed when it reconnects', async function () {
    // The manager's websocket goes through a switch the test controls.
    let blocked = false;
    let live: WebSocketRoute | null = null;
    const manager = await s.signIn('manager.hn@demo.vn', undefined, (ctx) =>
      ctx.routeWebSocket(/\/socket\.io\//, (ws) => {
        // Blocked: the socket opens but the server never answers, then it drops (like a dead network).
        if (blocked) return void setTimeout(() => void ws.close(), 200);
        live = ws;
        ws.connectToServer();
      }),
    );
    const total = manager.getByTestId('queue-total');
    await total.waitFor();
    const before = Number(await total.textContent());

    blocked = true;
    await (live as WebSocketRoute | null)?.close();
    await manager.locator('[data-testid=live-status][data-status=offline]').waitFor();

    // While the dashboard is offline a case is opened: its queue.summary event never reaches this browser.
    await logCaseViaApi(counsellorApi, { summary: `Ca mở khi mất kết nối (${Date.now()}).` });
    await sleep(1500);
    expect(await total.textContent()).to.equal(String(before));

    blocked = false;
    await manager.locator('[data-testid=live-status][data-status=live]').waitFor({ timeout: 20_000 });
    await manager.waitForFunction((n) => document.querySelector('[data-testid=queue-total]')?.textContent === String(n), before + 1, { timeout: 10_000 });
    await manager.context().close();
  });

  it('a reload mid-form keeps the draft, and the kept draft logs exactly one case', async function () {
    const page = await s.signIn('counsellor.hn@demo.vn');
    const summary = `Cô ấy nói muốn kết thúc cuộc sống, đang ở một mình (${Date.now()}).`;
    await page.locator('#caller-phone').fill('0987 000 111');
    await page.locator('#caller-name').fill('Chị Mai');
    await chip(page, 'risk', 'Khẩn cấp');
    await chip(page, 'category', 'Khủng hoảng tâm lý');
    await page.locator('#subject-0-name').fill('Trần Thị C');
    await page.locator('#subject-0-age').fill('15');
    await page.locator('#subject-0-age').blur();
    await page.locator('#summary').fill(summary);
    // The chip the counsellor sees highlighted (antd marks the chosen chip's label; the native input may lag a render).
    const chosen = (group: string) => page.locator(`[aria-labelledby="${group}-label"] .ant-radio-button-wrapper-checked`).allInnerTexts();
    expect(await chosen('risk'), 'risk chip chosen before the reload').to.deep.equal(['Khẩn cấp']);
    expect(await chosen('category'), 'category chip chosen before the reload').to.deep.equal(['Khủng hoảng tâm lý']);
    // The draft is written on every change; wait until the last keystroke is in storage, as a counsellor's reload would find it.
    await page.waitForFunction(
      (text) => Object.keys(localStorage).some((k) => k.startsWith('hotline.callDraft.') && (localStorage.getItem(k) ?? '').includes(text)),
      summary.slice(-20),
    );

    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(await page.locator('#caller-phone').inputValue()).to.equal('0987 000 111');
    expect(await page.locator('#caller-name').inputValue()).to.equal('Chị Mai');
    expect(await page.locator('#subject-0-name').inputValue()).to.equal('Trần Thị C');
    expect(await page.locator('#subject-0-age').inputValue()).to.equal('15');
    expect(await page.locator('#summary').inputValue()).to.equal(summary);
    expect(await chosen('risk'), 'risk chip after the reload').to.deep.equal(['Khẩn cấp']);
    expect(await chosen('category'), 'category chip after the reload').to.deep.equal(['Khủng hoảng tâm lý']);

    // An impatient double submit of the restored draft still logs one call.
    await page.getByTestId('submit-call').dblclick();
    const reference = (await page.getByTestId('case-reference').textContent())?.trim();
    expect(reference).to.match(CASE_REFERENCE_PATTERN);
    const matching = await casesWithSummary(summary);
    expect(matching.map((c) => c.reference)).to.deep.equal([reference]);
    const logged = (await counsellorApi.get(`/api/cases/${matching[0]!.id}`)).body;
    expect({ risk: logged.riskLevel, category: logged.category }, 'the restored chips are what was logged').to.deep.equal({ risk: 'emergency', category: 'psychological_crisis' });

    // The draft is gone once logged: the next call starts empty.
    await page.getByRole('button', { name: 'Nhận cuộc gọi tiếp theo' }).click();
    expect(await page.locator('#summary').inputValue()).to.equal('');
    await page.reload();
    expect(await page.locator('#summary').inputValue()).to.equal('');
    expect(await page.getByTestId('draft-restored').count()).to.equal(0);
    await page.context().close();
  });

  it('switching to English relabels the console and keeps the draft; signing out asks, then removes the draft', async function () {
    const page = await s.signIn('counsellor.hn@demo.vn');
    await page.locator('#summary').fill('Bản nháp thử đổi ngôn ngữ');
    await page.locator('.shell-tools').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Take a call' }).waitFor();
    await page.locator('[aria-labelledby="risk-label"]').getByText('Emergency', { exact: true }).waitFor();
    expect(await page.locator('#summary').inputValue()).to.equal('Bản nháp thử đổi ngôn ngữ');

    await page.locator('.shell-tools').getByRole('button', { name: 'Sign out' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.locator('.ant-modal-confirm-title', { hasText: 'A call is still being typed. Sign out?' }).waitFor();
    await confirm.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/login');

    await page.locator('#login-email').fill('counsellor.hn@demo.vn');
    await page.locator('#login-password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/call');
    expect(await page.locator('#summary').inputValue()).to.equal('');
    expect(await page.getByTestId('draft-restored').count()).to.equal(0);
    await page.context().close();
  });

  it("typing a known number shows the caller's open cases, and the call can be attached to one", async function () {
    const phone = '0901 222 333';
    const earlier = await logCaseViaApi(counsellorApi, { phone, summary: `Người cao tuổi sống một mình (${Date.now()}).` });
    const page = await s.signIn('counsellor.hn@demo.vn');
    await page.locator('#caller-phone').fill('0901222333');
    const history = page.getByTestId('caller-history');
    await history.filter({ hasText: earlier.case.reference }).waitFor();
    await page.getByTestId(`attach-${earlier.case.reference}`).click();
    await page.getByTestId('attached-case').filter({ hasText: earlier.case.reference }).waitFor();
    expect(await page.getByTestId('case-section').count()).to.equal(0);
    await page.locator('#notes').fill('Người gọi cập nhật thêm tình hình.');
    await page.getByTestId('submit-call').click();
    await page.getByTestId('call-result-title').filter({ hasText: 'Đã gắn cuộc gọi vào hồ sơ' }).waitFor();
    expect((await page.getByTestId('case-reference').textContent())?.trim()).to.equal(earlier.case.reference);
    const full = (await counsellorApi.get(`/api/cases/${earlier.case.id}`)).body;
    expect(full.callIds).to.have.length(2);
    await page.context().close();
  });

  it('province and commune search ignore diacritics ("ha noi" finds "Hà Nội")', async function () {
    const page = await s.signIn('admin@demo.vn');
    expect(new URL(page.url()).pathname).to.equal('/admin');
    await page.getByRole('link', { name: 'Nhận cuộc gọi' }).click();
    await page.getByTestId('call-form').waitFor();
    const province = page.locator('#province');
    await province.click();
    await province.fill('ha noi');
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await options.filter({ hasText: 'Thành phố Hà Nội' }).waitFor();
    expect(await options.filter({ hasText: 'Cao Bằng' }).count()).to.equal(0);
    await province.fill('dien bien');
    await options.filter({ hasText: 'Điện Biên' }).waitFor();
    await province.fill('ha noi');
    await options.filter({ hasText: 'Thành phố Hà Nội' }).click();
    await pick(page, 'commune', 'ba dinh', 'Phường Ba Đình');
    expect(await page.locator('[data-testid=commune-picker]').textContent()).to.contain('Phường Ba Đình');
    await page.context().close();
  });

  it('the case page offers only the allowed status changes, asks for a reason to close, and shows notes live', async function () {
    // An information request is never referred, so routing leaves it at "triaged" for this test.
    const { case: kase } = await logCaseViaApi(counsellorApi, { summary: `Hỏi về chính sách trợ cấp (${Date.now()}).`, category: 'information_request', riskLevel: 'low' });
    await waitFor('triage by the worker', async () => (await counsellorApi.get(`/api/cases/${kase.id}`)).body.status === 'triaged', 20_000);

    const page = await s.signIn('supervisor.hn@demo.vn');
    await page.goto(`/cases/${kase.id}`);
    await page.getByTestId('case-page-reference').filter({ hasText: kase.reference }).waitFor();
    const actions = page.getByTestId('status-actions').locator('[data-testid^=status-to-]');
    await actions.first().waitFor();
    expect(await actions.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).to.deep.equal([
      'status-to-referred', 'status-to-in_progress', 'status-to-closed',
    ]);

    // Closing needs a reason: refused in the form, nothing changes.
    await page.getByTestId('status-to-closed').click();
    await page.getByTestId('status-confirm').click();
    await page.locator('#status-reason-error').waitFor();
    await page.getByRole('button', { name: 'Huỷ' }).click();
    expect((await counsellorApi.get(`/api/cases/${kase.id}`)).body.status).to.equal('triaged');

    await page.getByTestId('status-to-in_progress').click();
    await page.getByTestId('status-confirm').click();
    await page.locator('[data-status=in_progress]').first().waitFor();
    await page.getByTestId('status-to-follow_up').waitFor();
    expect((await counsellorApi.get(`/api/cases/${kase.id}`)).body.status).to.equal('in_progress');

    // A note written elsewhere appears on the open page without a reload.
    const text = `Đã gọi lại cho người báo tin (${Date.now()}).`;
    const note = await counsellorApi.post(`/api/cases/${kase.id}/notes`, { text, kind: 'contact_attempt' });
    expect(note.status).to.equal(201);
    await page.getByTestId('case-timeline').filter({ hasText: text }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('case-page'), fullPage: true });
    await page.context().close();
  });

  it('a collaborator cannot open a case that was not referred to them', async function () {
    const { case: kase } = await logCaseViaApi(counsellorApi, { summary: `Không giới thiệu cho cộng tác viên (${Date.now()}).` });
    const page = await s.signIn('collaborator.hn@demo.vn', PHONE);
    await page.goto(`/cases/${kase.id}`);
    await page.locator('.ant-alert-error').waitFor();
    expect(await page.getByTestId('case-summary').count()).to.equal(0);
    expect(await page.content()).not.to.contain('Không giới thiệu cho cộng tác viên');
    await page.context().close();
  });

  it('a collaborator accepts a referral offered to them and records first contact, on a phone', async function () {
    // The inbox is open on the collaborator's phone before the case exists: the offer must arrive live.
    const page = await s.signIn('collaborator.hn@demo.vn', PHONE);
    expect(new URL(page.url()).pathname).to.equal('/inbox');
    await page.getByTestId('inbox').waitFor();

    // Phường Ba Đình (00004) is in the demo collaborator's area.
    const { case: kase } = await logCaseViaApi(counsellorApi, {
      summary: `Trẻ 7 tuổi bị bạo hành ở Ba Đình (${Date.now()}).`,
      riskLevel: 'emergency',
      communeCode: '00004',
    });
    const card = page.locator(`[data-testid=referral-card][data-reference="${kase.reference}"]`);
    await card.and(page.locator('[data-state=offered]')).waitFor({ timeout: 30_000 });
    // Only what the partner needs: no name, no narrative.
    expect(await card.textContent()).not.to.contain('bạo hành ở Ba Đình');
    await page.screenshot({ path: screenshotPath('inbox-offer'), fullPage: true });

    await card.getByTestId('referral-accept').click();
    await card.and(page.locator('[data-state=accepted]')).waitFor();
    await card.getByTestId('referral-contacted').click();
    await page.locator('#inbox-text').fill('Đã gặp gia đình, cháu an toàn tạm thời.');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await card.and(page.locator('[data-state=contacted]')).waitFor();

    const collaboratorApi = await s.stack.login('collaborator.hn@demo.vn');
    const mine = (await collaboratorApi.get('/api/referrals')).body.items as Array<{ caseId: string; partnerId: string; status: string; contactedAt: string | null }>;
    const r = mine.find((x) => x.caseId === kase.id);
    expect(r?.status).to.equal('contacted');
    expect(r?.contactedAt).to.be.a('string');
    // Staff see the partner's answer on the case.
    const staffView = (await counsellorApi.get(`/api/cases/${kase.id}`)).body;
    expect(staffView.referrals.some((x: { status: string }) => x.status === 'contacted')).to.equal(true);
    expect(staffView.routingDecisions[0].candidates.length, 'staff see every candidate considered').to.be.greaterThan(0);
    // The partner reads its own referral of the case, not the other partners' records in the decision.
    const partnerView = (await collaboratorApi.get(`/api/cases/${kase.id}`)).body;
    expect(partnerView.referrals.every((x: { partnerId: string }) => x.partnerId === r!.partnerId)).to.equal(true);
    expect(partnerView).not.to.have.property('routingDecisions');
    await page.screenshot({ path: screenshotPath('inbox-after-contact'), fullPage: true });
    await page.context().close();

    // The supervisor's case page shows the referral's state and why routing chose this partner.
    const supervisor = await s.signIn('supervisor.hn@demo.vn');
    await supervisor.goto(`/cases/${kase.id}`);
    const referrals = supervisor.getByTestId('case-referrals');
    await referrals.locator('[data-referral-status=contacted]').waitFor();
    expect(await referrals.textContent()).to.contain('Phụ trách đúng xã/phường của ca');
    await supervisor.screenshot({ path: screenshotPath('case-page-referrals'), fullPage: true });
    await supervisor.context().close();
  });

  it('an admin opens an account (short password refused first), pauses a partner, adds a partner (bad phone refused first) and changes an SLA policy', async function () {
    const adminApi = await s.stack.login('admin@demo.vn');
    const admin = await s.signIn('admin@demo.vn');
    /** Types into an antd select, waits until the list is filtered down to `option`, and takes it with Enter. */
    const choose = async (selector: string, typed: string, option: string) => {
      await admin.locator(selector).click();
      await admin.locator(selector).fill(typed);
      const options = admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await admin.waitForFunction(
        (text) => {
          const shown = [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')];
          return shown.length === 1 && shown[0]!.textContent === text;
        },
        option,
      );
      expect(await options.count()).to.equal(1);
      await admin.keyboard.press('Enter');
    };
    expect(new URL(admin.url()).pathname).to.equal('/admin');
    await admin.getByTestId('admin-users').locator('.ant-table-row').first().waitFor();

    // A new counsellor for Hồ Chí Minh City, through the form.
    const email = `tvv.hcm.${Date.now()}@demo.vn`;
    const password = 'Mat-khau-du-dai-2026';
    await admin.getByTestId('user-add').click();
    const form = admin.getByTestId('user-form');
    await form.waitFor();
    await admin.locator('#user-name').fill('Đặng Thị Hạnh');
    await admin.locator('#user-email').fill(email);
    await choose('#user-provinces', 'ho chi minh', 'Thành phố Hồ Chí Minh');
    await form.locator('.ant-select-selection-item', { hasText: 'Thành phố Hồ Chí Minh' }).waitFor();
    await admin.locator('#user-form-title').click();
    await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await admin.locator('#user-password').fill('ngan');
    await admin.getByTestId('user-submit').click();
    const passwordError = admin.locator('#user-password-error');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).to.contain('ít nhất 10 ký tự');
    await admin.screenshot({ path: screenshotPath('admin-user-form-error') });
    expect(await admin.locator('#user-name-error').count(), 'only the password is wrong').to.equal(0);
    expect(await admin.locator('#user-provinces-error').count()).to.equal(0);
    expect((await adminApi.get(`/api/users?q=${encodeURIComponent(email)}`)).body.items, 'nothing created yet').to.have.length(0);

    await admin.locator('#user-password').fill(password);
    await passwordError.waitFor({ state: 'detached' });
    await admin.getByTestId('user-submit').click();
    await form.waitFor({ state: 'detached' });
    await admin.locator(`[data-user-email="${email}"]`).waitFor();
    const created = (await adminApi.get(`/api/users?q=${encodeURIComponent(email)}`)).body.items;
    expect(created).to.have.length(1);
    expect(created[0]).to.include({ email, name: 'Đặng Thị Hạnh', role: 'counsellor', active: true, allProvinces: false, partnerId: null });
    expect(created[0].provinces).to.deep.equal(['79']);

    // The new counsellor signs in (another browser) and lands on the counsellor's home.
    const ctx = await s.newContext();
    const counsellor = await ctx.newPage();
    await counsellor.goto('/login');
    await counsellor.locator('#login-email').fill(email);
    await counsellor.locator('#login-password').fill(password);
    await counsellor.getByRole('button', { name: 'Đăng nhập' }).click();
    await counsellor.waitForURL((u) => u.pathname === '/call');
    await counsellor.getByTestId('call-form').waitFor();
    await ctx.close();

    // Pausing a partner of province 79.
    const partners = (await adminApi.get('/api/partners?province=79&limit=100')).body.items as Array<{ id: string; name: string; paused: boolean }>;
    const partner = partners.find((p) => p.name.startsWith('Hội Liên hiệp Phụ nữ'))!;
    expect(partner, 'a demo partner in province 79').to.not.equal(undefined);
    expect(partner.paused).to.equal(false);
    await admin.locator('#partner-search').fill('hoi lien hiep phu nu');
    await choose('#partner-province-filter', 'ho chi minh', 'Thành phố Hồ Chí Minh');
    const row = admin.locator(`[data-partner-id="${partner.id}"]`);
    await row.waitFor();
    await admin.getByTestId(`partner-pause-${partner.id}`).click();
    await admin.locator(`[data-partner-id="${partner.id}"][data-paused=true]`).waitFor();
    await row.getByTestId('partner-paused-tag').waitFor();
    expect((await adminApi.get(`/api/partners/${partner.id}`)).body.paused).to.equal(true);

    // Beds of a facility, per group (in use is counted from residents, not typed): an empty count is refused in the form, then a good one is saved.
    const home = partners.find((p) => p.name.startsWith('Làng trẻ em SOS')) as unknown as { id: string; capacity: { bedsTotal: number; bedsInUse: number; beds: Array<{ group: string; beds: number; inUse: number }> } };
    const childBeds = home.capacity.beds.find((b) => b.group === 'child')!;
    await admin.locator('#partner-search').fill('lang tre em');
    await admin.getByTestId(`partner-edit-${home.id}`).click();
    await admin.getByTestId('partner-form').waitFor();
    expect(await admin.getByTestId('partner-in-use-child').textContent()).to.contain(String(childBeds.inUse));
    await admin.locator('#partner-beds-child').fill('');
    await admin.getByTestId('partner-save').click();
    await admin.locator('#partner-beds-child-error').waitFor();
    await admin.screenshot({ path: screenshotPath('admin-partner-form-error') });
    await admin.locator('#partner-beds-child').fill(String(childBeds.beds + 5));
    await admin.getByTestId('partner-save').click();
    await admin.getByTestId('partner-form').waitFor({ state: 'detached' });
    await admin.locator(`[data-partner-id="${home.id}"]`).filter({ hasText: `${home.capacity.bedsInUse}/${home.capacity.bedsTotal + 5}` }).waitFor();
    expect((await adminApi.get(`/api/partners/${home.id}`)).body.capacity.beds.find((b: { group: string }) => b.group === 'child').beds).to.equal(childBeds.beds + 5);

    // Adding a partner: a shelter in Hà Nội covering two wards. A phone that is not one is refused on its field first.
    const shelterName = `Nhà tạm lánh Bình Minh ${String(Date.now()).slice(-4)}`;
    const closeDropdown = async () => {
      await admin.locator('#partner-new-title').click();
      await admin.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    };
    await admin.getByTestId('partner-add').click();
    const newForm = admin.getByTestId('partner-new-form');
    await newForm.waitFor();
    await admin.locator('#partner-new-name').fill(shelterName);
    await choose('#partner-new-type', 'tam lanh', 'Nhà tạm lánh');
    await newForm.getByTestId('partner-new-capacity').waitFor();
    await admin.locator('#partner-new-phone-0').fill('0912 34');
    await choose('#partner-new-categories', 'bao luc gia dinh', 'Bạo lực gia đình');
    await choose('#partner-new-categories', 'bao luc tre em', 'Xâm hại, bạo lực trẻ em');
    await closeDropdown();
    await choose('#partner-new-province', 'ha noi', 'Thành phố Hà Nội');
    await choose('#partner-new-communes', 'ba dinh', 'Phường Ba Đình');
    await choose('#partner-new-communes', 'hoan kiem', 'Phường Hoàn Kiếm');
    await closeDropdown();
    await newForm.locator('.ant-select-selection-item', { hasText: 'Phường Ba Đình' }).waitFor();
    await choose('#partner-new-groups', 'tre em', 'Trẻ em');
    await closeDropdown();
    await admin.locator('#partner-new-beds-violence_survivor').fill('8');
    await admin.locator('#partner-new-beds-child').fill('4');
    await admin.getByTestId('partner-create').click();
    const phoneError = admin.locator('#partner-new-phone-0-error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).to.contain('Số điện thoại không hợp lệ');
    await admin.screenshot({ path: screenshotPath('admin-partner-new-error') });
    for (const other of ['name', 'type', 'categories', 'province', 'communes', 'beds-violence_survivor', 'beds-child', 'groups', 'channels']) {
      expect(await admin.locator(`#partner-new-${other}-error`).count(), `only the phone is wrong (${other})`).to.equal(0);
    }
    const hanoiPartners = async () => (await adminApi.get('/api/partners?province=01&category=domestic_violence&limit=100')).body.items as Array<Record<string, unknown>>;
    expect((await hanoiPartners()).filter((p) => p.name === shelterName), 'nothing created yet').to.have.length(0);

    await admin.locator('#partner-new-phone-0').fill('0987 654 321');
    await phoneError.waitFor({ state: 'detached' });
    expect(await admin.getByTestId('partner-new-phone-0-e164').textContent(), 'sent as E.164').to.equal('+84987654321');
    await admin.screenshot({ path: screenshotPath('admin-partner-new-form') });
    await admin.getByTestId('partner-create').click();
    await newForm.waitFor({ state: 'detached' });
    // Listed at once, whatever the filters were (the list was filtered to province 79 above).
    const newRow = admin.getByTestId('admin-partners').locator('.ant-table-row', { hasText: shelterName });
    await newRow.waitFor();
    expect(await newRow.textContent()).to.contain('Nhà tạm lánh').and.to.contain('2 xã/phường').and.to.contain('0/12');
    const shelter = (await hanoiPartners()).find((p) => p.name === shelterName) as {
      id: string; kind: string; type: string; phones: string[]; categories: string[]; area: { provinceCode: string; communeCodes: string[] };
      capacity: Record<string, unknown>; channels: string[]; userId: string | null; paused: boolean; active: boolean;
    };
    expect(shelter, 'the new partner is in the API').to.not.equal(undefined);
    expect(await newRow.getAttribute('data-partner-id')).to.equal(shelter.id);
    expect(shelter).to.include({ kind: 'facility', type: 'shelter', userId: null, paused: false, active: true });
    expect(shelter.categories).to.have.members(['domestic_violence', 'child_abuse']);
    expect(shelter.area).to.deep.equal({ provinceCode: '01', communeCodes: ['00004', '00070'] });
    expect(shelter.phones).to.deep.equal(['+84987654321']);
    expect(shelter.capacity).to.deep.equal({
      beds: [{ group: 'violence_survivor', beds: 8, inUse: 0 }, { group: 'child', beds: 4, inUse: 0 }], bedsTotal: 12, bedsInUse: 0, groups: ['violence_survivor', 'child'],
    });
    expect(shelter.channels).to.deep.equal(['sms', 'voice']);

    // An SLA policy: first a value the shared schema refuses, then a good one.
    const before = (await adminApi.get('/api/sla-policies')).body as {
      version: number;
      policySet: { policies: Array<{ category: string; riskLevel: string; acceptWithinMinutes: number; firstContactWithinMinutes: number }> };
    };
    const policy = before.policySet.policies.find((p) => p.category === 'elderly_without_support' && p.riskLevel === 'low')!;
    const newAccept = Math.max(1, Math.floor(policy.acceptWithinMinutes / 2));
    await choose('#sla-category-filter', 'nguoi cao tuoi', 'Người cao tuổi không nơi nương tựa');
    await admin.getByTestId('sla-edit-elderly_without_support-low').click();
    await admin.getByTestId('sla-form').waitFor();
    await admin.locator('#sla-accept').fill(String(policy.firstContactWithinMinutes + 1));
    await admin.getByTestId('sla-save').click();
    await admin.locator('#sla-first-contact-error').waitFor();
    await admin.screenshot({ path: screenshotPath('admin-sla-form-error') });
    expect((await adminApi.get('/api/sla-policies')).body.version, 'a refused form sends nothing').to.equal(before.version);
    await admin.locator('#sla-accept').fill(String(newAccept));
    await admin.getByTestId('sla-save').click();
    await admin.getByTestId('sla-form').waitFor({ state: 'detached' });
    await admin.getByTestId('sla-version').filter({ hasText: `${before.version + 1}` }).waitFor();

    const after = (await adminApi.get('/api/sla-policies')).body as typeof before & { updatedAt: string | null };
    const changed = after.policySet.policies.find((p) => p.category === 'elderly_without_support' && p.riskLevel === 'low')!;
    expect(changed.acceptWithinMinutes).to.equal(newAccept);
    expect(changed.firstContactWithinMinutes).to.equal(policy.firstContactWithinMinutes);
    expect(after.version).to.equal(before.version + 1);
    expect(after.updatedAt).to.be.a('string');

    // Editing: a collaborator without a partner is refused in the form (the shared accountProblems), nothing is sent.
    await admin.locator(`[data-user-email="${email}"]`).getByRole('button', { name: 'Sửa Đặng Thị Hạnh' }).click();
    await admin.getByTestId('user-edit-form').waitFor();
    await admin.locator('#user-role').click();
    // The option of this select's own list (the partner form's type list also has "Cộng tác viên …" options).
    await admin.locator('.ant-select-dropdown:has(#user-role_list) .ant-select-item-option[title="Cộng tác viên"]').click();
    await admin.getByTestId('user-edit-form').locator('#user-partner').waitFor();
    await admin.getByTestId('user-save').click();
    expect(await admin.locator('#user-partner-error').textContent()).to.contain('phải gắn với một đối tác');
    await admin.getByRole('button', { name: 'Huỷ' }).click();
    await admin.getByTestId('user-edit-form').waitFor({ state: 'detached' });
    expect((await adminApi.get(`/api/users/${created[0].id}`)).body.role).to.equal('counsellor');

    // Deactivating the new account asks first; the API then refuses its sign-in.
    await admin.getByTestId(`user-active-${email}`).click();
    await admin.locator('.ant-modal-confirm').getByRole('button', { name: 'Khoá tài khoản' }).click();
    await admin.locator(`[data-testid="user-active-${email}"][aria-checked=false]`).waitFor();
    expect((await adminApi.get(`/api/users/${created[0].id}`)).body.active).to.equal(false);
    const refused = await new HttpClient(s.baseUrl).post('/api/auth/login', { email, password });
    expect(refused.status, 'a deactivated account cannot sign in').to.equal(401);

    await admin.locator('#partner-search').fill('');
    await admin.waitForLoadState('networkidle');
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: screenshotPath('admin-page'), fullPage: true });
    await admin.screenshot({ path: screenshotPath('admin-page-viewport') });

    // Leave the partner as other tests expect it.
    expect((await adminApi.patch(`/api/partners/${partner.id}`, { paused: false })).status).to.equal(200);
    expect((await adminApi.patch(`/api/partners/${home.id}`, { capacity: { beds: home.capacity.beds.map(({ group, beds }) => ({ group, beds })) } })).status).to.equal(200);
    expect((await adminApi.patch(`/api/partners/${shelter.id}`, { active: false })).status, 'the new shelter is offered no later case').to.equal(200);
    await admin.context().close();
  });
});
