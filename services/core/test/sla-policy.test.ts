import { expect } from 'chai';
import { CATEGORY_CODES, RISK_LEVELS, type TCategory, type TRiskLevel } from '../src/enums';
import {
  DEFAULT_SLA_POLICIES, ZSlaPolicySet, defaultSlaPolicies, policyFor, type TSlaPolicy, type TSlaPolicySet,
} from '../src/sla/index';

describe('SLA default policies', () => {
  const table: [TRiskLevel, number, number, TSlaPolicy['clock']][] = [
    ['emergency', 15, 120, 'around_the_clock'],
    ['high', 60, 720, 'around_the_clock'],
    ['medium', 240, 1440, 'business_hours'],
    ['low', 1440, 4320, 'business_hours'],
  ];
  for (const [risk, accept, firstContact, clock] of table) {
    it(`${risk}: accept ${accept} min, first contact ${firstContact} min, ${clock}, for every referable category`, () => {
      for (const category of CATEGORY_CODES.filter((c) => c !== 'information_request')) {
        const p = policyFor(DEFAULT_SLA_POLICIES, category, risk)!;
        expect(p, category).to.include({ acceptWithinMinutes: accept, firstContactWithinMinutes: firstContact, clock });
        expect(p.followUpAfterDays).to.deep.equal([3, 7, 30]);
        expect(p.reminderFractions).to.deep.equal([0.5, 0.8]);
      }
    });
  }
  it('information_request has no referral deadlines', () => {
    for (const risk of RISK_LEVELS) expect(policyFor(DEFAULT_SLA_POLICIES, 'information_request', risk)).to.equal(null);
  });
  it('the legal clock is 12 hours for child categories at emergency and high risk, alerting 120 and 30 minutes before', () => {
    expect(DEFAULT_SLA_POLICIES.legalClock).to.deep.include({
      kind: 'legal_child_protection',
      withinHours: 12,
      categories: ['child_abuse', 'abandoned_child', 'child_labour_trafficking'],
      childSubjectCategories: ['sexual_abuse'],
      riskLevels: ['emergency', 'high'],
      escalateBeforeMinutes: [120, 30],
    });
    expect(DEFAULT_SLA_POLICIES.legalClock.legalBasis).to.match(/56\/2017\/NĐ-CP/);
  });
  it('survives a JSON round trip, as stored in the database', () => {
    expect(ZSlaPolicySet.parse(JSON.parse(JSON.stringify(DEFAULT_SLA_POLICIES)))).to.deep.equal(DEFAULT_SLA_POLICIES);
  });
  it('policyFor refuses to answer for a set missing a referable pair instead of returning nothing', () => {
    const partial: TSlaPolicySet = { ...defaultSlaPolicies(), policies: [] };
    expect(() => policyFor(partial, 'child_abuse', 'high')).to.throw(/No SLA policy for child_abuse × high/);
  });
});

describe('SLA policy schema refuses bad policies with the right path', () => {
  const indexOf = (set: TSlaPolicySet, c: TCategory, r: TRiskLevel) => set.policies.findIndex((p) => p.category === c && p.riskLevel === r);
  type Edit = (set: TSlaPolicySet, at: (c: TCategory, r: TRiskLevel) => TSlaPolicy) => void;
  const cases: [string, Edit, (set: TSlaPolicySet) => string, RegExp][] = [
    [
      'first contact sooner than accept',
      (_s, at) => { at('domestic_violence', 'medium').firstContactWithinMinutes = 100; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'medium')}.firstContactWithinMinutes`,
      /at least acceptWithinMinutes \(240\)/,
    ],
    ['a fraction of 1', (_s, at) => { at('mental_illness', 'low').reminderFractions = [0.5, 1]; }, (s) => `policies.${indexOf(s, 'mental_illness', 'low')}.reminderFractions.1`, /less than 1/],
    ['a fraction of 0', (_s, at) => { at('mental_illness', 'low').reminderFractions = [0]; }, (s) => `policies.${indexOf(s, 'mental_illness', 'low')}.reminderFractions.0`, /greater than 0/],
    ['fractions out of order', (_s, at) => { at('mental_illness', 'low').reminderFractions = [0.8, 0.5]; }, (s) => `policies.${indexOf(s, 'mental_illness', 'low')}.reminderFractions.1`, /ascending/],
    ['follow-ups out of order', (_s, at) => { at('mental_illness', 'low').followUpAfterDays = [7, 3]; }, (s) => `policies.${indexOf(s, 'mental_illness', 'low')}.followUpAfterDays.1`, /ascending/],
    [
      'supervisor before reoffer',
      (_s, at) => { at('domestic_violence', 'high').escalation.accept = [{ action: 'supervisor', afterMinutes: 0 }, { action: 'reoffer', afterMinutes: 5 }, { action: 'province_manager', afterMinutes: 10 }]; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'high')}.escalation.accept.1.action`,
      /order is reoffer → supervisor → province_manager/,
    ],
    [
      'an escalation step earlier than the one before it',
      (_s, at) => { at('domestic_violence', 'high').escalation.accept[2]!.afterMinutes = 1; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'high')}.escalation.accept.2.afterMinutes`,
      /at least 15/,
    ],
    [
      'a chain ending with a reoffer (nobody is told)',
      (_s, at) => { at('domestic_violence', 'high').escalation.accept = [{ action: 'reoffer', afterMinutes: 0 }]; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'high')}.escalation.accept.0.action`,
      /must end with a person/,
    ],
    [
      'an empty chain',
      (_s, at) => { at('domestic_violence', 'high').escalation.first_contact = []; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'high')}.escalation.first_contact`,
      /at least one step/,
    ],
    [
      'a reoffer for a follow-up',
      (_s, at) => { at('domestic_violence', 'low').escalation.follow_up = [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 0 }]; },
      (s) => `policies.${indexOf(s, 'domestic_violence', 'low')}.escalation.follow_up.0.action`,
      /reoffer only applies/,
    ],
    ['a missing category × risk', (s) => { s.policies.splice(indexOf(s, 'elderly_without_support', 'low'), 1); }, () => 'policies', /no policy for elderly_without_support × low/],
    ['a duplicate category × risk', (s) => { s.policies.push(structuredClone(s.policies[0]!)); }, (s) => `policies.${s.policies.length - 1}`, /duplicates the policy for child_abuse × emergency at policies.0/],
    [
      'deadlines for information_request',
      (s) => { s.policies.push({ ...structuredClone(s.policies[0]!), category: 'information_request' }); },
      (s) => `policies.${s.policies.length - 1}.category`,
      /no referral deadlines/,
    ],
    [
      'a child case at high risk on business hours (the legal clock runs around the clock)',
      (_s, at) => { at('child_abuse', 'high').clock = 'business_hours'; },
      (s) => `policies.${indexOf(s, 'child_abuse', 'high')}.clock`,
      /around_the_clock: the 12-hour legal clock applies to child_abuse × high/,
    ],
    [
      'a child case at high risk with first contact beyond 12 hours',
      (_s, at) => { at('abandoned_child', 'high').firstContactWithinMinutes = 1440; },
      (s) => `policies.${indexOf(s, 'abandoned_child', 'high')}.firstContactWithinMinutes`,
      /at most 720/,
    ],
    ['legal alerts out of order', (s) => { s.legalClock.escalateBeforeMinutes = [30, 120]; }, () => 'legalClock.escalateBeforeMinutes.1', /earliest alert first/],
    ['a legal alert before the window opens', (s) => { s.legalClock.escalateBeforeMinutes = [720]; }, () => 'legalClock.escalateBeforeMinutes.0', /less than the window \(720 minutes\)/],
    ['a reoffer for the legal clock', (s) => { s.legalClock.escalation = [{ action: 'reoffer', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 0 }]; }, () => 'legalClock.escalation.0.action', /reoffer only applies/],
    ['a legal clock over no risk level', (s) => { s.legalClock.riskLevels = []; }, () => 'legalClock.riskLevels', /./],
  ];
  for (const [name, edit, path, message] of cases) {
    it(name, () => {
      const set = defaultSlaPolicies();
      edit(set, (c, r) => set.policies[indexOf(set, c, r)]!);
      const result = ZSlaPolicySet.safeParse(JSON.parse(JSON.stringify(set)));
      expect(result.success, 'should be refused').to.equal(false);
      const issue = result.error!.issues.find((i) => i.path.join('.') === path(set));
      expect(issue, `issues: ${result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).to.not.equal(undefined);
      expect(issue!.message).to.match(message);
    });
  }
  it('refuses unknown fields (a typo is not silently ignored)', () => {
    const set = JSON.parse(JSON.stringify(DEFAULT_SLA_POLICIES));
    set.policies[0].acceptWithinMinute = 10;
    const result = ZSlaPolicySet.safeParse(set);
    expect(result.success).to.equal(false);
    expect(result.error!.issues[0]!.path.join('.')).to.equal('policies.0');
  });
});
