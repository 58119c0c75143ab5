import { Router } from 'express';
import { ZCaseSearchAnswer, ZCaseSearchQuery } from '@hotline/core';
import { recordAuditNow } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';
import { searchCases } from '../services/case-search';

export function searchRoutes(registry: RouteRegistry): Router {
  const router = Router();
  registry.add(
    router,
    {
      method: 'get', path: '/api/search',
      summary: 'Find cases by reference ("HN-2026-000123" or "123"), names or place words in any order without diacritics, or a caller\'s number; ranked by words matched, then newest; only cases you may read',
      tag: 'cases', access: 'case.read', query: ZCaseSearchQuery, responses: { 200: ZCaseSearchAnswer },
    },
    async ({ query, user, req }) => {
      const answer = await searchCases(user, query);
      // Audited like a read: the search itself (never its words) and every case it showed.
      const base = { actorId: user.id, actorRole: user.role, requestId: req.requestId, ip: req.ip ?? null };
      recordAuditNow({ ...base, action: 'case.search', targetType: 'case_search', targetId: null });
      for (const c of answer.items) recordAuditNow({ ...base, action: 'case.search_result', targetType: 'case', targetId: c.id, provinceCode: c.provinceCode });
      return { status: 200, body: answer };
    },
  );
  return router;
}
