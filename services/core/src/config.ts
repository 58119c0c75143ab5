/**
 * Environment settings, validated once per process at boot. Each process
 * parses what it needs; an unreadable value stops the process with the name
 * of the variable.
 */
import { z } from 'zod';

const key32 = z.string().min(32, 'must be at least 32 characters');

export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().default('mongodb://127.0.0.1:27017/hotline'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  BULLMQ_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('hotline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Keys for the keyed phone hash and for field encryption; development defaults are refused in production. */
  PHONE_HASH_KEY: key32.default('development-phone-hash-key-change-me-0000'),
  FIELD_ENCRYPTION_KEY: key32.default('development-field-encryption-key-change-me'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** How long an API process trusts a session it has looked up (sign-out and account changes on the same process apply at once). */
  SESSION_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  COOKIE_SECURE: z.stringbool().default(false),
  /** Base URL Twilio and partners reach the API at (webhooks, links). */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  HOTLINE_FAULTS: z.string().default(''),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  BENCH_MODE: z.stringbool().default(false),
  /** Twilio: real credentials talk to Twilio; the embedded defaults talk to the project's fake Twilio. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID').default(`AC${'0'.repeat(32)}`),
  TWILIO_AUTH_TOKEN: z.string().min(1).default('demo-auth-token'),
  TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').default('+15005550006'),
  /** Where the fake Twilio listens; ignored with real credentials. */
  TWILIO_FAKE_URL: z.string().url().default('http://127.0.0.1:3080'),
  /** SMS sends per second per sending number (Twilio's long-code limit is about 1). */
  SMS_RATE_PER_SECOND: z.coerce.number().int().min(1).max(1000).default(10),
  /** Tests shorten every offer window to this many seconds. */
  OFFER_WINDOW_SECONDS: z.coerce.number().int().min(1).optional(),
  /** How long one SLA policy minute lasts. 60000 in real life; tests run policies in seconds with 1000. */
  SLA_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
});
export type TEnv = z.infer<typeof ZEnv>;

/** The embedded default: Twilio's fake, which anyone can sign test webhooks for. */
export const usesFakeTwilio = (env: Pick<TEnv, 'TWILIO_ACCOUNT_SID'>) => env.TWILIO_ACCOUNT_SID === `AC${'0'.repeat(32)}`;

export function loadEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === 'production') {
    for (const name of ['PHONE_HASH_KEY', 'FIELD_ENCRYPTION_KEY'] as const) {
      if (env[name].startsWith('development-')) throw new Error(`Invalid environment:\n  ${name}: must be set in production`);
    }
  }
  return env;
}
