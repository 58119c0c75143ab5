/**
 * Referral writes. A referral's own status is changed by a conditional update
 * (so two answers to one offer cannot both count); the case side (status,
 * timeline) follows through the case outbox. Anything a crash leaves between
 * the two is repaired by `repairAcceptedReferrals` in the reconciler.
 */
import { Types } from 'mongoose';
import {
  OPEN_REFERRAL_STATUSES, referralSourcesOf, type TActor, type TSystemCause, type TReferralStatus, type TRoutingDecision,
} from '@hotline/core';
import { CaseModel, type CaseDoc, type OutboxEntry } from '../models/case';
import { ReferralModel, type ReferralDoc } from '../models/referral';
import { PartnerModel, type PartnerDoc } from '../models/partner';
import { faultPoint } from '../fault-points';
import { outboxEntry, relayCaseOutbox, withOutbox } from './case-outbox';
import { isDuplicateKey } from './calls';
import { recordReferralStats } from './partner-stats';
import { saveRoutingDecision } from './routing-decisions';
import { caseDerivedId } from './case-derived-ids';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

export const referralEvent = (type: string, r: Pick<ReferralDoc, '_id' | 'partnerId' | 'round'>, actor: TActor, extra: Record<string, unknown> = {}) =>
  outboxEntry(type, actor, { referralId: r._id.toHexString(), partnerId: r.partnerId.toHexString(), round: r.round, ...extra });

/** Partners of the province that handle the category: the routing worker's candidates (without bookkeeping fields). */
export async function partnersForRouting(provinceCode: string, category: string): Promise<PartnerDoc[]> {
  return PartnerModel.find({ provinceCode, categories: category }, { createdAt: 0, updatedAt: 0, demo: 0 }).lean<PartnerDoc[]>();
}

/** The id of the `slot`-th offer of a routing round (0 = the best ranked), derived from (case, round, slot). */
export const roundReferralId = (caseId: Types.ObjectId, round: number, slot: number): Types.ObjectId => caseDerivedId(caseId, `${round}:${slot}`);

/** The offers an earlier run of this round made, in slot order (slots are inserted in order, so the first gap ends them). */
export async function findRoundReferrals(caseId: Types.ObjectId, round: number, maxSlots: number): Promise<ReferralDoc[]> {
  const found: ReferralDoc[] = [];
  for (let slot = 0; slot < maxSlots; slot++) {
    const r = await ReferralModel.findById(roundReferralId(caseId, round, slot)).lean();
    if (!r) break;
    found.push(r);
  }
  return found;
}

export interface NewOffer {
  partner: PartnerDoc;
  code: string;
}

/**
 * Records the offers of one routing round. Idempotent: each offer's `_id` is
 * derived from (case, round, slot) and the (case, partner, round) index is
 * unique, so a second run finds the referrals the first one made.
 */
export async function insertReferrals(kase: CaseDoc, round: number, offers: NewOffer[], decision: TRoutingDecision, newCode: () => string): Promise<ReferralDoc[]> {
  const now = new Date();
  await saveRoutingDecision(kase._id, decision);
  const made: ReferralDoc[] = [];
  for (const [slot, offer] of offers.entries()) {
    let code = offer.code;
    for (let attempt = 0; ; attempt++) {
      const doc: ReferralDoc = {
        _id: roundReferralId(kase._id, round, slot),
        caseId: kase._id,
        partnerId: offer.partner._id,
        provinceCode: kase.provinceCode,
        round,
        status: 'offered',
        code,
        channels: offer.partner.channels,
        channelStep: 0,
        offeredAt: now,
        answeredAt: null,
        answeredVia: null,
        contactedAt: null,
        completedAt: null,
        reason: decision.candidates.find((c) => c.partnerId === offer.partner._id.toHexString()) ?? null,
        updatedAt: now,
      };
      try {
        await ReferralModel.collection.insertOne(doc);
        made.push(doc);
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // This slot, or this partner in this round, is already on offer (an earlier or concurrent run).
        const existing = (await ReferralModel.findById(doc._id).lean()) ?? (await ReferralModel.findOne({ caseId: kase._id, partnerId: offer.partner._id, round }).lean());
        if (existing) {
          if (!made.some((m) => m._id.equals(existing._id))) made.push(existing);
          break;
        }
        if (attempt > 5) throw err;
        code = newCode(); // the code was taken: draw another
      }
    }
  }
  for (const r of made) await recordReferralStats(r, now);
  await faultPoint('routing.after-referral');
  return made;
}

/**
 * The case side of a routing round: status referred, the partners who may now
 * read it, one `referral.offered` event each. Applies once per round.
 */
export async function markCaseReferred(kase: CaseDoc, round: number, referrals: ReferralDoc[], partnerNames: Map<string, string>, actor: TActor): Promise<CaseDoc | null> {
  const events = referrals.map((r) => referralEvent('referral.offered', r, actor, { partnerName: partnerNames.get(r.partnerId.toHexString()) ?? null }));
  const updated = await CaseModel.findOneAndUpdate(
    // Never over a standing acceptance: a round queued before a partner accepted (an SLA reoffer, a decline's
    // reroute) and run after it must not clear the acceptance and offer the case again.
    { _id: kase._id, status: { $in: ['triaged', 'referred', 'accepted'] }, acceptedReferralId: null, routingRound: { $lt: round } },
    {
      ...withOutbox({ status: 'referred', routingState: 'offered', routingRound: round, acceptedReferralId: null }, events),
      $addToSet: { referredPartnerIds: { $each: referrals.map((r) => r.partnerId) } },
    },
    { new: true },
  ).lean();
  if (updated) await relayCaseOutbox(kase._id);
  return updated;
}

/** No partner could take the case: it waits in the supervisors' unroutable queue. */
export async function markCaseUnroutable(caseId: Types.ObjectId, round: number, cause: TSystemCause, actor: TActor): Promise<CaseDoc | null> {
  const event = outboxEntry('routing.unroutable', actor, { round, cause });
  const updated = await CaseModel.findOneAndUpdate(
    { _id: caseId, routingRound: { $lt: round }, status: { $ne: 'closed' } },
    withOutbox({ routingState: 'unroutable', routingRound: round }, [event]),
    { new: true },
  ).lean();
  if (updated) await relayCaseOutbox(caseId);
  return updated;
}

export type AnswerOutcome = 'accepted' | 'declined' | 'already_answered' | 'too_late' | 'not_found';

export interface AnswerResult {
  outcome: AnswerOutcome;
  referral: ReferralDoc | null;
  case: CaseDoc | null;
  /** Offers of the same case withdrawn because this one was accepted first. */
  withdrawn: ReferralDoc[];
  /** Declined and nothing else is on offer: the case needs another routing round. */
  needsReroute: boolean;
}

/** A partner accepts or declines an offer (console, SMS reply or keypad). */
export async function answerReferral(id: string | Types.ObjectId, decision: 'accept' | 'decline', via: string, actor: TActor, reason?: string): Promise<AnswerResult> {
  const now = new Date();
  const status: TReferralStatus = decision === 'accept' ? 'accepted' : 'declined';
  const r = await ReferralModel.findOneAndUpdate(
    { _id: oid(id), status: 'offered' },
    { $set: { status, answeredAt: now, answeredVia: via, updatedAt: now } },
    { new: true },
  ).lean();
  if (r) await recordReferralStats(r, now);
  if (!r) {
    const current = await ReferralModel.findById(oid(id)).lean();
    return { outcome: current ? 'already_answered' : 'not_found', referral: current, case: null, withdrawn: [], needsReroute: false };
  }
  await faultPoint('referral.after-answer');
  if (decision === 'decline') {
    const still = await ReferralModel.countDocuments({ caseId: r.caseId, status: { $in: ['offered', 'accepted', 'contacted'] } });
    const kase = await CaseModel.findOneAndUpdate({ _id: r.caseId }, withOutbox({}, [referralEvent('referral.declined', r, actor, { via, ...(reason ? { reason } : {}) })]), { new: true }).lean();
    await relayCaseOutbox(r.caseId);
    return { outcome: 'declined', referral: r, case: kase, withdrawn: [], needsReroute: still === 0 };
  }
  return completeAcceptance(r, actor, via);
}

/** The case side of an acceptance: first accepted offer wins, the others are withdrawn. */
async function completeAcceptance(r: ReferralDoc, actor: TActor, via: string): Promise<AnswerResult> {
  const now = new Date();
  const won = await CaseModel.findOneAndUpdate(
    { _id: r.caseId, status: 'referred', acceptedReferralId: null },
    withOutbox({ status: 'accepted', routingState: 'accepted', acceptedReferralId: r._id }, [
      referralEvent('referral.accepted', r, actor, { via }),
      outboxEntry('case.status_changed', actor, { from: 'referred', to: 'accepted', referralId: r._id.toHexString() }),
    ]),
    { new: true },
  ).lean();
  if (!won) {
    const kase = await CaseModel.findById(r.caseId).lean();
    if (kase?.acceptedReferralId?.equals(r._id)) return { outcome: 'accepted', referral: r, case: kase, withdrawn: [], needsReroute: false };
    // Another partner accepted first (or the case closed): this offer is withdrawn.
    const lost = await ReferralModel.findOneAndUpdate({ _id: r._id, status: 'accepted' }, { $set: { status: 'withdrawn', updatedAt: now } }, { new: true }).lean();
    if (lost) {
      await recordReferralStats(lost, now);
      await CaseModel.updateOne({ _id: r.caseId }, withOutbox({}, [referralEvent('referral.withdrawn', r, actor, { cause: 'another_partner_accepted' satisfies TSystemCause })]));
      await relayCaseOutbox(r.caseId);
    }
    return { outcome: 'too_late', referral: lost ?? r, case: kase, withdrawn: [], needsReroute: false };
  }
  const siblings = await ReferralModel.find({ caseId: r.caseId, _id: { $ne: r._id }, status: 'offered' }).lean();
  const withdrawn: ReferralDoc[] = [];
  for (const s of siblings) {
    const w = await ReferralModel.findOneAndUpdate({ _id: s._id, status: 'offered' }, { $set: { status: 'withdrawn', updatedAt: now } }, { new: true }).lean();
    if (w) {
      await recordReferralStats(w, now);
      withdrawn.push(w);
    }
  }
  let kase = won;
  if (withdrawn.length) {
    kase = (await CaseModel.findOneAndUpdate({ _id: r.caseId }, withOutbox({}, withdrawn.map((w) => referralEvent('referral.withdrawn', w, actor, { cause: 'another_partner_accepted' satisfies TSystemCause }))), { new: true }).lean()) ?? won;
  }
  await relayCaseOutbox(r.caseId);
  return { outcome: 'accepted', referral: r, case: kase, withdrawn, needsReroute: false };
}

/** Repairs acceptances a crash left half done (referral accepted, case still waiting). */
export async function repairAcceptedReferrals(actor: TActor, olderThanMs = 10_000): Promise<number> {
  const stale = await ReferralModel.find({ status: 'accepted', answeredAt: { $lt: new Date(Date.now() - olderThanMs) } }, { caseId: 1 }).lean();
  if (stale.length === 0) return 0;
  const waiting = await CaseModel.find({ _id: { $in: stale.map((s) => s.caseId) }, status: 'referred', acceptedReferralId: null }, { _id: 1 }).lean();
  let repaired = 0;
  for (const c of waiting) {
    const r = await ReferralModel.findOne({ caseId: c._id, status: 'accepted' }).sort({ answeredAt: 1 }).lean();
    if (r && (await completeAcceptance(r, actor, r.answeredVia ?? 'repair')).outcome === 'accepted') repaired++;
  }
  return repaired;
}

/** An offer nobody answered on any channel. Returns null if it was answered meanwhile. */
export async function expireReferral(id: Types.ObjectId, actor: TActor): Promise<{ referral: ReferralDoc; needsReroute: boolean } | null> {
  const r = await ReferralModel.findOneAndUpdate({ _id: id, status: 'offered' }, { $set: { status: 'expired', updatedAt: new Date() } }, { new: true }).lean();
  if (!r) return null;
  await recordReferralStats(r);
  await CaseModel.updateOne({ _id: r.caseId }, withOutbox({}, [referralEvent('referral.expired', r, actor)]));
  await relayCaseOutbox(r.caseId);
  const still = await ReferralModel.countDocuments({ caseId: r.caseId, status: { $in: ['offered', 'accepted', 'contacted'] } });
  return { referral: r, needsReroute: still === 0 };
}

/** Moves an unanswered offer to its next channel; null when it was answered or already moved. */
export async function advanceReferralChannel(id: Types.ObjectId, fromStep: number): Promise<ReferralDoc | null> {
  return ReferralModel.findOneAndUpdate(
    { _id: id, status: 'offered', channelStep: fromStep },
    { $set: { channelStep: fromStep + 1, updatedAt: new Date() } },
    { new: true },
  ).lean();
}

/**
 * The partner's follow-through: first contact with the person at risk
 * (accepted → contacted, case → in_progress) and completion.
 */
export async function progressReferral(id: Types.ObjectId, to: 'contacted' | 'completed', actor: TActor, note?: string): Promise<{ referral: ReferralDoc; case: CaseDoc | null } | null> {
  const now = new Date();
  const set: Record<string, unknown> = { status: to, updatedAt: now, ...(to === 'contacted' ? { contactedAt: now } : { completedAt: now }) };
  const r = await ReferralModel.findOneAndUpdate({ _id: id, status: { $in: referralSourcesOf(to) } }, { $set: set }, { new: true }).lean();
  if (!r) return null;
  await recordReferralStats(r, now);
  const events: OutboxEntry[] = [referralEvent(`referral.${to}`, r, actor, note ? { note } : {})];
  let kase: CaseDoc | null = null;
  if (to === 'contacted') {
    kase = await CaseModel.findOneAndUpdate(
      { _id: r.caseId, status: 'accepted' },
      withOutbox({ status: 'in_progress' }, [...events, outboxEntry('case.status_changed', actor, { from: 'accepted', to: 'in_progress', referralId: r._id.toHexString() })]),
      { new: true },
    ).lean();
  }
  kase ??= await CaseModel.findOneAndUpdate({ _id: r.caseId }, withOutbox({}, events), { new: true }).lean();
  await relayCaseOutbox(r.caseId);
  return { referral: r, case: kase };
}

/** A closed case cancels its open referrals (their timeline events go with the close). */
export async function cancelOpenReferrals(caseId: Types.ObjectId): Promise<ReferralDoc[]> {
  const open = await ReferralModel.find({ caseId, status: { $in: OPEN_REFERRAL_STATUSES } }, { _id: 1 }).lean();
  const cancelled: ReferralDoc[] = [];
  for (const o of open) {
    const r = await ReferralModel.findOneAndUpdate({ _id: o._id, status: { $in: OPEN_REFERRAL_STATUSES } }, { $set: { status: 'cancelled', updatedAt: new Date() } }, { new: true }).lean();
    if (r) {
      await recordReferralStats(r);
      cancelled.push(r);
    }
  }
  return cancelled;
}

export async function findReferralById(id: string | Types.ObjectId): Promise<ReferralDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return ReferralModel.findById(id).lean();
}

export async function findReferralByCode(code: string): Promise<ReferralDoc | null> {
  return ReferralModel.findOne({ code: code.toUpperCase() }).lean();
}

export async function referralsOfCase(caseId: Types.ObjectId): Promise<ReferralDoc[]> {
  return ReferralModel.find({ caseId }).sort({ round: 1, offeredAt: 1 }).lean();
}

export async function referralsOfPartner(partnerId: Types.ObjectId, q: { status?: TReferralStatus | undefined; cursor?: string | undefined; limit: number }) {
  const filter: Record<string, unknown> = { partnerId };
  if (q.status) filter.status = q.status;
  if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
  const rows = await ReferralModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean();
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? (items[items.length - 1]?._id.toHexString() ?? null) : null };
}
