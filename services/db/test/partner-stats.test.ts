/**
 * Partners' running routing stats: kept by every referral transition, read by
 * the ranking instead of a 90-day scan of referrals, and repaired from the
 * referrals by the reconciler's sweep.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { rankPartners, type RoutablePartner, type RoutingCase, type TRoutingDecision } from '@hotline/core';
import {
  answerReferral, expireReferral, findRoundReferrals, insertReferrals, partnerLoads,
  PartnerModel, PartnerStatsModel, ReferralModel, recordReferralStats, repairPartnerStats, roundReferralId, routingDecisionsOfCase, RoutingDecisionModel, SYSTEM_ACTOR,
  type CaseDoc, type PartnerDoc, type ReferralDoc,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const uri = testSettings('db-partner-stats').mongodbUri;
const DAY = 24 * 3600_000;
const MINUTE = 60_000;

const partner = (name: string, commune: string): PartnerDoc => ({
  _id: new Types.ObjectId(), name, kind: 'collaborator', type: 'commune_collaborator', phones: ['+84090000000'], categories: ['child_abuse'],
  area: { provinceCode: '01', communeCodes: [commune] }, provinceCode: '01', capacity: null, onDuty: null, paused: false, channels: ['sms'], userId: null,
  active: true, demo: false, createdAt: new Date(), updatedAt: new Date(),
});
const routable = (p: PartnerDoc): RoutablePartner => ({ ...p, id: p._id.toHexString(), capacity: null });
const kaseOf = () => ({ _id: new Types.ObjectId() }) as CaseDoc;
const decision: TRoutingDecision = { round: 1, decidedAt: new Date().toISOString(), offersAtOnce: 1, needsPlacement: false, candidates: [] };
let codes = 0;
const code = () => `T${String(++codes).padStart(5, '0')}`;

/** A referral as it was `daysAgo` days ago, answered after `minutes` (or never). */
async function pastReferral(p: PartnerDoc, status: ReferralDoc['status'], daysAgo: number, minutes: number | null): Promise<ReferralDoc> {
  const offeredAt = new Date(Date.now() - daysAgo * DAY);
  const r: ReferralDoc = {
    _id: new Types.ObjectId(), caseId: new Types.ObjectId(), partnerId: p._id, provinceCode: p.area.provinceCode, round: 1, status, code: code(), channels: ['sms'], channelStep: 0, offeredAt,
    answeredAt: minutes === null ? null : new Date(offeredAt.getTime() + minutes * MINUTE), answeredVia: minutes === null ? null : 'sms',
    contactedAt: null, completedAt: null, reason: null, updatedAt: offeredAt,
  };
  await ReferralModel.collection.insertOne(r);
  await recordReferralStats(r);
  return r;
}

describe('partner routing stats: open referrals, 90-day acceptance and answer times', () => {
  useFreshDatabase(uri);

  it('counts open offers as they are made and answered, and the ranking puts a busy partner after an idle one', async () => {
    const busy = partner('busy', '00004');
    const idle = partner('idle', '00004');
    for (let i = 0; i < 3; i++) await insertReferrals(kaseOf(), 1, [{ partner: busy, code: code() }], decision, code);
    let loads = await partnerLoads([busy._id, idle._id]);
    expect(loads.get(busy._id.toHexString())).to.include({ openReferrals: 3, decided90: 0 });
    expect(loads.get(idle._id.toHexString())).to.include({ openReferrals: 0 });

    const kase: RoutingCase = { category: 'child_abuse', riskLevel: 'high', provinceCode: '01', communeCode: '00004', groups: ['child'] };
    // The busy partner sorts first by id alone; the load must put it second.
    const [first, second] = busy._id.toHexString() < idle._id.toHexString() ? [busy, idle] : [idle, busy];
    const ranked = rankPartners(kase, [routable(first), routable(second)], loads, new Set(), new Date());
    expect(ranked.map((c) => c.name)).to.deep.equal(['idle', 'busy']);
    expect(ranked[1]).to.include({ openReferrals: 3, rank: 2 });

    const offers = await ReferralModel.find({ partnerId: busy._id }).lean();
    await answerReferral(offers[0]!._id, 'decline', 'sms', SYSTEM_ACTOR);
    await expireReferral(offers[1]!._id, SYSTEM_ACTOR);
    loads = await partnerLoads([busy._id]);
    expect(loads.get(busy._id.toHexString())).to.include({ openReferrals: 1, decided90: 2, accepted90: 0 });
    expect(loads.get(busy._id.toHexString())!.responseMinutes).to.have.length(1); // the expired offer has no answer time
  });

  it('acceptance rate and median answer time cover the last 90 days only, and the ranking uses them', async () => {
    const slow = partner('slow', '00007');
    const fast = partner('fast', '00007');
    await pastReferral(slow, 'accepted', 10, 120);
    await pastReferral(slow, 'declined', 20, 30);
    await pastReferral(slow, 'accepted', 100, 1); // outside the window
    await pastReferral(fast, 'completed', 5, 4);
    await pastReferral(fast, 'accepted', 30, 6);
    await pastReferral(fast, 'withdrawn', 2, 1); // taken back: says nothing about the partner
    const loads = await partnerLoads([slow._id, fast._id]);
    const s = loads.get(slow._id.toHexString())!;
    const f = loads.get(fast._id.toHexString())!;
    expect(s).to.include({ decided90: 2, accepted90: 1 });
    expect([...s.responseMinutes].sort((a, b) => a - b)).to.deep.equal([30, 120]);
    expect(f).to.include({ decided90: 2, accepted90: 2, openReferrals: 1 }); // the accepted one is still open
    const kase: RoutingCase = { category: 'child_abuse', riskLevel: 'high', provinceCode: '01', communeCode: '00007', groups: ['child'] };
    const ranked = rankPartners(kase, [routable(slow), routable(fast)], new Map([[slow._id.toHexString(), s], [fast._id.toHexString(), { ...f, openReferrals: 0 }]]), new Set(), new Date());
    expect(ranked.map((c) => [c.name, c.acceptanceRate, c.medianResponseMinutes])).to.deep.equal([['fast', 1, 5], ['slow', 0.5, 75]]);
  });

  it('the sweep rebuilds lost stats from the referrals and drops entries older than 90 days', async () => {
    const p = partner('rebuilt', '00010');
    await PartnerModel.collection.insertOne(p); // the sweep walks the partner directory, province by province
    const open = await pastReferral(p, 'offered', 1, null);
    const recent = await pastReferral(p, 'accepted', 3, 12);
    const old = await pastReferral(p, 'declined', 95, 3);
    const before = await PartnerStatsModel.collection.findOne({ _id: p._id });
    expect(Object.keys(before!.decided)).to.include(old._id.toHexString());

    await PartnerStatsModel.collection.deleteOne({ _id: p._id }); // as if the stats writes were lost
    expect(await repairPartnerStats(new Date(), 0)).to.be.greaterThan(0);
    const after = await PartnerStatsModel.collection.findOne({ _id: p._id });
    expect(Object.keys(after!.open).sort()).to.deep.equal([open._id.toHexString(), recent._id.toHexString()].sort());
    expect(Object.keys(after!.decided)).to.deep.equal([recent._id.toHexString()]);
    expect((await partnerLoads([p._id])).get(p._id.toHexString())).to.deep.equal({ openReferrals: 2, decided90: 1, accepted90: 1, responseMinutes: [12] });

    // Nothing left to repair: the sweep changes nothing (for this partner or any other).
    expect(await repairPartnerStats(new Date(), 0)).to.equal(0);
  });

  it('a routing round re-run finds its offers by (case, round, slot) and makes no second one, even when the ranking changed', async () => {
    const a = partner('first choice', '00013');
    const b = partner('second choice', '00013');
    const kase = kaseOf();
    const made = await insertReferrals(kase, 1, [{ partner: a, code: code() }], decision, code);
    expect(made[0]!._id.equals(roundReferralId(kase._id, 1, 0))).to.equal(true);
    const again = await insertReferrals(kase, 1, [{ partner: b, code: code() }], decision, code);
    expect(again.map((r) => r.partnerId.toHexString())).to.deep.equal([a._id.toHexString()]);
    expect(await ReferralModel.countDocuments({ caseId: kase._id })).to.equal(1);
    expect((await findRoundReferrals(kase._id, 1, 2)).map((r) => r._id.toHexString())).to.deep.equal([made[0]!._id.toHexString()]);
    expect(await findRoundReferrals(kase._id, 2, 2)).to.deep.equal([]);
    expect((await partnerLoads([a._id, b._id])).get(b._id.toHexString())!.openReferrals).to.equal(0);
  });

  it('a round over hundreds of partners stores its decision once; each referral keeps only its own partner\'s line', async () => {
    const kase = kaseOf();
    const chosen = [partner('rank one', '00013'), partner('rank two', '00013')];
    const candidates = Array.from({ length: 300 }, (_, i) => ({
      partnerId: i < 2 ? chosen[i]!._id.toHexString() : new Types.ObjectId().toHexString(), name: `Đối tác ${i}`, tier: i < 150 ? 0 : 1,
      openReferrals: i % 7, acceptanceRate: 0.5, medianResponseMinutes: 12, rank: i < 200 ? i + 1 : null, excluded: i < 200 ? null : 'paused',
    }));
    const wide: TRoutingDecision = { round: 1, decidedAt: new Date().toISOString(), offersAtOnce: 2, needsPlacement: false, candidates };
    const made = await insertReferrals(kase, 1, chosen.map((p) => ({ partner: p, code: code() })), wide, code);
    // A re-run of the round (a crash before the case was marked) writes no second decision.
    await insertReferrals(kase, 1, chosen.map((p) => ({ partner: p, code: code() })), { ...wide, candidates: candidates.slice(5) }, code);
    expect(await RoutingDecisionModel.countDocuments({ caseId: kase._id })).to.equal(1);
    const [stored] = await routingDecisionsOfCase(kase._id);
    expect(stored!.candidates).to.have.length(300);
    expect(stored!.candidates.filter((c) => c.excluded === 'paused')).to.have.length(100);
    expect(made.map((r) => r.reason?.rank)).to.deep.equal([1, 2]);
    const raw = await ReferralModel.collection.findOne({ _id: made[1]!._id });
    expect(raw?.reason).to.include({ partnerId: chosen[1]!._id.toHexString(), name: 'Đối tác 1', rank: 2, tier: 0 });
    expect(JSON.stringify(raw).length, 'a referral does not carry the other candidates').to.be.lessThan(1500);
  });
});
