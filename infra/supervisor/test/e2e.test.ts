/**
 * End to end: the supervisor's main (what npm start exec's) runs the real API
 * (two processes behind the proxy) and the real workers on a fresh database
 * and Redis prefix. Clients keep calling GET /readyz and POST /api/auth/login
 * through the proxy while the workers process and an API process are killed
 * with SIGKILL; requests keep succeeding and the killed processes come back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { connectDatabase, disconnectDatabase, ensureIndexes, mongoose, seedDemoUsers } from '@hotline/db';
import { homeIndex } from '../src/proxy';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(REPO_ROOT, 'infra/supervisor/src/main.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// As services/testing's testSettings: one database name and BullMQ prefix per run.
const RUN_ID = process.env.HOTLINE_TEST_RUN_ID ?? `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const DB_NAME = `hotline_test_supervisor_${RUN_ID}`;
const MONGODB_URI = `${(process.env.MONGODB_TEST_URI ?? 'mongodb://127.0.0.1:27017').replace(/\/$/, '')}/${DB_NAME}`;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `hotline-test-supervisor-${RUN_ID}`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/** A base port with the two after it free too (proxy on PORT, API processes on PORT+1 and PORT+2). */
async function freePortTriple(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await portFree(base)) && (await portFree(base + 1)) && (await portFree(base + 2))) return base;
  }
  throw new Error('no three free ports in a row');
}

interface Outcome {
  from: string;
  kind: 'readyz' | 'login';
  start: number;
  end: number;
  ok: boolean;
  detail: string;
}

function call(port: number, from: string, kind: Outcome['kind']): Promise<Outcome> {
  const start = Date.now();
  const body = kind === 'login' ? JSON.stringify({ email: 'counsellor.hn@demo.vn', password: 'demo1234' }) : undefined;
  return new Promise((resolve) => {
    const done = (ok: boolean, detail: string) => resolve({ from, kind, start, end: Date.now(), ok, detail });
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: kind === 'login' ? 'POST' : 'GET',
        path: kind === 'login' ? '/api/auth/login' : '/readyz',
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
        agent: false,
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const cookie = String(res.headers['set-cookie'] ?? '');
          const ok = res.statusCode === 200 && (kind === 'readyz' ? text.includes('"ready"') : cookie.includes('='));
          done(ok, `${res.statusCode} ${text.slice(0, 120)}`);
        });
        res.on('error', (err) => done(false, err.message));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => done(false, (err as NodeJS.ErrnoException).code ?? err.message));
    req.end(body);
  });
}

describe('npm start under the supervisor (end to end)', function () {
  // Each API or workers process spends most of its boot in ensureIndexes; on a loaded machine that takes a while.
  this.timeout(240_000);
  let supervisor: ChildProcess | undefined;
  const output: string[] = [];
  const pids = new Map<string, number>();
  const everyPid = new Set<number>();

  before(async function () {
    this.timeout(60_000);
    await connectDatabase({ uri: MONGODB_URI });
    await mongoose.connection.dropDatabase();
    await ensureIndexes();
    await seedDemoUsers('demo1234');
  });

  after(async function () {
    this.timeout(60_000);
    if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) supervisor.kill('SIGKILL');
    for (const pid of everyPid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await mongoose.connection.dropDatabase().catch(() => {});
    await disconnectDatabase();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  });

  const logText = () => output.join('\n');
  /** The output without the API's request lines, for failure messages. */
  const story = () => output.filter((l) => !l.includes('"request completed"')).slice(-60).join('\n');
  async function waitForLine(what: string, re: RegExp, fromIndex: number, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = fromIndex; i < output.length; i++) {
        const m = output[i]!.match(re);
        if (m) return m;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${story()}`);
      if (supervisor?.exitCode != null) throw new Error(`the supervisor exited (${supervisor.exitCode}):\n${story()}`);
      await sleep(50);
    }
  }

  it('keeps answering through the proxy while workers and an API process are killed -9, and brings them back', async () => {
    const port = await freePortTriple();
    const t0 = Date.now();
    supervisor = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        MONGODB_URI,
        REDIS_URL,
        BULLMQ_PREFIX: PREFIX,
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        API_PROCESSES: '2',
        WORKERS: '1',
        LOG_LEVEL: 'info',
        WORKER_LOCK_MS: '2000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [supervisor.stdout!, supervisor.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const m = line.match(/\[supervisor\] (?:started (\S+) \(pid (\d+)|(\S+) restarted \(pid (\d+))/);
        if (m) {
          const pid = Number(m[2] ?? m[4]);
          pids.set(m[1] ?? m[3]!, pid);
          everyPid.add(pid);
        }
      });
    }
    await waitForLine('hotline is up', /hotline is up: http:\/\/127\.0\.0\.1:(\d+)/, 0, 100_000);
    expect([...pids.keys()].sort()).to.deep.equal(['api-1', 'api-2', 'workers-1']);
    const upAfterMs = Date.now() - t0;

    // Four clients, two homed on each API process.
    const addresses = Array.from({ length: 30 }, (_, k) => `127.0.0.${k + 2}`);
    const clients = [0, 1].flatMap((i) => addresses.filter((a) => homeIndex(a, 2) === i).slice(0, 2));
    const outcomes: Outcome[] = [];
    let running = true;
    const loops = clients.map(async (from, n) => {
      for (let k = n; running; k++) {
        outcomes.push(await call(port, from, k % 2 === 0 ? 'readyz' : 'login'));
        await sleep(20);
      }
    });

    await sleep(2000);
    const victims = { api: 'api-1', workers: 'workers-1' };
    const old = { api: pids.get(victims.api)!, workers: pids.get(victims.workers)! };
    const mark = output.length;
    const killedAt = Date.now();
    process.kill(old.workers, 'SIGKILL');
    process.kill(old.api, 'SIGKILL');

    await waitForLine('api-1 restart logged', /\[supervisor\] api-1 \(pid \d+\) killed by SIGKILL after [\d.]+ s; restart attempt 1 in 0\.5 s/, mark, 5000);
    await waitForLine('workers-1 restart logged', /\[supervisor\] workers-1 \(pid \d+\) killed by SIGKILL after [\d.]+ s; restart attempt 1 in 0\.5 s/, mark, 5000);
    await waitForLine('api-1 back', /\[supervisor\] api-1 is ready again/, mark, 100_000);
    await waitForLine('workers-1 back', /\[supervisor\] workers-1 is ready again/, mark, 100_000);
    const backAt = Date.now();
    await sleep(1500);
    running = false;
    await Promise.all(loops);

    const fresh = { api: pids.get(victims.api)!, workers: pids.get(victims.workers)! };
    expect(fresh.api).to.not.equal(old.api);
    expect(fresh.workers).to.not.equal(old.workers);
    expect([alive(old.api), alive(old.workers), alive(fresh.api), alive(fresh.workers)]).to.deep.equal([false, false, true, true]);
    // The others kept running: api-2 was never restarted.
    expect(logText()).to.not.match(/api-2 \(pid \d+\) (killed|exited)/);
    expect(alive(pids.get('api-2')!)).to.equal(true);
    // The restarted API process answers on its own port.
    const direct = await call(port + 1, '127.0.0.1', 'readyz');
    expect(direct.ok, direct.detail).to.equal(true);

    const failures = outcomes.filter((o) => !o.ok);
    console.log(
      `      up after ${(upAfterMs / 1000).toFixed(1)} s; killed processes back after ${((backAt - killedAt) / 1000).toFixed(1)} s; ` +
        `${outcomes.length} requests, ${failures.length} failed (${failures.map((f) => `${f.kind} +${f.start - killedAt} ms: ${f.detail}`).join('; ') || 'none'})`,
    );
    const show = (o: Outcome) => `${o.kind} from ${o.from} at +${o.start - killedAt} ms: ${o.detail}`;
    // Only requests in flight on the killed process may fail: they started before the kill landed.
    expect(failures.length, failures.map(show).join('\n')).to.be.at.most(4);
    for (const f of failures) expect(f.start - killedAt, show(f)).to.be.at.most(1000);
    const before = outcomes.filter((o) => o.end < killedAt);
    const during = outcomes.filter((o) => o.start > killedAt + 1000 && o.end < backAt);
    const after = outcomes.filter((o) => o.start > backAt);
    for (const [name, list] of Object.entries({ before, during, after })) {
      expect(list.filter((o) => o.kind === 'login' && o.ok).length, `logins ${name}`).to.be.greaterThan(0);
      expect(list.filter((o) => o.kind === 'readyz' && o.ok).length, `readyz ${name}`).to.be.greaterThan(0);
    }
    // While api-1 was down, its clients were answered by api-2.
    const homedOnKilled = clients.filter((a) => homeIndex(a, 2) === 0);
    expect(during.filter((o) => homedOnKilled.includes(o.from) && o.ok).length).to.be.greaterThan(0);

    // SIGTERM stops everything cleanly.
    const stopMark = output.length;
    const exited = new Promise<number | null>((r) => supervisor!.once('exit', (code) => r(code)));
    supervisor.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(45_000).then(() => 'timeout' as const)]);
    expect(code).to.equal(0);
    await waitForLine('stopped', /\[supervisor\] stopped/, stopMark, 1000);
    for (const [name, pid] of pids) expect(alive(pid), `${name} (pid ${pid}) still running`).to.equal(false);
    expect(output.slice(stopMark).join('\n')).to.not.match(/SIGKILL/);
  });
});
