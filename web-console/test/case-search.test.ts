/**
 * The header's case search in a real browser: "/" focuses it, a name typed
 * without diacritics and in another order lists the case, a click opens it.
 */
import { expect } from 'chai';
import { startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;

describe('console: case search in the header', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_search' });
  });
  after(async () => {
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('case-search-failed');
  });

  it('"/" focuses the box; "tuyet anh dong da" lists the case and a click opens it', async () => {
    const api = await s.stack.login('counsellor.hn@demo.vn');
    const r = await api.post('/api/calls', {
      channel: 'phone',
      caller: { phone: '0912 777 301', name: 'Trần Văn Đức', relationship: 'neighbour' },
      outcome: 'case_opened',
      case: {
        category: 'child_abuse', riskLevel: 'high', subjects: [{ name: 'Nguyễn Thị Ánh Tuyết', ageYears: 9, gender: 'female' }],
        location: { provinceCode: '01', communeCode: '00235' }, summary: 'Hàng xóm nghe tiếng trẻ khóc nhiều đêm liền',
      },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const { id, reference } = r.body.case as { id: string; reference: string };

    const page = await s.signIn('counsellor.hn@demo.vn');
    const box = page.locator('[data-testid=case-search-input] input, input[data-testid=case-search-input]').first();
    // The header (and its "/" shortcut) is there once the box is: wait for it, not for a fixed time.
    await box.waitFor();
    await page.locator('body').click();
    await page.keyboard.press('/');
    await page.waitForFunction(
      () => {
        const el = document.activeElement;
        return !!el && (el.matches('input[data-testid=case-search-input]') || !!el.closest('[data-testid=case-search-input]'));
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await box.evaluate((el) => el === document.activeElement)).to.equal(true);
    await page.keyboard.type('tuyet anh dong da');
    const result = page.locator(`[data-testid=case-search-result][data-case-id="${id}"]`);
    await result.waitFor();
    const line = await result.innerText();
    expect(line).to.contain(reference);
    expect(line).to.contain('Đống Đa');
    // Answers to the shorter queries typed before may still re-render the list under the pointer: click until it opens.
    for (let attempt = 0; ; attempt++) {
      await result.click();
      const opened = await page.waitForURL((u) => u.pathname === `/cases/${id}`, { timeout: 10_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 2) throw new Error(`clicking the result for ${reference} did not open its case`);
    }
    await page.getByText(reference).first().waitFor();
    expect(await box.inputValue()).to.equal('');

    // Nothing of another province: the HCM counsellor's box finds no case.
    const hcm = await s.signIn('counsellor.hcm@demo.vn');
    await hcm.locator('[data-testid=case-search-input] input, input[data-testid=case-search-input]').first().fill('tuyet anh');
    await hcm.locator('[data-testid=case-search-notice]').waitFor();
    expect(await hcm.locator('[data-testid=case-search-result]').count()).to.equal(0);
  });
});
