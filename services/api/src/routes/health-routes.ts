import { Router } from 'express';
import { pingDatabase } from '@hotline/db';
import { pingRedis } from '@hotline/queue';
import type { ApiDeps } from '../services/deps';

export function healthRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => void res.json({ status: 'up' }));
  router.get('/readyz', async (_req, res) => {
    const [database, redis] = await Promise.all([pingDatabase(), pingRedis(deps.redis)]);
    res.status(database && redis ? 200 : 503).json({ status: database && redis ? 'ready' : 'not_ready', database, redis });
  });
  return router;
}
