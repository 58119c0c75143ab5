import { Router } from 'express';
import { processingRegister, ZProcessingRegister } from '@hotline/core';
import type { RouteRegistry } from '../http/route-registry';
import type { ApiDeps } from '../services/deps';

/** The register of processing (purposes, legal basis per data category, retention per purpose) with the settings in force. */
export function privacyRoutes(registry: RouteRegistry, deps: ApiDeps): Router {
  const router = Router();
  registry.add(
    router,
    {
      method: 'get', path: '/api/privacy/register', tag: 'privacy', access: 'audit.read', responses: { 200: ZProcessingRegister },
      summary: 'The register of processing: each purpose, the data categories it uses with their legal basis, and its retention (Law 91/2025)',
    },
    async () => ({ status: 200, body: processingRegister(deps.env.RETENTION_CLOSED_CASE_YEARS) }),
  );
  return router;
}
