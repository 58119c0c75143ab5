import './http/request-context';
/** The API process's HTTP side: express app, socket.io gateway, static console. */
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { countOpenCases, startAuditJournal, stopAuditJournal } from '@hotline/db';
import { createQueueSummaryNotifier, type Producers } from '@hotline/queue';
import { telephonyFromEnv } from '@hotline/referrals';
import type { TEnv } from '@hotline/core';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { RouteRegistry } from './http/route-registry';
import { buildOpenApi } from './http/openapi';
import { configureSessionCache, sessionMiddleware } from './http/session-auth';
import { originCheck } from './http/origin-check';
import { beginWork, workDrained } from './http/in-flight';
import { pathOnly } from '@hotline/observability';
import { createSocketGateway, sessionRoom, type ConsoleServer } from './realtime/socket-gateway';
import type { ApiDeps } from './services/deps';
import { authRoutes } from './routes/auth-routes';
import { callRoutes } from './routes/call-routes';
import { caseRoutes } from './routes/case-routes';
import { queueRoutes } from './routes/queue-routes';
import { geoRoutes } from './routes/geo-routes';
import { healthRoutes } from './routes/health-routes';
import { benchRoutes } from './routes/bench-routes';
import { referralRoutes } from './routes/referral-routes';
import { partnerRoutes } from './routes/partner-routes';
import { slaRoutes } from './routes/sla-routes';
import { reportRoutes } from './routes/report-routes';
import { residentRoutes } from './routes/resident-routes';
import { userRoutes } from './routes/user-routes';
import { searchRoutes } from './routes/search-routes';
import { auditRoutes } from './routes/audit-routes';
import { privacyRoutes } from './routes/privacy-routes';
import { twilioWebhookRoutes } from './routes/twilio-webhooks';
import { voiceWebhookRoutes } from './routes/voice-webhooks';
import { voiceRoutes } from './routes/voice-routes';
import { createVoiceDesk } from './voice/voice-desk';
import { placeholderConsole } from './placeholder-console';

export interface ApiOptions {
  env: TEnv;
  logger: Logger;
  redis: Redis;
  producers: Producers;
  /** Extra routers mounted before the 404 handler (later issues: referrals, webhooks, SLA). */
  extraRoutes?: (registry: RouteRegistry, deps: ApiDeps) => Router[];
  consoleDir?: string;
}

export interface Api {
  app: Express;
  http: HttpServer;
  io: ConsoleServer;
  deps: ApiDeps;
  registry: RouteRegistry;
  close(): Promise<void>;
}

const DEFAULT_CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web-console/dist');

export function createApi(opts: ApiOptions): Api {
  const app = express();
  const http = createServer(app);
  app.use((_req, res, next) => {
    res.once('close', beginWork());
    next();
  });
  const { io, publisher, presence, stopPresence, onConsoleGone } = createSocketGateway(http, opts.redis, opts.producers.prefix, opts.logger);
  const queueSummary = createQueueSummaryNotifier(publisher, countOpenCases);
  const deps: ApiDeps = {
    env: opts.env,
    logger: opts.logger,
    redis: opts.redis,
    producers: opts.producers,
    realtime: publisher,
    queueSummary,
    referrals: {
      env: opts.env,
      producers: opts.producers,
      realtime: publisher,
      queueSummary,
      presence,
      telephony: telephonyFromEnv(opts.env),
      log: (level, fields, msg) => opts.logger[level](fields, msg),
    },
  };
  const registry = new RouteRegistry();
  const voiceDesk = createVoiceDesk(opts.env, presence, publisher, opts.logger);
  // A console that goes while it rings: the call rings the next counsellor.
  onConsoleGone((userId) => void voiceDesk.consoleGone(userId).catch((err: Error) => opts.logger.error({ err: err.message }, 'voice: console-gone handling failed')));
  // Audit entries journaled by processes that died before flushing them reach the log now.
  const auditReplay = startAuditJournal({ dir: opts.env.AUDIT_JOURNAL_DIR, flushMs: opts.env.AUDIT_FLUSH_MS })
    .catch((err: unknown) => opts.logger.error({ err }, 'audit journal replay failed'));

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use((req, res, next) => {
    req.requestId = randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    next();
  });
  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId: (req) => (req as express.Request).requestId,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: pathOnly(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use(healthRoutes(deps));
  // Twilio posts form-encoded, signed webhooks: they have their own parsers and signature check.
  app.use(twilioWebhookRoutes(deps));
  app.use(voiceWebhookRoutes(deps, voiceDesk));
  app.use(express.json({ limit: '256kb', strict: true }));
  // After the webhooks (signature-checked): a state-changing request with a session comes from this service's pages.
  app.use(originCheck(() => opts.env.PUBLIC_BASE_URL));
  configureSessionCache(opts.env.SESSION_CACHE_MS);
  app.use(sessionMiddleware);

  const onLogout = (sessionId: string) => io.in(sessionRoom(sessionId)).disconnectSockets(true);
  app.use(authRoutes(registry, deps, onLogout));
  app.use(callRoutes(registry, deps));
  app.use(caseRoutes(registry, deps));
  app.use(searchRoutes(registry));
  app.use(voiceRoutes(registry, deps, voiceDesk, presence));
  app.use(auditRoutes(registry));
  app.use(privacyRoutes(registry, deps));
  app.use(queueRoutes(registry));
  app.use(geoRoutes(registry));
  app.use(referralRoutes(registry, deps));
  app.use(partnerRoutes(registry));
  app.use(slaRoutes(registry));
  app.use(reportRoutes(registry));
  app.use(residentRoutes(registry, deps));
  app.use(userRoutes(registry, (ids) => ids.forEach(onLogout)));
  for (const r of opts.extraRoutes?.(registry, deps) ?? []) app.use(r);
  if (opts.env.BENCH_MODE) app.use(benchRoutes(deps));

  let openapi: unknown;
  app.get('/api/openapi.json', (_req, res) => {
    openapi ??= buildOpenApi(registry, '0.1.0');
    res.json(openapi);
  });
  app.use('/api', notFoundHandler);
  app.use('/webhooks', notFoundHandler);

  const consoleDir = opts.consoleDir ?? opts.env.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    app.use(express.static(consoleDir, { index: false, maxAge: '1h' }));
    app.get('/{*splat}', (_req, res) => res.sendFile(path.join(consoleDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('html').send(placeholderConsole));
  }
  app.use(notFoundHandler);
  app.use(errorHandler(opts.logger));

  return {
    app,
    http,
    io,
    deps,
    registry,
    async close() {
      deps.queueSummary.stop();
      stopPresence();
      voiceDesk.stop();
      io.disconnectSockets(true);
      await new Promise<void>((resolve, reject) => {
        io.close(() => resolve()).catch(reject);
      });
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      // Requests still running finish their writes before the caller closes the database.
      await workDrained(10_000);
      await auditReplay;
      await stopAuditJournal();
    },
  };
}

