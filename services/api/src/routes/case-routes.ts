import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import {
  can, consentComplete, DomainError, partnerCaseView, ZConsentOverrideInput, personGroupOf, provinceScope, seesProvince, ZCaseCard, ZCaseListQuery, ZCaseTriagePatch, ZCaseView,
  ZNoteInput, ZStatusChange, ZTimelineEvent, page, type TCaseCard, type TCaseTriagePatch, type TCaseView, type TSessionUser,
} from '@hotline/core';
import {
  addCaseNote, caseTimeline, overrideCaseConsent, referralsOfCase, changeCaseStatus, communeNames, findUserById, listCases, recordAudit, toCaseCard, toCaseView,
  updateCaseFields, deadlinesOfCase, routingDecisionsOfCase, toDeadlineView, type CaseDoc,
} from '@hotline/db';
import { FOLLOW_UP_NOTE_KINDS, syncDeadlinesAfterMilestone } from '@hotline/referrals';
import { caseChanged } from '@hotline/queue';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';
import { userActor } from '../services/actors';
import { assertProvinceInScope, caseInUsersProvinces, readableCase } from '../services/case-access';
import { checkLocation } from '../services/locations';
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

/** Turns a validated triage patch into the fields to set, checking what zod cannot (scope, communes, assignee). */
async function triageSet(user: TSessionUser, c: CaseDoc, patch: TCaseTriagePatch): Promise<Record<string, unknown>> {
  const set: Record<string, unknown> = {};
  if (patch.category) set.category = patch.category;
  if (patch.subCategories) set.subCategories = patch.subCategories;
  if (patch.category && !patch.subCategories) set.subCategories = [];
  if (patch.riskLevel) set.riskLevel = patch.riskLevel;
  if (patch.summary) set.summary = patch.summary;
  if (patch.consent) set.consent = { given: patch.consent.given, method: patch.consent.method, notes: patch.consent.notes || null };
  if (patch.subjects) {
    set.subjects = patch.subjects.map((s) => ({ name: s.name || null, ageYears: s.ageYears ?? null, gender: s.gender, group: personGroupOf(s), ownConsent: s.ownConsent ?? null }));
  }
  if (patch.location) {
    assertProvinceInScope(user, patch.location.provinceCode, 'location.provinceCode');
    await checkLocation(patch.location, 'location');
    set.location = { provinceCode: patch.location.provinceCode, communeCode: patch.location.communeCode ?? null, address: patch.location.address || null };
  }
  if (patch.assignedCounsellorId !== undefined) {
    const to = patch.assignedCounsellorId;
    if (to !== user.id && !can(user, 'case.reassign')) throw new DomainError('forbidden', 'Only supervisors and managers reassign cases to someone else');
    if (to !== null) {
      const assignee = await findUserById(to);
      const province = (set.location as CaseDoc['location'] | undefined)?.provinceCode ?? c.location.provinceCode;
      if (!assignee || !assignee.active || assignee.role === 'collaborator' || !(assignee.allProvinces || assignee.provinces.includes(province))) {
        throw new DomainError('validation_failed', 'Invalid assignedCounsellorId', [{ path: 'assignedCounsellorId', message: 'is not a staff member of this province' }]);
      }
    }
    set.assignedCounsellorId = to === null ? null : new Types.ObjectId(to);
  }
  return set;
}

export function caseRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();
  const audit = (user: TSessionUser, action: string, c: Pick<CaseDoc, '_id' | 'provinceCode'>, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'case', targetId: c._id.toHexString(), provinceCode: c.provinceCode, requestId, ip: null });
  const announce = (c: CaseDoc, change: string, previous?: TCaseCard) =>
    caseChanged(deps, toCaseCard(c), change, previous ? { previousProvince: previous.provinceCode } : {});

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
      const c = await caseInUsersProvinces(user, params.id);
      if (c.status === 'closed') throw new DomainError('illegal_transition', 'A closed case is reopened before it is changed');
      const ifMatch = req.header('if-match');
      const expected = ifMatch === undefined ? undefined : Number(ifMatch.replace(/"/g, ''));
      if (expected !== undefined && !Number.isInteger(expected)) throw new DomainError('validation_failed', 'Invalid If-Match', [{ path: 'If-Match', message: 'must be the case version' }]);
      const set = await triageSet(user, c, body);
      const updated = await updateCaseFields(c._id, set, userActor(user), expected);
      if (!updated) throw new DomainError('conflict', 'The case was changed by someone else; reload it');
      await audit(user, 'case.update', c, req.requestId);
      announce(updated, 'case.updated', toCaseCard(c));
      // A new category or risk level re-plans the deadlines.
      if (set.category || set.riskLevel || set.subjects || set.subCategories) void syncDeadlinesAfterMilestone(deps.referrals, updated._id, 'case.updated');
      return { status: 200, body: await caseView(updated, false, user) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/cases/:id/status', summary: 'Move a case along its lifecycle (409 when not allowed)', tag: 'cases', access: 'case.status', params: ZIdParams, body: ZStatusChange, responses: { 200: ZCaseView } },
    async ({ params, body, user, req }) => {
      const c = await caseInUsersProvinces(user, params.id);
      const updated = await changeCaseStatus(c._id, body.to, body.reason, userActor(user));
      await audit(user, 'case.status', c, req.requestId);
      announce(updated, 'case.status_changed');
      // Closing cancels the deadlines still running; reopening starts them again.
      void syncDeadlinesAfterMilestone(deps.referrals, updated._id, 'case.status_changed');
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
      const c = await caseInUsersProvinces(user, params.id);
      const view = toCaseView(c, null);
      if (consentComplete(view)) throw new DomainError('conflict', 'Consent is complete: nothing to override');
      const updated = await overrideCaseConsent(c._id, body.reason, { ...userActor(user), id: user.id });
      if (!updated) throw new DomainError('conflict', 'Consent was already overridden');
      await recordAudit({
        actorId: user.id, actorRole: user.role, action: 'case.consent_override', targetType: 'case', targetId: params.id, provinceCode: c.provinceCode,
        reason: body.reason, requestId: req.requestId, ip: req.ip ?? null,
      });
      announce(updated, 'case.updated');
      return { status: 200, body: await caseView(updated, false, user) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/cases/:id/notes', summary: 'Add a note, contact attempt or follow-up to the timeline', tag: 'cases', access: 'case.note', params: ZIdParams, body: ZNoteInput, responses: { 201: z.object({ event: ZTimelineEvent }) } },
    async ({ params, body, user, req }) => {
      const c = await readableCase(user, params.id);
      const added = await addCaseNote(c._id, body.kind, body.text, userActor(user));
      if (!added) throw new DomainError('case_not_found', 'No such case');
      await audit(user, 'case.note', c, req.requestId);
      announce(added.case, 'case.note_added');
      if ((FOLLOW_UP_NOTE_KINDS as readonly string[]).includes(body.kind)) void syncDeadlinesAfterMilestone(deps.referrals, added.case._id, 'case.follow_up');
      return { status: 201, body: { event: added.event } };
    },
  );
  return router;
}
