import { Router } from 'express';
import { ZCaseSearchAnswer, ZCaseSearchQuery } from '@hotline/core';
import { AuditEntryModel } from '@hotline/db';
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
      const base = { actorId: user.id, actorRole: user.role, requestId: req.requestId, ip: req.ip ?? null, outcome: 'allowed' as const, at: new Date() };
      await AuditEntryModel.insertMany([
        { ...base, action: 'case.search', targetType: 'case_search', targetId: null },
        ...answer.items.map((c) => ({ ...base, action: 'case.search_result', targetType: 'case', targetId: c.id })),
      ]);
      return { status: 200, body: answer };
    },
  );
  return router;
}
