import { Router } from 'express';
import { z } from 'zod';
import { DomainError, foldVietnamese, PROVINCES, ZProvinceCode } from '@hotline/core';
import { searchCommunes } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';

const ZProvince = z.object({ code: z.string(), name: z.string(), referencePrefix: z.string() });
const ZCommune = z.object({ code: z.string(), provinceCode: z.string(), name: z.string() });

export function geoRoutes(registry: RouteRegistry): Router {
  const router = Router();
  registry.add(
    router,
    { method: 'get', path: '/api/geo/provinces', summary: 'The 34 provinces (search ignores diacritics: "ha noi")', tag: 'geography', access: 'signed_in', query: z.object({ q: z.string().max(100).optional() }).strict(), responses: { 200: z.object({ items: z.array(ZProvince) }) } },
    async ({ query }) => {
      const q = query.q ? foldVietnamese(query.q) : '';
      return { status: 200, body: { items: PROVINCES.filter((p) => !q || foldVietnamese(p.name).includes(q)) } };
    },
  );
  registry.add(
    router,
    { method: 'get', path: '/api/geo/provinces/:code/communes', summary: "A province's communes and wards (search ignores diacritics)", tag: 'geography', access: 'signed_in', params: z.object({ code: ZProvinceCode }), query: z.object({ q: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(), responses: { 200: z.object({ items: z.array(ZCommune) }) } },
    async ({ params, query }) => {
      const rows = await searchCommunes(params.code, query.q, query.limit);
      if (rows.length === 0 && !query.q) throw new DomainError('not_found', 'No communes loaded for this province');
      return { status: 200, body: { items: rows.map((r) => ({ code: r._id, provinceCode: r.provinceCode, name: r.name })) } };
    },
  );
  return router;
}
