/** The supervisor core with tiny child scripts (test/fixtures/child.mjs). */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { backoffDelay, supervise, type ProcessSpec, type RestartEvent, type Supervisor } from '../src/supervisor';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'fixtures/child.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const readOr = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const alive = (pid: number | undefined) => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const child = (name: string, env: Record<string, string> = {}, more: Partial<ProcessSpec> = {}): ProcessSpec => ({
  name,
  command: process.execPath,
  args: [CHILD],
  env: { CHILD_NAME: name, ...env },
  output: 'ignore',
  ...more,
});

describe('supervisor', function () {
  this.timeout(30_000);
  let sup: Supervisor | undefined;
  let logs: string[];
  let dir: string;
  const quiet = () => ({ log: (l: string) => logs.push(l), pollMs: 20 });

  beforeEach(() => {
    logs = [];
    dir = mkdtempSync(path.join(os.tmpdir(), 'supervisor-test-'));
  });
  const groups: number[] = [];
  afterEach(async () => {
    for (const pgid of groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (sup) {
      sup.kill();
      await sup.stop();
    }
    sup = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('backoff: starts at initialMs, doubles, stops at maxMs', () => {
    const b = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, b))).to.deep.equal([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('restarts a child killed with SIGKILL, logs it, and the others keep their pids', async () => {
    const restarts: RestartEvent[] = [];
    sup = supervise([child('a'), child('b'), child('c')], { ...quiet(), backoff: { initialMs: 100 } });
    sup.on('restart', (e) => restarts.push(e));
    const first = await until('three pids', () => {
      const s = sup!.status();
      return s.every((p) => p.pid) && Object.fromEntries(s.map((p) => [p.name, p.pid!]));
    });
    process.kill(first.b!, 'SIGKILL');
    const newB = await until('b restarted', () => {
      const s = sup!.get('b');
      return s.state === 'running' && s.pid !== first.b && s.pid;
    });
    expect(alive(newB)).to.equal(true);
    expect(alive(first.b)).to.equal(false);
    expect(sup.get('a').pid).to.equal(first.a);
    expect(sup.get('c').pid).to.equal(first.c);
    expect(sup.get('a').restarts + sup.get('c').restarts).to.equal(0);
    expect(restarts).to.have.length(1);
    expect(restarts[0]).to.include({ name: 'b', pid: first.b, signal: 'SIGKILL', code: null, attempt: 1, delayMs: 100 });
    expect(logs.join('\n')).to.match(new RegExp(`b \\(pid ${first.b}\\) killed by SIGKILL after [\\d.]+ s; restart attempt 1 in 0\\.1 s`));
  });

  it('backs off exponentially for a child that keeps dying, up to the cap', async () => {
    const restarts: RestartEvent[] = [];
    sup = supervise([child('crash', { CHILD_EXIT_AFTER_MS: '0', CHILD_EXIT_CODE: '3' })], {
      ...quiet(),
      backoff: { initialMs: 50, maxMs: 400, resetAfterMs: 10_000 },
    });
    sup.on('restart', (e) => restarts.push(e));
    const exits: number[] = [];
    const spawns: number[] = [];
    sup.on('exit', () => exits.push(Date.now()));
    sup.on('spawn', () => spawns.push(Date.now()));
    await until('six restarts', () => restarts.length >= 6 && spawns.length >= 7, 15_000);
    expect(restarts.slice(0, 6).map((r) => r.attempt)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(restarts.slice(0, 6).map((r) => r.delayMs)).to.deep.equal([50, 100, 200, 400, 400, 400]);
    expect(restarts.every((r) => r.code === 3 && r.signal === null)).to.equal(true);
    // Each restart really waited its delay after the exit.
    const waited = restarts.slice(0, 6).map((_, i) => spawns[i + 1]! - exits[i]!);
    waited.forEach((ms, i) => expect(ms, `wait before restart ${i + 1}`).to.be.at.least(restarts[i]!.delayMs - 5));
    expect(logs.join('\n')).to.include('crash').and.include('exited with code 3').and.include('restart attempt 4 in 0.4 s');
  });

  it('starts again from the first delay after a process stayed up resetAfterMs', async () => {
    const restarts: RestartEvent[] = [];
    sup = supervise([child('flaky', { CHILD_EXIT_AFTER_MS: '400' })], { ...quiet(), backoff: { initialMs: 50, maxMs: 1000, resetAfterMs: 300 } });
    sup.on('restart', (e) => restarts.push(e));
    await until('three restarts', () => restarts.length >= 3, 10_000);
    expect(restarts.slice(0, 3).map((r) => [r.attempt, r.delayMs])).to.deep.equal([[1, 50], [1, 50], [1, 50]]);
  });

  it('retries a command that cannot start', async () => {
    sup = supervise([{ name: 'missing', command: path.join(dir, 'no-such-program'), output: 'ignore' }], { ...quiet(), backoff: { initialMs: 30 } });
    await until('two attempts', () => sup!.get('missing').restarts >= 2);
    expect(logs.join('\n')).to.include('ENOENT');
  });

  it('stop: SIGTERM to every child, SIGKILL for one that ignores it after the timeout, no restarts', async () => {
    const restarts: RestartEvent[] = [];
    sup = supervise(
      [child('polite', { CHILD_TERM_DELAY_MS: '100' }), child('stubborn', { CHILD_IGNORE_TERM: '1', CHILD_LOG: path.join(dir, 'log') }, { stopTimeoutMs: 600 })],
      quiet(),
    );
    sup.on('restart', (e) => restarts.push(e));
    const pids = await until('pids', () => {
      const s = sup!.status();
      return s.every((p) => p.pid) && s.map((p) => p.pid!);
    });
    await until('stubborn has its SIGTERM handler', () => readOr(path.join(dir, 'log')).includes('start'));
    await sleep(100);
    const started = Date.now();
    await sup.stop();
    const took = Date.now() - started;
    expect(pids.map(alive)).to.deep.equal([false, false]);
    expect(took).to.be.within(500, 5000);
    expect(readFileSync(path.join(dir, 'log'), 'utf8')).to.include('stubborn sigterm');
    expect(logs.join('\n')).to.match(/stubborn \(pid \d+\) did not stop within 0\.6 s: SIGKILL/);
    expect(sup.status().map((s) => s.state)).to.deep.equal(['stopped', 'stopped']);
    await sleep(200);
    expect(restarts).to.have.length(0);
    sup = undefined;
  });

  it('starts a process after what it depends on is ready, and stops it first', async () => {
    const port = await freePort();
    const log = path.join(dir, 'log');
    sup = supervise(
      [
        child('app', { CHILD_LOG: log }, { dependsOn: ['db'] }),
        child('db', { CHILD_LOG: log, CHILD_PORT: String(port), CHILD_LISTEN_DELAY_MS: '300', CHILD_TERM_DELAY_MS: '50' }, { ready: { tcp: { host: '127.0.0.1', port } } }),
      ],
      quiet(),
    );
    await sup.ready();
    await until('app started', () => readOr(log).includes('app start'));
    await sup.stop();
    const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(events.indexOf('db listening')).to.be.lessThan(events.indexOf('app start'));
    expect(events.indexOf('app exit')).to.be.greaterThan(-1);
    expect(events.indexOf('app exit')).to.be.lessThan(events.indexOf('db sigterm'));
    sup = undefined;
  });

  it('prefixes output lines and can take a line as readiness', async () => {
    const lines: string[] = [];
    sup = supervise([child('talker', {}, { output: 'prefix', ready: { line: /talker ready/ } })], { ...quiet(), echoOutput: false });
    sup.on('output', (name, line) => lines.push(`${name}: ${line}`));
    await sup.ready();
    expect(lines).to.include('talker: talker ready');
    expect(sup.get('talker').ready).to.equal(true);
  });

  it('adopts a running process it inherited: reads how it died from /proc and starts its command instead', async function () {
    // As in npm start: a shell starts the process in the background, then execs the supervisor.
    const shell = spawn('bash', ['-c', `"${process.execPath}" "${CHILD}" >/dev/null & exec "${process.execPath}" --import tsx "${path.join(here, 'fixtures/adopter.ts')}" $!`], {
      cwd: path.join(here, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    groups.push(shell.pid!);
    const events: Record<string, unknown>[] = [];
    createInterface({ input: shell.stdout }).on('line', (l) => events.push(JSON.parse(l)));
    const exited = new Promise((r) => shell.once('exit', r));
    const adopted = await until('adoption', () => events.find((e) => e.event === 'spawn'), 20_000);
    const pid = adopted.pid as number;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])).to.equal(shell.pid); // its parent is the supervisor
    process.kill(pid, 'SIGKILL');
    const restart = await until('restart', () => events.find((e) => e.event === 'restart'));
    expect(restart).to.include({ name: 'adopted', pid, signal: 'SIGKILL', attempt: 1 });
    const respawn = await until('new process', () => events.find((e) => e.event === 'spawn' && e.pid !== pid));
    groups.push(respawn.pid as number); // its own process group
    expect(alive(respawn.pid as number)).to.equal(true);
    shell.kill('SIGTERM');
    await until('stopped', () => events.find((e) => e.event === 'stopped'));
    await exited;
    expect(alive(respawn.pid as number)).to.equal(false);
  });

  it('orphan guard: a child whose supervisor was killed -9 stops itself with SIGTERM', async () => {
    const log = path.join(dir, 'log');
    const guard = path.join(here, '../src/orphan-guard.ts');
    const shell = spawn('bash', ['-c', `HOTLINE_SUPERVISOR_PID=$$ "${process.execPath}" --import tsx --import "${guard}" "${CHILD}" & wait`], {
      env: { ...process.env, CHILD_LOG: log, CHILD_NAME: 'orphan' },
      stdio: 'ignore',
      detached: true,
    });
    groups.push(shell.pid!);
    await until('child started', () => readOr(log).includes('orphan start'), 20_000);
    await sleep(300); // its guard is loaded before the child's code runs; give the interval a moment
    process.kill(shell.pid!, 'SIGKILL');
    await until('child stopped on its own', () => readOr(log).includes('orphan exit'), 10_000);
    expect(readOr(log)).to.include('orphan sigterm');
  });
});
