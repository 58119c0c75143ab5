/**
 * Inbound calls in real browsers: two counsellors' consoles are signed in and
 * available; a simulated caller (the fake Twilio, through the signed webhooks)
 * presses 1; the longest-idle counsellor's console rings with the masked
 * number and "in danger now", the other does not; answering opens the call
 * form with the caller's number. The next caller rings the other console.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;

describe('console: an inbound call rings a counsellor’s console', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_voice' });
  });
  after(async () => {
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('voice-console-failed');
  });

  const dial = async (from: string, digits: string) => {
    const post = async (path: string, body: unknown) => {
      const r = await fetch(s.stack.twilioUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status).to.equal(200);
      return (await r.json()) as { sid: string };
    };
    const call = await post('/_fake/inbound-calls', { from, to: '+842471001111', url: `${s.baseUrl}/webhooks/twilio/voice/incoming`, statusCallback: `${s.baseUrl}/webhooks/twilio/voice/incoming/status` });
    await post(`/_fake/inbound-calls/${call.sid}/press`, { digits });
    return call.sid;
  };
  const live = (page: Page) => page.locator('[data-testid=live-status][data-status=live]').waitFor({ timeout: 20_000 });

  it('rings the longest-idle available console (masked number, "in danger now"), not the other; answering opens the call form with the number', async () => {
    const pageA = await s.signIn('counsellor.hn@demo.vn');
    const pageB = await s.signIn('supervisor.hn@demo.vn');
    await Promise.all([live(pageA), live(pageB)]);
    const a = await s.stack.login('counsellor.hn@demo.vn');
    const b = await s.stack.login('supervisor.hn@demo.vn');
    expect((await a.put('/api/voice/status', { status: 'available' })).status).to.equal(200);
    expect((await b.put('/api/voice/status', { status: 'available' })).status).to.equal(200);

    await dial('+84912000771', '1');
    const ring = pageA.getByTestId('incoming-call');
    await ring.getByText('Đang gặp nguy hiểm').waitFor({ timeout: 20_000 });
    const shown = (await pageA.getByTestId('incoming-number').textContent()) ?? '';
    expect(shown.endsWith('71')).to.equal(true);
    expect(shown).not.to.contain('912000771');
    expect(await pageB.getByTestId('incoming-call').count(), 'one console rings').to.equal(0);

    await ring.getByRole('button', { name: 'Nghe máy' }).click();
    await pageA.waitForURL(/\/call\?voice=/, { timeout: 15_000 });
    await pageA.waitForFunction(() => document.querySelector<HTMLInputElement>('#caller-phone')?.value.replace(/\D/g, '').endsWith('912000771'), undefined, { timeout: 10_000 });

    // The first counsellor is on the call: the next caller rings the other console.
    await dial('+84912000772', '2');
    const ringB = pageB.getByTestId('incoming-call');
    await ringB.getByText('Tư vấn / báo tin').waitFor({ timeout: 20_000 });
    await ringB.getByRole('button', { name: 'Từ chối' }).click();
    await ringB.waitFor({ state: 'detached', timeout: 10_000 });
  });
});
