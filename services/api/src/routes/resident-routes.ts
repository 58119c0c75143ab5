/**
 * Facility residents: admission from an accepted referral, the facility's
 * list, the resident's page and timeline (care notes, family tracing),
 * reunification with its follow-up visits (SLA deadlines) and discharge.
 * Who may see or change what is decided by the repository calls; every read
 * and write of a resident is audited.
 */
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import {
  ZAdmissionDraft, ZAdmissionInput, ZGroupBeds, ZCareNoteInput, ZDischargeInput, ZOk, ZResidentDetail, ZResidentListQuery, ZResidentView, ZReunificationInput,
  ZTracingInput, ZVisitInput, type TSessionUser,
} from '@hotline/core';
import {
  addCareNote, admissionDraft, findPartnerById, partnerViews, admitResident, dischargeResident, listFacilityResidents, recordAudit, recordReunification, recordTracingStep, recordVisit,
  residentDetail, toResidentViews, type ResidentDoc,
} from '@hotline/db';
import { plannedVisits, syncResidentVisitDeadlines } from '@hotline/referrals';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';

export function residentRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();
  const audit = (user: TSessionUser, action: string, targetType: string, id: string, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType, targetId: id, requestId, ip: null });
  const view = async (r: ResidentDoc) => (await toResidentViews([r]))[0]!;
  const tag = 'residents';

  const ZFacilitySummary = z.object({ id: z.string(), name: z.string(), beds: z.array(ZGroupBeds) });

  registry.add(
    router,
    { method: 'get', path: '/api/facilities/mine', summary: "The facility the signed-in partner user answers for (null: not a facility)", tag, access: 'referral.answer', responses: { 200: z.object({ facility: ZFacilitySummary.nullable() }) } },
    async ({ user }) => {
      const p = user.partnerId ? await findPartnerById(user.partnerId) : null;
      if (!p || p.kind !== 'facility') return { status: 200, body: { facility: null } };
      const [v] = await partnerViews([p]);
      return { status: 200, body: { facility: { id: v!.id, name: v!.name, beds: v!.capacity?.beds ?? [] } } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/facilities/:id/residents', summary: "A facility's residents (its own users; the province's staff)", tag, access: 'case.read', params: ZIdParams, query: ZResidentListQuery, responses: { 200: z.object({ facilityName: z.string(), beds: z.array(ZGroupBeds), items: z.array(ZResidentView) }) } },
    async ({ req, user, params, query }) => {
      const { facility, items } = await listFacilityResidents(user, params.id, query.status);
      await audit(user, 'resident.list', 'facility', params.id, req.requestId);
      const [v] = await partnerViews([facility]);
      return { status: 200, body: { facilityName: facility.name, beds: v!.capacity?.beds ?? [], items: await toResidentViews(items) } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/referrals/:id/admission', summary: "What admitting the referral's people records (prefill; the referral's facility only)", tag, access: 'referral.answer', params: ZIdParams, responses: { 200: ZAdmissionDraft } },
    async ({ req, user, params }) => {
      const draft = await admissionDraft(user, params.id);
      await audit(user, 'resident.admission_draft', 'referral', params.id, req.requestId);
      return { status: 200, body: draft };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents', summary: 'Admit a person of an accepted referral into the facility (idempotent per referral and person)', tag, access: 'referral.answer', body: ZAdmissionInput, responses: { 201: ZResidentView, 200: ZResidentView } },
    async ({ req, user, body }) => {
      const { resident, created } = await admitResident(user, body);
      await audit(user, created ? 'resident.admit' : 'resident.admit_replay', 'resident', resident._id.toHexString(), req.requestId);
      deps.logger.info({ residentId: resident._id.toHexString(), facilityId: resident.facilityId.toHexString(), group: resident.group, created }, 'resident admitted');
      return { status: created ? 201 : 200, body: await view(resident) };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/residents/:id', summary: 'One resident with their timeline', tag, access: 'case.read', params: ZIdParams, responses: { 200: ZResidentDetail } },
    async ({ req, user, params }) => {
      const detail = await residentDetail(user, params.id);
      await audit(user, 'resident.read', 'resident', params.id, req.requestId);
      return { status: 200, body: detail };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents/:id/notes', summary: "A care note on the resident's timeline", tag, access: 'case.note', params: ZIdParams, body: ZCareNoteInput, responses: { 201: ZOk } },
    async ({ req, user, params, body }) => {
      await addCareNote(user, params.id, body.text);
      await audit(user, 'resident.note', 'resident', params.id, req.requestId);
      return { status: 201, body: { ok: true } };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents/:id/tracing', summary: 'A family tracing step (family identified, contacted, assessment, visit)', tag, access: 'case.note', params: ZIdParams, body: ZTracingInput, responses: { 201: ZOk } },
    async ({ req, user, params, body }) => {
      await recordTracingStep(user, params.id, body);
      await audit(user, 'resident.tracing', 'resident', params.id, req.requestId);
      return { status: 201, body: { ok: true } };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents/:id/reunification', summary: 'Reunified with family: plans follow-up visits at 1, 3 and 6 months as SLA deadlines', tag, access: 'case.note', params: ZIdParams, body: ZReunificationInput, responses: { 200: ZResidentView } },
    async ({ req, user, params, body }) => {
      const r = await recordReunification(user, params.id, new Date(body.reunifiedAt), body.note, (at) => plannedVisits(deps.referrals, new Types.ObjectId(params.id), at));
      await syncResidentVisitDeadlines(deps.referrals, r);
      await audit(user, 'resident.reunified', 'resident', params.id, req.requestId);
      return { status: 200, body: await view(r) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents/:id/visits', summary: 'A follow-up visit after reunification happened (closes its deadline)', tag, access: 'case.note', params: ZIdParams, body: ZVisitInput, responses: { 200: ZResidentView } },
    async ({ req, user, params, body }) => {
      const { resident } = await recordVisit(user, params.id, body.month, body.at ? new Date(body.at) : new Date(), body.note);
      await syncResidentVisitDeadlines(deps.referrals, resident);
      await audit(user, 'resident.visit', 'resident', params.id, req.requestId);
      return { status: 200, body: await view(resident) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/residents/:id/discharge', summary: 'Discharge with a reason (frees the bed)', tag, access: 'case.note', params: ZIdParams, body: ZDischargeInput, responses: { 200: ZResidentView } },
    async ({ req, user, params, body }) => {
      const r = await dischargeResident(user, params.id, body);
      await audit(user, 'resident.discharge', 'resident', params.id, req.requestId);
      deps.logger.info({ residentId: params.id, reason: r.dischargeReason }, 'resident discharged');
      return { status: 200, body: await view(r) };
    },
  );
  return router;
}
