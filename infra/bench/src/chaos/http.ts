/**
 * The drills' HTTP client: node:http with a chosen local address (the
 * supervisor's proxy is sticky by client address, so sessions from different
 * 127.0.0.x addresses spread over the API processes), a timeout, and every
 * request's outcome recorded for the table (status 0 = no answer).
 */
import http from 'node:http';

export interface Outcome {
  kind: string;
  /** 'proxy' or the port of an API process addressed directly. */
  via: string;
  start: number;
  end: number;
  /** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  error?: string;
}

export interface Reply {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
  json<T = any>(): T;
}

export class Recorder {
  readonly outcomes: Outcome[] = [];
  record(o: Outcome): void {
    this.outcomes.push(o);
  }
}

export interface RequestOptions {
  method: string;
  path: string;
  body?: unknown;
  cookie?: string;
  localAddress?: string;
  timeoutMs?: number;
  /** For the table: what this request is ('call', 'summary'...); unrecorded when absent. */
  kind?: string;
  via?: string;
  form?: boolean;
}

export function request(base: string, opts: RequestOptions, recorder?: Recorder): Promise<Reply> {
  const url = new URL(opts.path, base);
  const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const start = Date.now();
  return new Promise<Reply>((resolve, reject) => {
    const done = (status: number, error?: string) => {
      if (recorder && opts.kind) recorder.record({ kind: opts.kind, via: opts.via ?? 'proxy', start, end: Date.now(), status, ...(error ? { error } : {}) });
    };
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method,
        localAddress: opts.localAddress,
        agent: false,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          // The API's origin check: a state-changing request with a session names its origin, as a browser does.
          ...(opts.cookie ? { cookie: opts.cookie, origin: url.origin } : {}),
          connection: 'close',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done(res.statusCode ?? 0);
          resolve({ status: res.statusCode ?? 0, text, headers: res.headers, json: () => JSON.parse(text) });
        });
        res.on('error', (err) => {
          done(0, err.message);
          reject(err);
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 20_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message;
      done(0, code);
      reject(Object.assign(new Error(`${opts.method} ${opts.path}: ${code}`), { code }));
    });
    req.end(payload);
  });
}

/** A signed-in user talking from one local address. */
export class Session {
  constructor(
    readonly base: string,
    readonly email: string,
    readonly cookie: string,
    readonly user: { id: string; role: string; provinces: string[]; partnerId: string | null },
    readonly localAddress: string,
    readonly recorder: Recorder,
  ) {}

  static async login(base: string, email: string, password: string, localAddress: string, recorder: Recorder): Promise<Session> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await request(base, { method: 'POST', path: '/api/auth/login', body: { email, password }, localAddress });
        if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.text.slice(0, 200)}`);
        const setCookie = r.headers['set-cookie'] ?? [];
        const cookie = (setCookie[0] ?? '').split(';')[0] ?? '';
        if (!cookie) throw new Error(`no session cookie for ${email}`);
        return new Session(base, email, cookie, r.json().user, localAddress, recorder);
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  send(method: string, path: string, body: unknown, kind: string, base = this.base, via = 'proxy'): Promise<Reply> {
    return request(base, { method, path, body, cookie: this.cookie, localAddress: this.localAddress, kind, via }, this.recorder);
  }
}
