import { Router } from 'express';
import { z } from 'zod';
import {
  DomainError, partnerCaseView, ZConsentOverrideInput, provinceScope, seesProvince, ZCaseCard, ZCaseListQuery, ZCaseTriagePatch, ZCaseView,
  ZNoteInput, ZStatusChange, ZTimelineEvent, page, type TCaseView, type TSessionUser,
} from '@hotline/core';
import {
  caseTimeline, referralsOfCase, communeNames, listCases, recordAudit, toCaseCard, toCaseView, deadlinesOfCase, routingDecisionsOfCase, toDeadlineView,
  type CaseDoc,
} from '@hotline/db';
import { addNote, changeStatus, editTriage, overrideConsent, readableCase } from '@hotline/referrals';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';
import { referralViews } from './referral-routes';

/**
 * The one-case view. Staff get the whole case; a partner's console gets
 * `partnerCaseView` of it (its own referrals and deadlines only; without the
 * caller's consent, no names, narrative, address or calls).
 */
async function caseView(c: CaseDoc, withDetails: boolean, user: TSessionUser): Promise<TCaseView> {
  const partner = user.role === 'collaborator';
  const names = await communeNames(c.location.communeCode ? [c.location.communeCode] : []);
  const timeline = withDetails ? await caseTimeline(c) : undefined;
  const rows = withDetails ? await referralsOfCase(c._id) : undefined;
  // A partner's view is built from its own referrals only (the partner view filters again).
  const referrals = rows ? await referralViews(partner ? rows.filter((r) => r.partnerId.toHexString() === user.partnerId) : rows) : undefined;
  const view = toCaseView(c, c.location.communeCode ? (names.get(c.location.communeCode) ?? null) : null, timeline, referrals);
  if (withDetails) view.deadlines = (await deadlinesOfCase(c._id)).map(toDeadlineView);
  // Why each partner was ranked or excluded is for staff; a partner does not see the others' records.
  if (withDetails && !partner) view.routingDecisions = await routingDecisionsOfCase(c._id);
  return partner ? partnerCaseView(view, { partnerId: user.partnerId ?? '', userId: user.id }) : view;
}

export function caseRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();
  const audit = (user: TSessionUser, action: string, c: Pick<CaseDoc, '_id' | 'provinceCode'>, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'case', targetId: c._id.toHexString(), provinceCode: c.provinceCode, requestId, ip: null });

  registry.add(
    router,
    { method: 'get', path: '/api/cases', summary: 'Cases in your provinces, newest first (filters, cursor pages)', tag: 'cases', access: 'case.list', query: ZCaseListQuery, responses: { 200: page(ZCaseCard) } },
    async ({ query, user }) => {
      if (query.province && !seesProvince(user, query.province)) return { status: 200, body: { items: [], nextCursor: null } };
      const result = await listCases(query, { provinces: provinceScope(user), userId: user.id });
      return { status: 200, body: { items: result.items.map(toCaseCard), nextCursor: result.nextCursor } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/cases/:id', summary: 'One case with its timeline', tag: 'cases', access: 'case.read', params: ZIdParams, responses: { 200: ZCaseView } },
    async ({ params, user, req }) => {
      const c = await readableCase(user, params.id);
      await audit(user, 'case.read', c, req.requestId);
      return { status: 200, body: await caseView(c, true, user) };
    },
  );

  registry.add(
    router,
    { method: 'patch', path: '/api/cases/:id', summary: 'Change triage fields (If-Match: version to refuse a stale edit)', tag: 'cases', access: 'case.triage', params: ZIdParams, body: ZCaseTriagePatch, responses: { 200: ZCaseView } },
    async ({ params, body, user, req }) => {
      const ifMatch = req.header('if-match');
      const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ''));
      if (expected !== undefined && !Number.isInteger(expected)) throw new DomainError('validation_failed', 'Invalid If-Match', [{ path: 'If-Match', message: 'must be the case version' }]);
      const updated = await editTriage(deps.referrals, user, params.id, body, expected, req.requestId);
      return { status: 200, body: await caseView(updated, false, user) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/cases/:id/status', summary: 'Move a case along its lifecycle (409 when not allowed)', tag: 'cases', access: 'case.status', params: ZIdParams, body: ZStatusChange, responses: { 200: ZCaseView } },
    async ({ params, body, user, req }) => {
      const updated = await changeStatus(deps.referrals, user, params.id, body, req.requestId);
      return { status: 200, body: await caseView(updated, false, user) };
    },
  );

  registry.add(
    router,
    {
      method: 'post', path: '/api/cases/:id/consent-override', tag: 'cases', access: 'case.consent_override', params: ZIdParams, body: ZConsentOverrideInput, responses: { 200: ZCaseView },
      summary: "Share the case with its partners without the caller's (or, from 7, the child's own) consent: the reason is recorded, audited and shown on the case (409 when consent is complete or already overridden)",
    },
    async ({ params, body, user, req }) => {
      const updated = await overrideConsent(deps.referrals, user, params.id, body.reason, { requestId: req.requestId, ip: req.ip ?? null });
      return { status: 200, body: await caseView(updated, false, user) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/cases/:id/notes', summary: 'Add a note, contact attempt or follow-up to the timeline', tag: 'cases', access: 'case.note', params: ZIdParams, body: ZNoteInput, responses: { 201: z.object({ event: ZTimelineEvent }) } },
    async ({ params, body, user, req }) => {
      const event = await addNote(deps.referrals, user, params.id, body, req.requestId);
      return { status: 201, body: { event } };
    },
  );
  return router;
}
