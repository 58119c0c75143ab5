/**
 * SLA deadlines as a manager sees them, with policies running in seconds
 * (SLA_MINUTE_MS=1000): the countdown on the case page, then the breach and
 * each escalation step arriving live on the dashboard, and the open-breach
 * list and overview that a reload still shows.
 */
import { expect } from 'chai';
import { defaultSlaPolicies, type TSlaPolicySet } from '@hotline/core';
import type { HttpClient } from '@hotline/testing';
import { screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

/** domestic_violence: accept within 12 "minutes" (seconds here), then reoffer, supervisor, province manager one "minute" apart. */
function secondsPolicies(): TSlaPolicySet {
  const set = defaultSlaPolicies();
  for (const p of set.policies) {
    if (p.category !== 'domestic_violence') continue;
    p.clock = 'around_the_clock';
    p.acceptWithinMinutes = 12;
    p.firstContactWithinMinutes = 600;
    p.reminderFractions = [0.5];
    p.escalation.accept = [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 1 }, { action: 'province_manager', afterMinutes: 2 }];
  }
  return set;
}

describe('SLA deadlines in the console', function () {
  let s: ConsoleStack;
  let counsellorApi: HttpClient;

  before(async function () {
    this.timeout(300_000);
    s = await startConsoleStack({ suite: 'console-sla', env: { SLA_MINUTE_MS: '1000', RECONCILE_EVERY_MS: '2000' } });
    counsellorApi = await s.stack.login('counsellor.hn@demo.vn');
    const admin = await s.stack.login('admin@demo.vn');
    const r = await admin.put('/api/sla-policies', { policySet: secondsPolicies(), quietHours: { enabled: false } });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s?.captureOpenPages(`failed-sla-${this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 30)}`);
  });
  after(async function () {
    this.timeout(60_000);
    await s?.stop();
  });

  it('a referral nobody accepts counts down on the case page, then its breach and escalation reach the manager live', async function () {
    const dashboard = await s.signIn('manager.hn@demo.vn');
    await dashboard.getByTestId('sla-card').waitFor();

    const r = await counsellorApi.post('/api/calls', {
      channel: 'phone',
      caller: { phone: '0912 777 001', relationship: 'self' },
      outcome: 'case_opened',
      case: {
        category: 'domestic_violence',
        riskLevel: 'medium',
        subjects: [{ name: 'Chị Hằng', ageYears: 34, gender: 'female' }],
        location: { provinceCode: '01', communeCode: '00004' },
        summary: `Chị bị chồng đánh, đang trốn ở nhà hàng xóm (${Date.now()}).`,
        consent: { given: true, method: 'verbal' },
      },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const kase = r.body.case as { id: string; reference: string };

    // The case page, in a second tab of the same manager: the accept deadline is pending and counting down.
    const casePage = await dashboard.context().newPage();
    await casePage.goto(`/cases/${kase.id}`);
    const accept = casePage.locator('[data-testid=deadline][data-kind=accept]');
    await accept.and(casePage.locator('[data-state=pending]')).waitFor({ timeout: 20_000 });
    const running = await accept.getByTestId('countdown').getAttribute('data-state');
    expect(['ok', 'warning']).to.include(running);

    // Nobody accepts: the breach arrives on the dashboard without a reload, then each escalation step.
    const alertFor = (event: string) => dashboard.locator(`[data-testid=alert][data-event="${event}"]`, { hasText: kase.reference });
    await alertFor('sla.breached').first().waitFor({ timeout: 40_000 });
    await dashboard.waitForFunction(
      (ref) => [...document.querySelectorAll('[data-testid=alert][data-event="sla.breached"]')].filter((e) => e.textContent?.includes(ref)).length >= 4,
      kase.reference,
      { timeout: 30_000 },
    );
    const texts = await alertFor('sla.breached').allInnerTexts();
    expect(texts.some((t) => t.includes('Lãnh đạo cấp tỉnh')), texts.join(' | ')).to.equal(true);
    expect(texts.some((t) => t.includes('Giám sát viên')), texts.join(' | ')).to.equal(true);

    // The case page turned too: breached, overdue, escalated to level 3.
    await accept.and(casePage.locator('[data-state=breached]')).waitFor({ timeout: 20_000 });
    await accept.getByTestId('escalation-level').filter({ hasText: '3' }).waitFor({ timeout: 20_000 });
    expect(await accept.getByTestId('countdown').getAttribute('data-state')).to.equal('breached');
    await casePage.screenshot({ path: screenshotPath('case-page-sla'), fullPage: true });

    // A reload keeps what matters: the breach is stored, not only an event that went by.
    await dashboard.reload();
    await dashboard.locator('[data-testid=breach][data-kind=accept]', { hasText: kase.reference }).waitFor();
    const overview = dashboard.getByTestId('sla-overview');
    await overview.getByText('Bạo lực gia đình').waitFor();
    await dashboard.screenshot({ path: screenshotPath('dashboard-sla'), fullPage: true });
    await dashboard.context().close();
  });
});
