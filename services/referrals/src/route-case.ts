/**
 * One routing round of a case: rank the partners, offer it to the best one
 * (two at once for emergencies), or put it in the unroutable queue. Safe to
 * run twice for the same round: referrals are unique per (case, partner, round).
 */
import { Types } from 'mongoose';
import {
  isReferable, needsPlacement, offersAtOnce, personGroupOf, provinceAudience, rankPartners,
  type RoutablePartner, type TRoutingDecision, type TSystemCause,
} from '@hotline/core';
import {
  bedsWithOccupancy, findCaseById, findPartnerById, occupancyOf, type GroupCounts, findRoundReferrals, insertReferrals, markCaseReferred, markCaseUnroutable, partnerLoads, partnersForRouting,
  ReferralModel, SYSTEM_ACTOR, toCaseCard, type PartnerDoc, type ReferralDoc,
} from '@hotline/db';
import { newReferralCode } from '@hotline/telephony';
import type { ReferralDeps } from './referral-deps';
import { JOBS } from '@hotline/queue';
import { caseDocChanged } from './referral-events';

/** `occupancy`: the facility's residents per group (its occupancy document), so free beds are real. */
const routable = (p: PartnerDoc, occupancy: Map<string, GroupCounts>): RoutablePartner => ({
  id: p._id.toHexString(),
  name: p.name,
  kind: p.kind,
  categories: p.categories,
  area: p.area,
  capacity: p.capacity ? { beds: bedsWithOccupancy(p.capacity, occupancy.get(p._id.toHexString())) } : null,
  onDuty: p.onDuty,
  paused: p.paused,
  active: p.active,
});

export type RouteOutcome = 'offered' | 'resumed' | 'unroutable' | 'skipped';

/** The most offers one round makes (an emergency's). */
const MAX_OFFERS_AT_ONCE = offersAtOnce('emergency');

export async function routeCase(deps: ReferralDeps, caseId: string, round: number, now = new Date()): Promise<RouteOutcome> {
  const kase = await findCaseById(caseId);
  // A case a partner has accepted is not offered again while the acceptance stands (markCaseReferred checks it too).
  if (!kase || kase.status === 'closed' || kase.acceptedReferralId || !isReferable(kase.category) || kase.routingRound > round) return 'skipped';

  // An earlier run of this round (a crash, a stalled job) may have made the offers already: their ids derive from (case, round, slot).
  let referrals: ReferralDoc[] = await findRoundReferrals(kase._id, round, MAX_OFFERS_AT_ONCE);
  let outcome: RouteOutcome = 'resumed';
  let names: Map<string, string>;
  if (referrals.length === 0) {
    // Partners offered this case before are not offered it again. Round 1 has no earlier round; later
    // rounds read the case's referrals (the case's list misses a round a crash kept from reaching the case).
    const [partners, earlier] = await Promise.all([
      partnersForRouting(kase.provinceCode, kase.category),
      round > 1 ? ReferralModel.find({ caseId: kase._id }, { partnerId: 1 }).lean() : Promise.resolve([]),
    ]);
    const alreadyOffered = new Set([...kase.referredPartnerIds, ...earlier.map((r) => r.partnerId)].map((id) => id.toHexString()));
    // Open referrals and 90-day stats come from the partners' running stats (see @hotline/db partner-stats).
    const [loads, occupancy] = await Promise.all([
      partnerLoads(partners.map((p) => p._id), now, kase.provinceCode),
      needsPlacement(kase.category) ? occupancyOf(partners.filter((p) => p.kind === 'facility').map((p) => p._id)) : Promise.resolve(new Map<string, GroupCounts>()),
    ]);
    const candidates = rankPartners(
      {
        category: kase.category,
        riskLevel: kase.riskLevel,
        provinceCode: kase.location.provinceCode,
        communeCode: kase.location.communeCode,
        groups: [...new Set(kase.subjects.map((s) => personGroupOf({ group: s.group, ageYears: s.ageYears ?? undefined })))],
      },
      partners.map((p) => routable(p, occupancy)),
      loads,
      alreadyOffered,
      now,
    );
    const n = offersAtOnce(kase.riskLevel);
    const chosen = candidates.filter((c) => c.rank !== null).slice(0, n);
    const decision: TRoutingDecision = { round, decidedAt: now.toISOString(), offersAtOnce: n, needsPlacement: needsPlacement(kase.category), candidates };
    if (chosen.length === 0) {
      const cause: TSystemCause = candidates.length === 0 ? 'no_partner_for_category' : 'every_partner_excluded';
      const updated = await markCaseUnroutable(kase._id, round, cause, SYSTEM_ACTOR);
      if (updated) {
        deps.realtime.emit(provinceAudience(kase.location.provinceCode), 'routing.unroutable', { case: toCaseCard(updated), round, cause });
        caseDocChanged(deps, updated, 'routing.unroutable');
        deps.log('warn', { caseId, round, cause }, 'case is unroutable; waiting for a supervisor');
      }
      return 'unroutable';
    }
    const byId = new Map(partners.map((p) => [p._id.toHexString(), p]));
    referrals = await insertReferrals(kase, round, chosen.map((c) => ({ partner: byId.get(c.partnerId)!, code: newReferralCode() })), decision, newReferralCode);
    names = new Map(chosen.map((c) => [c.partnerId, c.name]));
    outcome = 'offered';
  } else {
    const partners = await Promise.all(referrals.map((r) => findPartnerById(r.partnerId)));
    names = new Map(partners.flatMap((p) => (p ? [[p._id.toHexString(), p.name] as const] : [])));
  }
  if (kase.routingRound < round) {
    const updated = await markCaseReferred(kase, round, referrals, names, SYSTEM_ACTOR);
    if (updated) caseDocChanged(deps, updated, 'referral.offered');
  }
  for (const r of referrals) {
    if (r.status === 'offered') await deps.producers.add(JOBS.notify, { referralId: r._id.toHexString(), step: r.channelStep });
  }
  return outcome;
}

/** The next round after a decline or expiry (or a supervisor asking). */
export async function rerouteCase(deps: ReferralDeps, caseId: Types.ObjectId | string): Promise<number | null> {
  const kase = await findCaseById(caseId);
  if (!kase || kase.status === 'closed') return null;
  const round = kase.routingRound + 1;
  await deps.producers.add(JOBS.route, { caseId: kase._id.toHexString(), round });
  return round;
}
