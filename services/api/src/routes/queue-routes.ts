import { Router } from 'express';
import { provinceScope, PROVINCE_CODES, ZQueueSummary } from '@hotline/core';
import { countOpenCases } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';

export function queueRoutes(registry: RouteRegistry): Router {
  const router = Router();
  registry.add(
    router,
    { method: 'get', path: '/api/queues/summary', summary: 'Open cases by status × category × risk level in your provinces', tag: 'queues', access: 'queue.read', responses: { 200: ZQueueSummary } },
    async ({ user }) => {
      const scope = provinceScope(user);
      const rows = await countOpenCases(scope);
      return {
        status: 200,
        body: { provinces: scope ?? [...PROVINCE_CODES], rows, total: rows.reduce((n, r) => n + r.count, 0), at: new Date().toISOString() },
      };
    },
  );
  return router;
}
