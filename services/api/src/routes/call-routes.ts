import { Router } from 'express';
import { DomainError, seesProvince, ZCallCreated, ZCallInput, ZCallView, ZCallerHistory, ZCallerLookupQuery } from '@hotline/core';
import { findCallById, hashPhone, recordAudit, toCallView, findCaseById } from '@hotline/db';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';
import { callerHistory, logCall, normalisePhone } from '@hotline/referrals';

export function callRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();

  registry.add(
    router,
    { method: 'post', path: '/api/calls', summary: 'Log a call; opens a case, attaches it to one, or logs it alone', tag: 'calls', access: 'call.log', body: ZCallInput, responses: { 201: ZCallCreated, 200: ZCallCreated } },
    async ({ body, user, req }) => {
      const { created, ...result } = await logCall(body, user, deps.referrals, req.requestId);
      return { status: created ? 201 : 200, body: result };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/calls/:id', summary: 'One call, with the caller number for calling back', tag: 'calls', access: 'call.read', params: ZIdParams, responses: { 200: ZCallView } },
    async ({ params, user, req }) => {
      const call = await findCallById(params.id);
      const kase = call?.caseId ? await findCaseById(call.caseId) : null;
      const province = kase?.location.provinceCode ?? call?.provinceCode ?? null;
      const mine = call?.counsellorId.toHexString() === user.id;
      if (!call || !(mine || (province !== null && seesProvince(user, province)))) throw new DomainError('call_not_found', 'No such call');
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'call.read', targetType: 'call', targetId: params.id, provinceCode: province, requestId: req.requestId, ip: req.ip ?? null });
      return { status: 200, body: toCallView(call) };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/callers/lookup', summary: "A number's earlier calls and open cases (repeat callers)", tag: 'calls', access: 'caller.lookup', query: ZCallerLookupQuery, responses: { 200: ZCallerHistory } },
    async ({ query, user, req }) => {
      const phoneHash = hashPhone(normalisePhone(query.phone, 'phone'));
      // Scoped to the user's provinces inside callerHistory, as for the intake answer.
      const history = await callerHistory(phoneHash, user);
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'caller.lookup', targetType: 'caller', targetId: phoneHash, requestId: req.requestId, ip: req.ip ?? null });
      return { status: 200, body: history };
    },
  );
  return router;
}
