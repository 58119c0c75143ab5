/**
 * The drills' own stack, isolated from everything else on the machine: a
 * private redis-server (no persistence: a restart loses everything), a private
 * FerretDB wrapper on its own PostgreSQL database, the demo seed, and the
 * supervisor (infra/supervisor, what npm start exec's) with its API
 * processes, workers and fake Twilio, all on free ports. Every process it
 * starts runs in its own process group and is stopped on exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../bench-stack';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const log = (line: string) => process.stderr.write(`\x1b[35m[chaos]\x1b[0m ${new Date().toISOString().slice(11, 19)} ${line}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });

async function waitForPort(port: number, what: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it opened port ${port}`);
    if (Date.now() > deadline) throw new Error(`${what} did not open port ${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Three free ports in a row: the proxy on PORT, API processes on PORT+1 and PORT+2. */
async function freePortRun(n: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let ok = true;
    for (let k = 0; k <= n && ok; k++) ok = await portFree(base + k);
    if (ok) return base;
  }
  throw new Error('no free run of ports');
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals a process group we started (negative pid), falling back to the process. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
const waitExit = (c: ChildProcess, ms: number) =>
  new Promise<boolean>((resolve) => {
    if (exited(c)) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    c.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });

export interface StackOptions {
  apiProcesses: number;
  workers: number;
  slaMinuteMs: number;
  offerWindowSeconds: number;
  reconcileEveryMs: number;
  workerLockMs: number;
}

export class ChaosStack {
  readonly runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  readonly dir = path.join(ROOT, '.data', 'chaos', this.runId);
  readonly pgUrl = (process.env.HOTLINE_POSTGRESQL_URL ?? '').replace(/\/$/, '');
  readonly ferretBin = process.env.HOTLINE_FERRETDB_BIN ?? path.join(ROOT, 'infra/ferretdb/bin/hotline-ferretdb');
  readonly pgDatabase = `hotline_chaos_${this.runId}`;
  readonly prefix = `hotline-chaos-${this.runId}`;
  readonly twilioFrom = '+15005550006';
  redisPort = 0;
  ferretPort = 0;
  port = 0;
  fakePort = 0;
  redis?: ChildProcess;
  ferret?: ChildProcess;
  supervisor?: ChildProcess;
  extras = new Set<ChildProcess>();
  /** Current pid of each supervised process, from the supervisor's "started X (pid N)" / "X restarted (pid N" lines. */
  readonly pids = new Map<string, number>();
  readonly everyPid = new Set<number>();
  /** The supervisor's own lines (not the children's request logs). */
  readonly lines: Array<{ at: number; line: string }> = [];
  private supLog?: WriteStream;
  private stopping = false;

  constructor(readonly opts: StackOptions) {
    if (!this.pgUrl) throw new Error('HOTLINE_POSTGRESQL_URL is not set (npm run chaos sets it)');
  }

  get redisUrl() {
    return `redis://127.0.0.1:${this.redisPort}`;
  }
  get mongoUri() {
    return `mongodb://127.0.0.1:${this.ferretPort}/hotline_chaos`;
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  get fakeUrl() {
    return `http://127.0.0.1:${this.fakePort}`;
  }
  apiPort(i: number) {
    return this.opts.apiProcesses === 1 ? this.port : this.port + i;
  }

  async start(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    this.redisPort = await freePort();
    this.ferretPort = await freePort();
    this.fakePort = await freePort();
    this.port = await freePortRun(this.opts.apiProcesses);
    log(`run ${this.runId}: redis :${this.redisPort}, FerretDB :${this.ferretPort} (PostgreSQL database ${this.pgDatabase}), proxy :${this.port}, fake Twilio :${this.fakePort}; logs in ${path.relative(ROOT, this.dir)}`);
    await this.startRedis();
    await this.startFerret();
    this.seed();
    await this.startSupervisor();
  }

  async startRedis(): Promise<void> {
    const out = createWriteStream(path.join(this.dir, 'redis.log'), { flags: 'a' });
    const child = spawn(
      'redis-server',
      ['--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', this.dir],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    this.redis = child;
    await waitForPort(this.redisPort, 'redis-server', child, 15_000);
  }

  /** kill -9 the private Redis: everything in it is gone. */
  async killRedis(): Promise<void> {
    const r = this.redis;
    if (!r?.pid) return;
    process.kill(r.pid, 'SIGKILL');
    await waitExit(r, 5000);
  }

  async startFerret(): Promise<void> {
    const out = createWriteStream(path.join(this.dir, 'ferretdb.log'), { flags: 'a' });
    const child = spawn(this.ferretBin, ['-listen', `127.0.0.1:${this.ferretPort}`, '-postgresql-url', `${this.pgUrl}/${this.pgDatabase}`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    this.ferret = child;
    await waitForPort(this.ferretPort, 'FerretDB', child, 60_000);
  }

  async killFerret(): Promise<void> {
    const f = this.ferret;
    if (!f?.pid) return;
    process.kill(f.pid, 'SIGKILL');
    await waitExit(f, 5000);
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      MONGODB_URI: this.mongoUri,
      REDIS_URL: this.redisUrl,
      BULLMQ_PREFIX: this.prefix,
      HOST: '127.0.0.1',
      PORT: String(this.port),
      PUBLIC_BASE_URL: this.url,
      API_PROCESSES: String(this.opts.apiProcesses),
      WORKERS: String(this.opts.workers),
      LOG_LEVEL: 'info',
      FAKE_TWILIO_PORT: String(this.fakePort),
      FAKE_TWILIO_HOST: '127.0.0.1',
      TWILIO_FAKE_URL: this.fakeUrl,
      TWILIO_FROM: this.twilioFrom,
      SLA_MINUTE_MS: String(this.opts.slaMinuteMs),
      OFFER_WINDOW_SECONDS: String(this.opts.offerWindowSeconds),
      RECONCILE_EVERY_MS: String(this.opts.reconcileEveryMs),
      WORKER_LOCK_MS: String(this.opts.workerLockMs),
      SMS_RATE_PER_SECOND: '50',
      // D7 replays webhooks on purpose from a handful of demo partner numbers: the webhook budget is sized for one partner, not for a load generator.
      WEBHOOK_MAX_PER_NUMBER_PER_MINUTE: '100000',
      WEBHOOK_MAX_PER_IP_PER_MINUTE: '1000000',
      HOTLINE_FAULTS: '',
      ...extra,
    };
  }

  seed(): void {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'services/db/src/seed/main.ts', '--demo'], { cwd: ROOT, env: this.env(), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`seed failed: ${r.stderr || r.stdout}`);
    log(r.stdout.split('\n').filter((l) => l.startsWith('seeded')).join('; '));
  }

  async startSupervisor(): Promise<void> {
    this.supLog = createWriteStream(path.join(this.dir, 'supervisor.log'), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'infra/supervisor/src/main.ts'), '--fake-twilio'], {
      cwd: ROOT,
      env: this.env(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.supervisor = child;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.supLog?.write(line + '\n');
        if (!line.includes('[supervisor]') && !line.includes('[hotline]') && !line.includes('[proxy]')) return;
        this.lines.push({ at: Date.now(), line });
        const m = line.match(/\[supervisor\] (?:started (\S+) \(pid (\d+)|(\S+) restarted \(pid (\d+))/);
        if (m) {
          const pid = Number(m[2] ?? m[4]);
          this.pids.set(m[1] ?? m[3]!, pid);
          this.everyPid.add(pid);
        }
      });
    }
    child.once('exit', (code, signal) => {
      if (!this.stopping) log(`the supervisor exited (${code ?? signal})`);
    });
    await this.waitForLine(/hotline is up: /, 0, 240_000);
  }

  async waitForLine(re: RegExp, since: number, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const l of this.lines) {
        if (l.at < since) continue;
        const m = l.line.match(re);
        if (m) return m;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; last supervisor lines:\n${this.lines.slice(-15).map((l) => l.line).join('\n')}`);
      if (this.supervisor && exited(this.supervisor)) throw new Error('the supervisor exited');
      await sleep(100);
    }
  }

  /** An API process outside the supervisor (for fault points), on its own port. */
  async startExtraApi(extra: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
    const port = await freePort();
    const out = createWriteStream(path.join(this.dir, `extra-api.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'services/api/src/main.ts')], {
      cwd: ROOT,
      env: this.env({ PORT: String(port), LOG_LEVEL: 'warn', ...extra }),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    this.extras.add(child);
    child.once('exit', () => this.extras.delete(child));
    await waitForPort(port, 'the extra API process', child, 120_000);
    return { port, child };
  }

  async stop(opts: { keepDatabase?: boolean } = {}): Promise<void> {
    this.stopping = true;
    for (const c of this.extras) signalGroup(c.pid, 'SIGKILL');
    const sup = this.supervisor;
    if (sup && !exited(sup)) {
      sup.kill('SIGTERM');
      if (!(await waitExit(sup, 45_000))) signalGroup(sup.pid, 'SIGKILL');
    }
    // Children the supervisor started are in its process group; anything left (a SIGKILLed supervisor) goes too.
    signalGroup(sup?.pid, 'SIGKILL');
    for (const pid of this.everyPid) if (alive(pid)) signalGroup(pid, 'SIGKILL');
    this.supLog?.end();
    for (const c of [this.ferret, this.redis]) {
      if (c && !exited(c)) {
        c.kill('SIGTERM');
        if (!(await waitExit(c, 10_000))) signalGroup(c.pid, 'SIGKILL');
      }
    }
    // The private PostgreSQL database the wrapper created.
    if (opts.keepDatabase) {
      log(`kept PostgreSQL database ${this.pgDatabase}: ${this.ferretBin} -listen 127.0.0.1:PORT -postgresql-url ${this.pgUrl}/${this.pgDatabase}, then mongodb://127.0.0.1:PORT/hotline_chaos`);
      return;
    }
    const r = spawnSync('psql', [`${this.pgUrl}/postgres`, '-Atqc', `DROP DATABASE IF EXISTS "${this.pgDatabase}" WITH (FORCE)`], { encoding: 'utf8' });
    if (r.status !== 0) log(`could not drop PostgreSQL database ${this.pgDatabase}: ${(r.stderr || r.error?.message || '').trim()}`);
  }
}
