/** A signed-in user of the real API (cookie session), and latency sampling with a few concurrent clients. */
import { performance } from 'node:perf_hooks';

export class HttpError extends Error {
  constructor(readonly status: number, readonly path: string, body: string) {
    super(`${status} ${path}: ${body.slice(0, 200)}`);
  }
}

export interface Reply<T> {
  status: number;
  body: T;
  ms: number;
}

export async function call<T>(base: string, method: string, path: string, opts: { cookie?: string; body?: unknown; ok?: number[] } = {}): Promise<Reply<T> & { headers: Headers }> {
  const t = performance.now();
  const res = await fetch(base + path, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.cookie ? { cookie: opts.cookie, origin: new URL(base).origin } : {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - t;
  if (!(opts.ok ?? [200, 201]).includes(res.status)) throw new HttpError(res.status, `${method} ${path.split('?')[0]}`, text);
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, ms, headers: res.headers };
}

export interface SessionUser {
  id: string;
  role: string;
  provinces: string[];
  partnerId: string | null;
}

export class Session {
  private constructor(readonly base: string, readonly email: string, readonly cookie: string, readonly user: SessionUser) {}

  static async login(base: string, email: string, password: string): Promise<Session> {
    const r = await call<{ user: SessionUser }>(base, 'POST', '/api/auth/login', { body: { email, password } });
    const cookie = (r.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    if (!cookie) throw new Error(`no session cookie for ${email}`);
    return new Session(base, email, cookie, r.body.user);
  }

  get<T>(path: string, ok?: number[]) {
    return call<T>(this.base, 'GET', path, { cookie: this.cookie, ...(ok ? { ok } : {}) });
  }
  post<T>(path: string, body: unknown, ok?: number[]) {
    return call<T>(this.base, 'POST', path, { cookie: this.cookie, body, ...(ok ? { ok } : {}) });
  }
}

export interface OpFigures {
  n: number;
  errors: number;
  p50: number;
  p95: number;
  max: number;
  /** Stopped by the time budget before all samples were taken. */
  cut: boolean;
  firstError?: string;
}

export const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Runs `fn` `samples` times from `clients` concurrent loops (after `warmup`
 * untimed runs) and returns p50 / p95 in ms. `fn` returns the milliseconds to
 * count (for operations timed only in part), or nothing to count its whole run.
 * Sampling stops early when `budgetMs` is spent (at least `minSamples` taken).
 */
export async function sample(
  opts: { samples: number; clients: number; warmup: number; budgetMs: number; minSamples?: number },
  fn: (i: number) => Promise<number | void>,
): Promise<OpFigures> {
  for (let i = 0; i < opts.warmup; i++) await fn(-1 - i).catch(() => {});
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  let cut = false;
  const min = opts.minSamples ?? 5;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      for (;;) {
        if (next >= opts.samples) return;
        if (performance.now() - started > opts.budgetMs && times.length + errors >= min) {
          cut = true;
          return;
        }
        const i = next++;
        const t = performance.now();
        try {
          const counted = await fn(i);
          times.push(typeof counted === 'number' ? counted : performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  return {
    n: times.length, errors, p50: r1(percentile(times, 50)), p95: r1(percentile(times, 95)), max: r1(times.length ? Math.max(...times) : NaN), cut,
    ...(firstError ? { firstError } : {}),
  };
}
