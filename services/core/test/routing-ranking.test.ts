/** rankPartners: who a case is offered to, in which order, and why the others are not. Pure, no I/O. */
import { expect } from 'chai';
import { awaitsFirstRound, intakePending, rankPartners, type PartnerLoad, type RoutablePartner, type RoutingCase } from '../src/index';

// Tuesday 10:00 in Vietnam (03:00 UTC).
const AT = new Date('2026-03-03T03:00:00Z');
const COMMUNE = '00004';

const kase = (over: Partial<RoutingCase> = {}): RoutingCase => ({
  category: 'child_abuse', riskLevel: 'high', provinceCode: '01', communeCode: COMMUNE, groups: ['child'], ...over,
});

let n = 0;
const partner = (over: Partial<RoutablePartner> = {}): RoutablePartner => {
  n++;
  return {
    id: over.id ?? String(n).padStart(24, '0'),
    name: `P${n}`,
    kind: 'collaborator',
    categories: ['child_abuse', 'abandoned_child'],
    area: { provinceCode: '01', communeCodes: [COMMUNE] },
    capacity: null,
    onDuty: null,
    paused: false,
    active: true,
    ...over,
  };
};

const load = (over: Partial<PartnerLoad> = {}): PartnerLoad => ({ openReferrals: 0, decided90: 0, accepted90: 0, responseMinutes: [], ...over });
const rank = (c: RoutingCase, ps: RoutablePartner[], loads: Record<string, PartnerLoad> = {}, offered: string[] = []) =>
  rankPartners(c, ps, new Map(Object.entries(loads)), new Set(offered), AT);
const order = (rows: ReturnType<typeof rank>) => rows.filter((r) => r.rank !== null).map((r) => r.name);
const reason = (rows: ReturnType<typeof rank>, name: string) => rows.find((r) => r.name === name)?.excluded;

describe('rankPartners', () => {
  it('skills: a partner not handling the category is excluded with the reason, never ranked', () => {
    const a = partner({ name: 'handles' });
    const b = partner({ name: 'other skills', categories: ['elderly_without_support'] });
    const rows = rank(kase(), [b, a]);
    expect(order(rows)).to.deep.equal(['handles']);
    expect(reason(rows, 'other skills')).to.equal('does not handle child_abuse');
    expect(rows.map((r) => r.name), 'every partner considered comes back, ranked first').to.deep.equal(['handles', 'other skills']);
  });

  it('geography: the commune before the rest of the province, whatever the load; another province is excluded', () => {
    const province = partner({ name: 'province only', area: { provinceCode: '01', communeCodes: ['00007'] } });
    const commune = partner({ name: 'commune' });
    const elsewhere = partner({ name: 'HCM', area: { provinceCode: '79', communeCodes: [COMMUNE] } });
    const rows = rank(kase(), [province, commune, elsewhere], { [commune.id]: load({ openReferrals: 9 }) });
    expect(order(rows)).to.deep.equal(['commune', 'province only']);
    expect(rows.find((r) => r.name === 'commune')).to.include({ tier: 0, rank: 1 });
    expect(rows.find((r) => r.name === 'province only')).to.include({ tier: 1, rank: 2 });
    expect(reason(rows, 'HCM')).to.equal('outside the province');
    // Without a commune every partner of the province is tier 1.
    expect(rank(kase({ communeCode: null }), [commune]).map((r) => r.tier)).to.deep.equal([1]);
  });

  it('capacity: when the case needs a bed, a facility needs a free bed for the person’s group', () => {
    const c = kase({ category: 'abandoned_child' });
    const full = partner({ name: 'full', kind: 'facility', capacity: { beds: [{ group: 'child', beds: 10, inUse: 10 }] } });
    const elderly = partner({ name: 'elderly home', kind: 'facility', capacity: { beds: [{ group: 'elderly', beds: 10, inUse: 1 }] } });
    const none = partner({ name: 'no beds', kind: 'facility', capacity: null });
    const room = partner({ name: 'room', kind: 'facility', capacity: { beds: [{ group: 'child', beds: 10, inUse: 9 }] } });
    const rows = rank(c, [full, elderly, none, room]);
    expect(order(rows)).to.deep.equal(['room']);
    expect(reason(rows, 'full')).to.equal('no free bed');
    expect(reason(rows, 'elderly home')).to.equal('does not take child');
    expect(reason(rows, 'no beds')).to.equal('no beds recorded');
    // Beds are counted per group: free elderly beds do not take a child.
    const mixed = partner({ name: 'mixed', kind: 'facility', capacity: { beds: [{ group: 'child', beds: 5, inUse: 5 }, { group: 'elderly', beds: 20, inUse: 0 }] } });
    expect(reason(rank(c, [mixed]), 'mixed')).to.equal('no free bed');
    // A case that needs no placement does not look at beds.
    expect(order(rank(kase(), [full]))).to.deep.equal(['full']);
  });

  it('availability: inactive, paused, off duty and already offered partners are excluded', () => {
    const rows = rank(kase(), [
      partner({ name: 'inactive', active: false }),
      partner({ name: 'paused', paused: true }),
      partner({ name: 'night shift', onDuty: { days: [0, 1, 2, 3, 4, 5, 6], from: '22:00', to: '06:00' } }),
      partner({ name: 'weekdays', onDuty: { days: [1, 2, 3, 4, 5], from: '08:00', to: '17:00' } }),
      partner({ id: 'f'.repeat(24), name: 'offered before' }),
    ], {}, ['f'.repeat(24)]);
    expect(order(rows)).to.deep.equal(['weekdays']);
    expect(reason(rows, 'inactive')).to.equal('inactive');
    expect(reason(rows, 'paused')).to.equal('paused');
    expect(reason(rows, 'night shift')).to.equal('off duty');
    expect(reason(rows, 'offered before')).to.equal('already offered this case');
  });

  it('load: fewer open referrals first, then the better 90-day acceptance rate, then the faster median answer', () => {
    const busy = partner({ name: 'busy' });
    const picky = partner({ name: 'picky' });
    const slow = partner({ name: 'slow' });
    const fast = partner({ name: 'fast' });
    const rows = rank(kase(), [busy, picky, slow, fast], {
      [busy.id]: load({ openReferrals: 3, decided90: 10, accepted90: 10, responseMinutes: [1] }),
      [picky.id]: load({ openReferrals: 1, decided90: 10, accepted90: 2, responseMinutes: [1] }),
      [slow.id]: load({ openReferrals: 1, decided90: 10, accepted90: 9, responseMinutes: [30, 40, 50] }),
      [fast.id]: load({ openReferrals: 1, decided90: 10, accepted90: 9, responseMinutes: [5, 100, 6] }),
    });
    expect(order(rows)).to.deep.equal(['fast', 'slow', 'picky', 'busy']);
    expect(rows.find((r) => r.name === 'fast')).to.include({ openReferrals: 1, acceptanceRate: 0.9, medianResponseMinutes: 6 });
    // No history counts as an even acceptance rate: ahead of a poor one, behind a good one.
    const fresh = partner({ name: 'fresh' });
    const again = rank(kase(), [picky, fresh, slow], { [picky.id]: load({ decided90: 10, accepted90: 2 }), [slow.id]: load({ decided90: 10, accepted90: 9 }) });
    expect(order(again)).to.deep.equal(['slow', 'fresh', 'picky']);
  });
});

describe('intake rule (triage, then the first routing round)', () => {
  it('a triaged, referable case never routed waits for round 1; information requests and routed cases do not', () => {
    expect(awaitsFirstRound({ status: 'triaged', routingRound: 0, category: 'child_abuse' })).to.equal(true);
    expect(awaitsFirstRound({ status: 'triaged', routingRound: 0, category: 'information_request' })).to.equal(false);
    expect(awaitsFirstRound({ status: 'triaged', routingRound: 1, category: 'child_abuse' }), 'routed, or found unroutable').to.equal(false);
    expect(awaitsFirstRound({ status: 'closed', routingRound: 0, category: 'child_abuse' })).to.equal(false);
    expect(intakePending({ status: 'new', routingRound: 0, category: 'information_request' }), 'a new case is still to be triaged').to.equal(true);
    expect(intakePending({ status: 'referred', routingRound: 1, category: 'child_abuse' })).to.equal(false);
  });
});
