import { expect } from 'chai';
import type { TRiskLevel } from '../src/enums';
import { DEFAULT_QUIET_HOURS, ZQuietHours, isQuietTime, releaseTime, type TDeadlineKind } from '../src/sla/index';

const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

describe('SLA quiet hours for SMS reminders (default 21:00–07:00 Vietnam time)', () => {
  const cases: [string, TRiskLevel, TDeadlineKind | undefined, string, string][] = [
    ['a medium reminder at 22:30 waits for 07:00 the next morning', 'medium', 'first_contact', '2026-03-02 22:30', '2026-03-03 07:00'],
    ['a low reminder at 03:00 waits for 07:00 the same morning', 'low', 'follow_up', '2026-03-03 03:00', '2026-03-03 07:00'],
    ['a high reminder at exactly 21:00 is held', 'high', 'accept', '2026-03-02 21:00', '2026-03-03 07:00'],
    ['a reminder at 23:59 on 31 Dec waits for 07:00 on 1 Jan', 'low', 'follow_up', '2026-12-31 23:59', '2027-01-01 07:00'],
    ['20:59 is not quiet', 'medium', 'accept', '2026-03-02 20:59', '2026-03-02 20:59'],
    ['07:00 is not quiet', 'medium', 'accept', '2026-03-03 07:00', '2026-03-03 07:00'],
    ['an emergency reminder at 23:00 is not held', 'emergency', 'accept', '2026-03-02 23:00', '2026-03-02 23:00'],
    ['a legal-clock alert at 02:00 is not held, whatever the risk', 'high', 'legal_clock', '2026-03-03 02:00', '2026-03-03 02:00'],
  ];
  for (const [name, risk, kind, at, expected] of cases) {
    it(name, () => {
      expect(releaseTime(vn(at), risk, DEFAULT_QUIET_HOURS, kind).toISOString()).to.equal(vn(expected).toISOString());
    });
  }

  it('is configurable: other hours, more exempt levels, or off', () => {
    const lunch = ZQuietHours.parse({ from: '11:30', to: '13:00' });
    expect(releaseTime(vn('2026-03-02 12:00'), 'low', lunch).toISOString()).to.equal(vn('2026-03-02 13:00').toISOString());
    expect(releaseTime(vn('2026-03-02 22:00'), 'low', lunch).toISOString()).to.equal(vn('2026-03-02 22:00').toISOString());
    const highExempt = ZQuietHours.parse({ exemptRiskLevels: ['emergency', 'high'] });
    expect(releaseTime(vn('2026-03-02 23:00'), 'high', highExempt).toISOString()).to.equal(vn('2026-03-02 23:00').toISOString());
    const off = ZQuietHours.parse({ enabled: false });
    expect(isQuietTime(vn('2026-03-02 23:00'), off)).to.equal(false);
  });

  it('never holds an emergency, even if an admin leaves it out of the exempt levels', () => {
    const none = ZQuietHours.parse({ exemptRiskLevels: [] });
    expect(releaseTime(vn('2026-03-02 23:00'), 'emergency', none).toISOString()).to.equal(vn('2026-03-02 23:00').toISOString());
  });

  it('refuses quiet hours that start and end at the same time, naming the field', () => {
    const r = ZQuietHours.safeParse({ from: '07:00', to: '07:00' });
    expect(r.success).to.equal(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).to.deep.equal(['to']);
  });
});
