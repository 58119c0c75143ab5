/**
 * Environment settings, validated once per process at boot. Each process
 * parses what it needs; an unreadable value stops the process with the name
 * of the variable.
 */
import { z } from 'zod';

const key32 = z.string().min(32, 'must be at least 32 characters');

/** The development defaults of the secrets: public (they are in this file), so refused in production. */
export const DEVELOPMENT_PHONE_HASH_KEY = 'development-phone-hash-key-change-me-0000';
export const DEVELOPMENT_FIELD_ENCRYPTION_KEY = 'development-field-encryption-key-change-me';
/** The fake Twilio's account and token: anyone can sign webhooks with them. */
export const FAKE_TWILIO_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
export const FAKE_TWILIO_AUTH_TOKEN = 'demo-auth-token';
/** The demo logins' password when DEMO_PASSWORD is not set (it is in the README). */
export const DEFAULT_DEMO_PASSWORD = 'demo1234';

const ZEnvFields = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/hotline'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BULLMQ_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('hotline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Keys for the keyed phone hash and for field encryption; development defaults are refused in production. */
  PHONE_HASH_KEY: key32.default(DEVELOPMENT_PHONE_HASH_KEY),
  FIELD_ENCRYPTION_KEY: key32.default(DEVELOPMENT_FIELD_ENCRYPTION_KEY),
  /**
   * Key of the case search's blind index (HMAC of province + folded word; without the key the stored hashes reveal
   * nothing). When unset, a key derived from PHONE_HASH_KEY (itself a production secret) is used.
   */
  SEARCH_INDEX_KEY: key32.optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** How long an API process trusts a session it has looked up (sign-out and account changes on the same process apply at once). */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  COOKIE_SECURE: z.stringbool().default(false),
  /** Sign-in throttling: failed sign-ins allowed per account (email) and per client IP in one window, then 429 until it ends. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Webhook throttling: SMS replies and voice answers allowed per caller number and per client IP in one minute, then 429. */
  WEBHOOK_MAX_PER_NUMBER_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  WEBHOOK_MAX_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  /** Where each process journals audit entries before they reach `audit_log` (default `.data/audit-journal`), and how often it flushes. */
  AUDIT_JOURNAL_DIR: z.string().min(1).optional(),
  AUDIT_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** Base URL Twilio and partners reach the API at (webhooks, links). */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  /**
   * Crash tests only: named fault points (`services/db/src/fault-points.ts`) that kill, pause or delay the
   * process, e.g. `triage.after-write:kill,sla.before-claim:delay1500`. Empty (inert) otherwise.
   */
  HOTLINE_FAULTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:(kill|pause|delay\d+))?$/, 'each entry is <point>[:kill|pause|delay<ms>]')))
    .transform((entries) => entries.map((e) => {
      const [point = '', action = 'kill'] = e.split(':');
      return { point, action };
    })),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** How often the workers' reconciler rebuilds Redis state from the database. */
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Retention (Law 91/2025/QH15): a case closed longer ago than this many years is anonymised by the
   * daily retention job (names, narrative, address and caller numbers removed; figures kept).
   */
  RETENTION_CLOSED_CASE_YEARS: z.coerce.number().int().min(1).max(100).default(10),
  /** Where the API finds the built console (default: web-console/dist of this checkout). */
  CONSOLE_DIR: z.string().min(1).optional(),
  /** The first administrator the seed opens without --demo (production's first login); both or neither. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  /** npm test only: the directory every process records its query shapes to (services/db/src/query-shapes.ts). */
  HOTLINE_QUERY_SHAPES_DIR: z.string().optional().transform((v) => v || undefined),
  /** The demo logins' password (demo seed only; never with NODE_ENV=production). */
  DEMO_PASSWORD: z.string().min(1).default(DEFAULT_DEMO_PASSWORD),
  BENCH_MODE: z.stringbool().default(false),
  /** Twilio: real credentials talk to Twilio; the embedded defaults talk to the project's fake Twilio. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID').default(FAKE_TWILIO_ACCOUNT_SID),
  TWILIO_AUTH_TOKEN: z.string().min(1).default(FAKE_TWILIO_AUTH_TOKEN),
  TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').default('+15005550006'),
  /** An API key for the browser phone's access tokens (the account SID and token stand in without one). */
  TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must be a Twilio API key SID').optional(),
  TWILIO_API_KEY_SECRET: z.string().min(1).optional(),
  /** Where the fake Twilio listens; ignored with real credentials. */
  TWILIO_FAKE_URL: z.string().url().default('http://127.0.0.1:3080'),
  /** SMS sends per second per sending number (Twilio's long-code limit is about 1). */
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
  /** Tests shorten every offer window to this many seconds. */
  OFFER_WINDOW_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Inbound voice: dialled number → province queue (`+84…=01,…`), the queue for any other number, staffed hours (Vietnam time). */
  VOICE_QUEUES: z.string().default('+842471001111=01,+842871001111=79'),
  VOICE_DEFAULT_QUEUE: z.string().regex(/^\d{2}$/).default('01'),
  VOICE_STAFFED_HOURS: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'HH:MM-HH:MM').default('00:00-24:00'),
  /** How long a console rings before the call moves to the next counsellor; how long a call waits before it overflows. */
  VOICE_RING_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  VOICE_OVERFLOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(180),
  /** Where a call overflows to: a province queue, or `national` (the national line's number, VOICE_NATIONAL_NUMBER). */
  VOICE_OVERFLOW_TO: z.string().regex(/^(\d{2}|national)$/).default('national'),
  VOICE_NATIONAL_NUMBER: z.string().regex(/^\+\d{6,15}$/).default('+84111'),
  /** How often the API sweeps rings that ran out and calls due to overflow (every API process; claims make it once). */
  VOICE_SWEEP_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** How long one SLA policy minute lasts. 60000 in real life; tests run policies in seconds with 1000. */
  SLA_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
});

/**
 * What production refuses to start with: each problem names its variable.
 * The defaults above make development and tests work with nothing set; in
 * production every one of them would be a hole (a public key, a cookie sent
 * over plain HTTP, webhooks anyone can sign).
 */
export function productionProblems(env: z.infer<typeof ZEnvFields>): Array<{ name: keyof z.infer<typeof ZEnvFields>; message: string }> {
  if (env.NODE_ENV !== 'production') return [];
  const problems: Array<{ name: keyof z.infer<typeof ZEnvFields>; message: string }> = [];
  if (!env.COOKIE_SECURE) problems.push({ name: 'COOKIE_SECURE', message: 'must be true in production (the session cookie is sent over HTTPS only)' });
  if (env.PHONE_HASH_KEY === DEVELOPMENT_PHONE_HASH_KEY || env.PHONE_HASH_KEY.startsWith('development-')) {
    problems.push({ name: 'PHONE_HASH_KEY', message: 'must be set to a secret of at least 32 characters in production (the development default is public)' });
  }
  if (env.FIELD_ENCRYPTION_KEY === DEVELOPMENT_FIELD_ENCRYPTION_KEY || env.FIELD_ENCRYPTION_KEY.startsWith('development-')) {
    problems.push({ name: 'FIELD_ENCRYPTION_KEY', message: 'must be set to a secret of at least 32 characters in production (the development default is public)' });
  }
  if (env.SEARCH_INDEX_KEY?.startsWith('development-')) {
    problems.push({ name: 'SEARCH_INDEX_KEY', message: 'must be a secret of at least 32 characters in production, or unset (derived from PHONE_HASH_KEY)' });
  }
  if (env.PHONE_HASH_KEY === env.FIELD_ENCRYPTION_KEY) {
    problems.push({ name: 'FIELD_ENCRYPTION_KEY', message: 'must differ from PHONE_HASH_KEY' });
  }
  if (env.TWILIO_AUTH_TOKEN === FAKE_TWILIO_AUTH_TOKEN) {
    problems.push({ name: 'TWILIO_AUTH_TOKEN', message: "must be the account's real auth token in production (the fake Twilio's token is public, so anyone could sign webhooks)" });
  }
  if (env.TWILIO_ACCOUNT_SID === FAKE_TWILIO_ACCOUNT_SID) {
    problems.push({ name: 'TWILIO_ACCOUNT_SID', message: 'must be a real Twilio account in production (the default is the fake Twilio)' });
  }
  return problems;
}

export const ZEnv = ZEnvFields.superRefine((env, ctx) => {
  for (const p of productionProblems(env)) ctx.addIssue({ code: 'custom', path: [p.name], message: p.message });
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    ctx.addIssue({ code: 'custom', path: [env.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD are set together' });
  }
});
export type TEnv = z.infer<typeof ZEnv>;

/** The embedded default: Twilio's fake, which anyone can sign test webhooks for. */
export const usesFakeTwilio = (env: Pick<TEnv, 'TWILIO_ACCOUNT_SID'>) => env.TWILIO_ACCOUNT_SID === FAKE_TWILIO_ACCOUNT_SID;

/**
 * One setting read through its schema without validating the rest, for
 * modules that cannot be handed the process's env (fault points, the query
 * shape recorder, the audit journal's default directory).
 */
export function envSetting<K extends keyof TEnv>(name: K, source: Record<string, string | undefined> = process.env): TEnv[K] {
  const parsed = ZEnvFields.shape[name].safeParse(source[name]);
  if (!parsed.success) throw new Error(`Invalid environment:\n  ${name}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data as TEnv[K];
}

export function loadEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}
