import { Router } from 'express';
import { Types } from 'mongoose';
import { DomainError, page, provinceScope, seesProvince, ZPartnerInput, ZPartnerListQuery, ZPartnerPatch, ZPartnerView, ZReferralListQuery, ZReferralView } from '@hotline/core';
import { createPartner, findPartnerById, isDuplicateKey, listPartners, partnerViews, referralsOfPartner, updatePartner } from '@hotline/db';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import { referralViews } from './referral-routes';

export function partnerRoutes(registry: RouteRegistry): Router {
  const router = Router();
  const toFields = (v: Record<string, unknown>) => ({
    ...v,
    ...(v.userId !== undefined ? { userId: v.userId ? new Types.ObjectId(v.userId as string) : null } : {}),
  });

  registry.add(
    router,
    { method: 'post', path: '/api/partners', summary: 'Add a collaborator, facility or agency', tag: 'partners', access: 'partner.manage', body: ZPartnerInput, responses: { 201: ZPartnerView } },
    async ({ body }) => {
      try {
        const p = await createPartner({ ...body, userId: body.userId ? new Types.ObjectId(body.userId) : null, demo: false });
        return { status: 201, body: (await partnerViews([p]))[0]! };
      } catch (err) {
        if (isDuplicateKey(err)) throw new DomainError('conflict', 'A partner with this name already exists in the province');
        throw err;
      }
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/partners', summary: 'Partners in your provinces', tag: 'partners', access: 'partner.read', query: ZPartnerListQuery, responses: { 200: page(ZPartnerView) } },
    async ({ user, query }) => {
      if (query.province && !seesProvince(user, query.province)) return { status: 200, body: { items: [], nextCursor: null } };
      const rows = await listPartners(query, provinceScope(user));
      return { status: 200, body: { items: await partnerViews(rows.items), nextCursor: rows.nextCursor } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/partners/:id', summary: 'One partner', tag: 'partners', access: 'partner.read', params: ZIdParams, responses: { 200: ZPartnerView } },
    async ({ user, params }) => {
      const p = await findPartnerById(params.id);
      if (!p || !seesProvince(user, p.area.provinceCode)) throw new DomainError('not_found', 'No such partner');
      return { status: 200, body: (await partnerViews([p]))[0]! };
    },
  );

  registry.add(
    router,
    { method: 'patch', path: '/api/partners/:id', summary: 'Change a partner (pause, duty hours, capacity, channels...)', tag: 'partners', access: 'partner.manage', params: ZIdParams, body: ZPartnerPatch, responses: { 200: ZPartnerView } },
    async ({ params, body }) => {
      const p = await updatePartner(params.id, toFields(body));
      if (!p) throw new DomainError('not_found', 'No such partner');
      return { status: 200, body: (await partnerViews([p]))[0]! };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/partners/:id/referrals', summary: "A partner's referrals", tag: 'partners', access: 'partner.read', params: ZIdParams, query: ZReferralListQuery, responses: { 200: page(ZReferralView) } },
    async ({ user, params, query }) => {
      const p = await findPartnerById(params.id);
      if (!p || !seesProvince(user, p.area.provinceCode)) throw new DomainError('not_found', 'No such partner');
      const rows = await referralsOfPartner(p._id, query);
      return { status: 200, body: { items: await referralViews(rows.items), nextCursor: rows.nextCursor } };
    },
  );
  return router;
}
