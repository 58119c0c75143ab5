import { expect } from 'chai';
import { z } from 'zod';
import type { TCategory, TRiskLevel } from '../src/enums';
import {
  DEFAULT_BUSINESS_CALENDAR, DEFAULT_SLA_POLICIES, ZPlannedDeadline, defaultSlaPolicies, legalClockApplies, planDeadlines, reminderTimes,
  type TDeadlinePlanInput, type TPlanSubject, type TPlannedDeadline,
} from '../src/sla/index';

const vn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const iso = (s: string) => vn(s).toISOString();
const cal = DEFAULT_BUSINESS_CALENDAR;
const base = { policies: DEFAULT_SLA_POLICIES, calendar: cal };
const plan = (input: Omit<TDeadlinePlanInput, 'policies' | 'calendar'>) => planDeadlines({ ...base, ...input });
const byKey = (p: TPlannedDeadline[], key: string) => {
  const d = p.find((x) => x.key === key);
  if (!d) throw new Error(`no ${key} in ${p.map((x) => x.key).join(', ')}`);
  return d;
};
const times = (ds: { fireAt: Date }[]) => ds.map((d) => d.fireAt.toISOString());

describe('SLA deadline plan: business-hours cases', () => {
  it('a low-risk case received on the Friday before Tết is due to be accepted after the holiday', () => {
    const p = plan({ category: 'domestic_violence', riskLevel: 'low', receivedAt: vn('2026-02-13 10:00') });
    expect(p.map((d) => d.key)).to.deep.equal(['accept', 'first_contact']);
    const accept = byKey(p, 'accept');
    expect(accept.clock).to.equal('business_hours');
    expect(accept.dueAt.toISOString()).to.equal(iso('2026-02-25 10:00')); // 330 min on Friday, then Mon 23, Tue 24, Wed 25
    expect(times(accept.reminders)).to.deep.equal([iso('2026-02-23 15:30'), iso('2026-02-24 14:42')]);
    expect(byKey(p, 'first_contact').dueAt.toISOString()).to.equal(iso('2026-03-05 10:00'));
  });

  it('business reminders at 50 % and 80 % skip lunch', () => {
    const accept = byKey(plan({ category: 'domestic_violence', riskLevel: 'medium', receivedAt: vn('2026-03-02 09:30') }), 'accept');
    expect(accept.dueAt.toISOString()).to.equal(iso('2026-03-02 15:00'));
    expect(accept.reminders.map((r) => [r.fraction, r.fireAt.toISOString()])).to.deep.equal([
      [0.5, iso('2026-03-02 11:30')],
      [0.8, iso('2026-03-02 14:12')],
    ]);
    expect(accept.reminders.every((r) => r.audience === 'partner')).to.equal(true);
  });

  it('escalation steps are timed on the business clock after the deadline, in order', () => {
    const accept = byKey(plan({ category: 'domestic_violence', riskLevel: 'medium', receivedAt: vn('2026-03-02 14:00') }), 'accept');
    expect(accept.dueAt.toISOString()).to.equal(iso('2026-03-03 08:30'));
    expect(accept.escalation.map((e) => [e.level, e.action, e.audience, e.fireAt.toISOString()])).to.deep.equal([
      [1, 'reoffer', 'next_candidate', iso('2026-03-03 08:30')],
      [2, 'supervisor', 'province_supervisors', iso('2026-03-03 09:30')],
      [3, 'province_manager', 'province_managers', iso('2026-03-04 08:30')],
    ]);
  });
});

describe('SLA deadline plan: around the clock and the legal clock', () => {
  it('an emergency child case at night on the eve of Tết: every clock runs, legal clock exactly received + 12 h', () => {
    const p = plan({ category: 'child_abuse', riskLevel: 'emergency', subjects: [{ ageYears: 7 }], receivedAt: vn('2026-02-16 22:30') });
    expect(p.map((d) => d.key)).to.deep.equal(['accept', 'first_contact', 'legal_clock']);
    expect(byKey(p, 'accept').dueAt.toISOString()).to.equal(iso('2026-02-16 22:45'));
    expect(byKey(p, 'first_contact').dueAt.toISOString()).to.equal(iso('2026-02-17 00:30'));
    const legal = byKey(p, 'legal_clock');
    expect(legal).to.include({ clock: 'around_the_clock', pausable: false, status: 'pending' });
    expect(legal.dueAt.toISOString()).to.equal(iso('2026-02-17 10:30'));
    expect(legal.reminders.map((r) => [r.minutesBeforeDue, r.audience, r.fireAt.toISOString()])).to.deep.equal([
      [120, 'province_managers', iso('2026-02-17 08:30')],
      [30, 'province_managers', iso('2026-02-17 10:00')],
    ]);
    expect(legal.escalation.map((e) => [e.action, e.fireAt.toISOString()])).to.deep.equal([['province_manager', iso('2026-02-17 10:30')]]);
  });

  const legalCases: [string, TCategory, TRiskLevel, string, string][] = [
    ['Saturday 03:00 during Tết, abandoned child, high', 'abandoned_child', 'high', '2026-02-21 03:00', '2026-02-21 15:00'],
    ['Friday 20:00 before a weekend', 'child_labour_trafficking', 'emergency', '2026-03-06 20:00', '2026-03-07 08:00'],
    ['New Year’s Eve, across the year', 'child_abuse', 'high', '2026-12-31 23:59', '2027-01-01 11:59'],
  ];
  for (const [name, category, riskLevel, received, due] of legalCases) {
    it(`legal clock: ${name} → ${due}`, () => {
      const legal = byKey(plan({ category, riskLevel, receivedAt: vn(received) }), 'legal_clock');
      expect(legal.dueAt.getTime() - vn(received).getTime()).to.equal(12 * 3600_000);
      expect(legal.dueAt.toISOString()).to.equal(iso(due));
    });
  }

  it('the legal window follows the configured hours', () => {
    const policies = defaultSlaPolicies();
    policies.legalClock.withinHours = 24;
    for (const p of policies.policies) p.firstContactWithinMinutes = Math.min(p.firstContactWithinMinutes, 24 * 60);
    const legal = byKey(planDeadlines({ policies, calendar: cal, category: 'child_abuse', riskLevel: 'high', receivedAt: vn('2026-03-02 10:00') }), 'legal_clock');
    expect(legal.dueAt.toISOString()).to.equal(iso('2026-03-03 10:00'));
  });

  it('around-the-clock reminders are plain fractions of the window', () => {
    expect(times(reminderTimes(vn('2026-03-07 10:00'), vn('2026-03-07 12:00'), [0.5, 0.8], 'around_the_clock', cal))).to.deep.equal([
      iso('2026-03-07 11:00'),
      iso('2026-03-07 11:36'),
    ]);
    expect(() => reminderTimes(vn('2026-03-07 12:00'), vn('2026-03-07 10:00'), [0.5], 'around_the_clock', cal)).to.throw(RangeError);
  });

  const applies: [string, TCategory, TRiskLevel, TPlanSubject[], string[], boolean][] = [
    ['child abuse, emergency, ages unknown', 'child_abuse', 'emergency', [], [], true],
    ['child abuse, medium', 'child_abuse', 'medium', [{ ageYears: 5 }], [], false],
    ['sexual abuse of an adult, high', 'sexual_abuse', 'high', [{ ageYears: 30 }], [], false],
    ['sexual abuse of a 14-year-old, high', 'sexual_abuse', 'high', [{ ageYears: 30 }, { ageYears: 14 }], [], true],
    ['sexual abuse, subject marked child', 'sexual_abuse', 'emergency', [{ group: 'child' }], [], true],
    ['sexual abuse, sub-category child_sexual_abuse, no ages', 'sexual_abuse', 'high', [], ['child_sexual_abuse'], true],
    ['abandoned child, high', 'abandoned_child', 'high', [], [], true],
    ['domestic violence with a child, emergency (not a child category)', 'domestic_violence', 'emergency', [{ ageYears: 6 }], [], false],
    ['information request', 'information_request', 'emergency', [{ ageYears: 6 }], [], false],
  ];
  for (const [name, category, riskLevel, subjects, subCategories, expected] of applies) {
    it(`legal clock ${expected ? 'applies' : 'does not apply'}: ${name}`, () => {
      expect(legalClockApplies(DEFAULT_SLA_POLICIES.legalClock, { category, riskLevel, subjects, subCategories })).to.equal(expected);
      const keys = plan({ category, riskLevel, subjects, subCategories, receivedAt: vn('2026-03-02 10:00') }).map((d) => d.key);
      expect(keys.includes('legal_clock')).to.equal(expected);
    });
  }

  it('an information request has no deadlines', () => {
    expect(plan({ category: 'information_request', riskLevel: 'high', receivedAt: vn('2026-03-02 10:00') })).to.deep.equal([]);
  });
});

describe('SLA deadline plan: follow-ups after 3, 7 and 30 days', () => {
  it('around the clock: exactly 3, 7 and 30 days after the first contact, each window opening at the one before', () => {
    const p = plan({ category: 'psychological_crisis', riskLevel: 'emergency', receivedAt: vn('2026-03-02 08:00'), firstContactAt: vn('2026-03-02 10:00') });
    const fus = p.filter((d) => d.kind === 'follow_up');
    expect(fus.map((d) => [d.key, d.n, d.afterDays, d.startsAt.toISOString(), d.dueAt.toISOString()])).to.deep.equal([
      ['follow_up:1', 1, 3, iso('2026-03-02 10:00'), iso('2026-03-05 10:00')],
      ['follow_up:2', 2, 7, iso('2026-03-05 10:00'), iso('2026-03-09 10:00')],
      ['follow_up:3', 3, 30, iso('2026-03-09 10:00'), iso('2026-04-01 10:00')],
    ]);
    expect(times(fus[1]!.reminders)).to.deep.equal([iso('2026-03-07 10:00'), iso('2026-03-08 14:48')]);
  });

  it('business hours: a follow-up on a weekend moves to the same time on the next working day', () => {
    const p = plan({ category: 'elderly_without_support', riskLevel: 'low', receivedAt: vn('2026-03-02 08:00'), firstContactAt: vn('2026-03-05 15:00') });
    expect(p.filter((d) => d.kind === 'follow_up').map((d) => d.dueAt.toISOString())).to.deep.equal([
      iso('2026-03-09 15:00'), // Sunday → Monday
      iso('2026-03-12 15:00'),
      iso('2026-04-06 15:00'), // Saturday → Monday
    ]);
  });

  it('business hours: over Tết to the first day back; outside the windows to the next opening', () => {
    const tet = plan({ category: 'disability_support', riskLevel: 'medium', receivedAt: vn('2026-02-10 08:00'), firstContactAt: vn('2026-02-11 10:00') });
    expect(byKey(tet, 'follow_up:2').dueAt.toISOString()).to.equal(iso('2026-02-23 10:00'));
    const evening = plan({ category: 'disability_support', riskLevel: 'low', receivedAt: vn('2026-03-02 08:00'), firstContactAt: vn('2026-03-02 18:00') });
    expect(byKey(evening, 'follow_up:1').dueAt.toISOString()).to.equal(iso('2026-03-06 07:30'));
  });

  it('no follow-ups are planned before the first contact', () => {
    const p = plan({ category: 'mental_illness', riskLevel: 'high', receivedAt: vn('2026-03-02 08:00'), acceptedAt: vn('2026-03-02 08:30') });
    expect(p.map((d) => d.key)).to.deep.equal(['accept', 'first_contact']);
  });
});

describe('SLA deadline plan: outcomes and determinism', () => {
  const received = vn('2026-03-02 08:00');
  const fc = vn('2026-03-02 09:00');
  const input = {
    category: 'child_abuse' as const,
    riskLevel: 'emergency' as const,
    receivedAt: received,
    acceptedAt: vn('2026-03-02 08:20'),
    firstContactAt: fc,
    followUpsDoneAt: [new Date(fc.getTime() + 8 * 86_400_000), new Date(fc.getTime() + 2 * 86_400_000)],
  };

  it('marks deadlines met (on time or late) by the milestones', () => {
    const p = plan(input);
    expect(p.map((d) => [d.key, d.status, d.metLate])).to.deep.equal([
      ['accept', 'met', true],
      ['first_contact', 'met', false],
      ['follow_up:1', 'met', false],
      ['follow_up:2', 'met', true],
      ['follow_up:3', 'pending', null],
      ['legal_clock', 'met', false],
    ]);
  });

  it('closing the case cancels what is still pending and keeps what was met', () => {
    const p = plan({ ...input, closedAt: vn('2026-03-20 10:00') });
    expect(byKey(p, 'follow_up:3').status).to.equal('cancelled');
    expect(byKey(p, 'follow_up:2').status).to.equal('met');
  });

  it('is deterministic, does not touch its input, and matches its schema', () => {
    const frozen = structuredClone(input);
    const a = plan(input);
    const b = plan(input);
    expect(a).to.deep.equal(b);
    expect(input).to.deep.equal(frozen);
    expect(() => z.array(ZPlannedDeadline).parse(a)).to.not.throw();
  });
});
