import { expect } from 'chai';
import { DEFAULT_SLA_POLICIES, escalationChain, nextEscalation, policyFor } from '../src/sla/index';

describe('SLA escalation', () => {
  const policy = policyFor(DEFAULT_SLA_POLICIES, 'domestic_violence', 'high')!;

  it('an unaccepted referral escalates reoffer → supervisor → province manager, then stops', () => {
    const steps = [0, 1, 2, 3].map((level) => nextEscalation(policy, 'accept', level));
    expect(steps.map((s) => s && [s.level, s.action, s.audience, s.role, s.last])).to.deep.equal([
      [1, 'reoffer', 'next_candidate', null, false],
      [2, 'supervisor', 'province_supervisors', 'supervisor', false],
      [3, 'province_manager', 'province_managers', 'manager', true],
      null,
    ]);
  });

  it('a missed first contact or follow-up goes to people: supervisor, then province manager', () => {
    for (const kind of ['first_contact', 'follow_up'] as const) {
      expect([0, 1, 2].map((l) => nextEscalation(policy, kind, l)?.action ?? null), kind).to.deep.equal(['supervisor', 'province_manager', null]);
    }
  });

  it('a passed legal clock goes to the province manager', () => {
    const legal = DEFAULT_SLA_POLICIES.legalClock;
    expect(nextEscalation(legal, 'legal_clock', 0)).to.deep.equal({
      level: 1, action: 'province_manager', audience: 'province_managers', role: 'manager', afterMinutes: 0, last: true,
    });
    expect(nextEscalation(legal, 'legal_clock', 1)).to.equal(null);
  });

  it('follows the stored delays of each step', () => {
    expect(escalationChain(policy, 'accept').map((s) => s.afterMinutes)).to.deep.equal([0, 15, 60]);
    expect(nextEscalation(policy, 'accept', 2)!.afterMinutes).to.equal(60);
  });

  it('refuses a legal clock asked about a policy kind (and the reverse), and a bad level', () => {
    expect(() => nextEscalation(policy, 'legal_clock', 0)).to.throw(TypeError);
    expect(() => nextEscalation(DEFAULT_SLA_POLICIES.legalClock, 'accept', 0)).to.throw(TypeError);
    expect(() => nextEscalation(policy, 'accept', -1)).to.throw(RangeError);
    expect(() => nextEscalation(policy, 'accept', 1.5)).to.throw(RangeError);
  });
});
