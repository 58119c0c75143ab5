import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { DomainError, page, ZReferralAnswer, ZReferralContact, ZReferralListQuery, ZReferralView, type TSessionUser } from '@hotline/core';
import { findCaseById, partnerNames, recordAudit, referralsOfPartner, toReferralView, type ReferralDoc } from '@hotline/db';
import { answerOffer, caseInUsersProvinces, recordReferralProgress, rerouteCase, userActor } from '@hotline/referrals';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';
import { ownReferral, readableReferral } from '../services/referral-access';

const ZAnswerReply = z.object({ outcome: z.string(), referral: ZReferralView.nullable() });

/** Each referral with its case and partner's name: every read side by side (an inbox page is 20 referrals). */
export async function referralViews(rows: ReferralDoc[]) {
  const caseIds = [...new Set(rows.map((r) => r.caseId.toHexString()))];
  const [names, cases] = await Promise.all([
    partnerNames([...new Set(rows.map((r) => r.partnerId.toHexString()))].map((id) => new Types.ObjectId(id))),
    Promise.all(caseIds.map((id) => findCaseById(id))),
  ]);
  const caseOf = new Map(cases.flatMap((c) => (c ? [[c._id.toHexString(), c] as const] : [])));
  return rows.flatMap((r) => {
    const kase = caseOf.get(r.caseId.toHexString());
    return kase ? [toReferralView(r, kase, names.get(r.partnerId.toHexString()) ?? '')] : [];
  });
}

export function referralRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();
  const audit = (user: TSessionUser, action: string, id: string, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'referral', targetId: id, requestId, ip: null });

  registry.add(
    router,
    { method: 'get', path: '/api/referrals', summary: "The signed-in partner's referrals (the collaborator / facility inbox)", tag: 'referrals', access: 'referral.answer', query: ZReferralListQuery, responses: { 200: page(ZReferralView) } },
    async ({ user, query }) => {
      if (!user.partnerId) return { status: 200, body: { items: [], nextCursor: null } };
      const rows = await referralsOfPartner(new Types.ObjectId(user.partnerId), query);
      return { status: 200, body: { items: await referralViews(rows.items), nextCursor: rows.nextCursor } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/referrals/:id', summary: 'One referral with its routing reasons', tag: 'referrals', access: 'referral.read', params: ZIdParams, responses: { 200: ZReferralView } },
    async ({ user, params, req }) => {
      const { referral } = await readableReferral(user, params.id);
      await audit(user, 'referral.read', params.id, req.requestId);
      return { status: 200, body: (await referralViews([referral]))[0] };
    },
  );

  for (const decision of ['accept', 'decline'] as const) {
    registry.add(
      router,
      { method: 'post', path: `/api/referrals/:id/${decision}`, summary: `${decision === 'accept' ? 'Accept' : 'Decline'} an offer (the partner's own user only)`, tag: 'referrals', access: 'referral.answer', params: ZIdParams, body: ZReferralAnswer, responses: { 200: ZAnswerReply } },
      async ({ user, params, body, req }) => {
        const { referral } = await ownReferral(user, params.id);
        const result = await answerOffer(deps.referrals, referral._id, decision, 'console', userActor(user), body.reason);
        await audit(user, `referral.${decision}`, params.id, req.requestId);
        if (result.outcome === 'already_answered') throw new DomainError('conflict', `This offer was already ${result.referral?.status}`);
        if (result.outcome === 'too_late') throw new DomainError('conflict', 'Another partner accepted this case first');
        return { status: 200, body: { outcome: result.outcome, referral: result.referral ? (await referralViews([result.referral]))[0] ?? null : null } };
      },
    );
  }

  for (const to of ['contacted', 'completed'] as const) {
    registry.add(
      router,
      { method: 'post', path: `/api/referrals/:id/${to === 'contacted' ? 'contacted' : 'complete'}`, summary: to === 'contacted' ? 'Record first contact with the person at risk' : 'Complete the referral', tag: 'referrals', access: 'referral.answer', params: ZIdParams, body: ZReferralContact, responses: { 200: ZAnswerReply } },
      async ({ user, params, body, req }) => {
        const { referral } = await ownReferral(user, params.id);
        const done = await recordReferralProgress(deps.referrals, referral._id, to, userActor(user), body.note);
        if (!done) throw new DomainError('illegal_transition', `A ${referral.status} referral cannot become ${to}`);
        await audit(user, `referral.${to}`, params.id, req.requestId);
        return { status: 200, body: { outcome: to, referral: (await referralViews([done.referral]))[0] ?? null } };
      },
    );
  }

  registry.add(
    router,
    { method: 'post', path: '/api/cases/:id/reroute', summary: 'Ask routing for the next partners (e.g. from the unroutable queue)', tag: 'referrals', access: 'case.reroute', params: ZIdParams, responses: { 202: z.object({ round: z.number().int() }) } },
    async ({ user, params, req }) => {
      const kase = await caseInUsersProvinces(user, params.id);
      if (kase.status === 'closed') throw new DomainError('illegal_transition', 'A closed case is not routed');
      if (kase.acceptedReferralId) throw new DomainError('illegal_transition', 'A partner has accepted this case; it is not offered to others while that acceptance stands');
      const round = await rerouteCase(deps.referrals, kase._id);
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case.reroute', targetType: 'case', targetId: params.id, requestId: req.requestId, ip: null });
      return { status: 202, body: { round: round ?? kase.routingRound } };
    },
  );
  return router;
}
