/**
 * A small process supervisor: starts each process spec, restarts one that
 * dies with exponential backoff (the others keep running), and stops them all
 * in dependency order: SIGTERM, a wait, then SIGKILL for stragglers.
 *
 * Children run in their own process group (detached), so a Ctrl-C in the
 * terminal reaches only the supervisor, which then stops them in order
 * (API and workers before the database they use).
 *
 * A spec may adopt a process that is already running (`adoptPid`): the
 * supervisor watches it through /proc, and starts the spec's command when it
 * dies. npm start uses this for the embedded database that start.sh started
 * before exec'ing the supervisor (so the supervisor is its parent, but Node
 * does not know it: a dead one stays a zombie, whose exit status /proc shows).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';

export interface ProcessSpec {
  /** Unique name, used in logs and for dependsOn. */
  name: string;
  command: string;
  args?: string[];
  /** Added to (or, with undefined, removed from) the supervisor's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * inherit: the child writes to the supervisor's stdout/stderr; prefix: each
   * line is prefixed with the name; ignore; or appended to a file.
   */
  output?: 'inherit' | 'prefix' | 'ignore' | { file: string };
  /** When the process counts as ready: a TCP port accepts connections, or a line of its output matches (output 'prefix'). */
  ready?: { tcp: { host: string; port: number } } | { line: RegExp };
  /** Names of specs that must be ready before this one first starts; it is stopped before them. */
  dependsOn?: string[];
  /** Signal for a clean stop (SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** How long a clean stop may take before SIGKILL (default: the supervisor's stopTimeoutMs). */
  stopTimeoutMs?: number;
  /** A running process to watch as this spec's first instance (Linux /proc). */
  adoptPid?: number;
  /** Called with each new pid (adopted or spawned). */
  onStart?: (pid: number) => void;
}

export interface BackoffOptions {
  /** Delay before the first restart (ms). */
  initialMs: number;
  /** The delay doubles up to this (ms). */
  maxMs: number;
  /** A process that stayed up this long starts again from initialMs (ms). */
  resetAfterMs: number;
}

export interface SupervisorOptions {
  backoff?: Partial<BackoffOptions>;
  stopTimeoutMs?: number;
  /** Where the supervisor's own lines go (default: stderr with a [supervisor] tag). */
  log?: (line: string) => void;
  /** How often readiness and adopted processes are polled (ms). */
  pollMs?: number;
  /** Echo the lines of 'prefix' children to stdout/stderr (default true); they are emitted as 'output' events either way. */
  echoOutput?: boolean;
}

export type ProcessStateName = 'waiting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessStatus {
  name: string;
  pid: number | undefined;
  state: ProcessStateName;
  ready: boolean;
  /** Restarts since the supervisor started. */
  restarts: number;
  /** Consecutive quick failures: the attempt number of the next (or last) restart. */
  attempt: number;
  lastExit: ExitInfo | undefined;
  /** Delay before the pending restart (ms), while in backoff. */
  nextDelayMs: number | undefined;
}

export interface RestartEvent extends ExitInfo {
  name: string;
  pid: number | undefined;
  attempt: number;
  delayMs: number;
  uptimeMs: number;
}

export interface SupervisorEvents {
  spawn: [name: string, pid: number];
  ready: [name: string, pid: number];
  exit: [name: string, info: ExitInfo & { pid: number | undefined }];
  restart: [event: RestartEvent];
  output: [name: string, line: string];
}

export interface Supervisor extends EventEmitter<SupervisorEvents> {
  status(): ProcessStatus[];
  get(name: string): ProcessStatus;
  /** Resolves once every spec with a readiness check has been ready at least once. */
  ready(): Promise<void>;
  /** Stops everything (dependents first); resolves when every process has exited. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL to everything still running (a second Ctrl-C). */
  kill(): void;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

/** The delay before restart attempt n (1-based): initial, doubling, capped. */
export function backoffDelay(attempt: number, b: BackoffOptions): number {
  return Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, attempt - 1));
}

export const describeExit = (e: ExitInfo) =>
  e.signal ? `killed by ${e.signal}` : e.code === null ? 'exited (status unknown)' : `exited with code ${e.code}`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function tcpOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

const SIGNALS_BY_NUMBER: Record<number, NodeJS.Signals> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL',
  10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
};

/**
 * Is a process (not necessarily our child) still alive? From /proc: gone, or a
 * zombie whose wait status (field 52, exit_code) says how it ended.
 */
export function procExit(pid: number): ExitInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    try {
      process.kill(pid, 0);
      return null; // no /proc here (not Linux), but it is alive
    } catch {
      return { code: null, signal: null };
    }
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state !== 'Z' && state !== 'X') return null;
  const status = Number(fields[49]);
  if (!Number.isFinite(status)) return { code: null, signal: null };
  const sig = status & 0x7f;
  return sig === 0 ? { code: (status >> 8) & 0xff, signal: null } : { code: null, signal: SIGNALS_BY_NUMBER[sig] ?? (`SIG${sig}` as NodeJS.Signals) };
}

/** One running instance: a child we spawned, or an adopted pid. */
interface Instance {
  pid: number | undefined;
  startedAt: number;
  exited: Promise<ExitInfo>;
  signal(sig: NodeJS.Signals): void;
  /** Stop watching (adopted) / release handles. */
  dispose(): void;
}

class Managed {
  state: ProcessStateName = 'waiting';
  current: Instance | undefined;
  ready = false;
  restarts = 0;
  attempt = 0;
  lastExit: ExitInfo | undefined;
  nextDelayMs: number | undefined;
  timer: NodeJS.Timeout | undefined;
  everReady: Promise<void>;
  private markEverReady!: () => void;
  private stopped: Promise<void> | undefined;
  private adopted = false;

  constructor(
    readonly spec: ProcessSpec,
    private readonly sup: SupervisorImpl,
  ) {
    this.everReady = new Promise((r) => (this.markEverReady = r));
    if (!spec.ready) this.everReady = Promise.resolve();
  }

  status(): ProcessStatus {
    return {
      name: this.spec.name,
      pid: this.current?.pid,
      state: this.state,
      ready: this.ready,
      restarts: this.restarts,
      attempt: this.attempt,
      lastExit: this.lastExit,
      nextDelayMs: this.state === 'backoff' ? this.nextDelayMs : undefined,
    };
  }

  start() {
    if (this.sup.stopping) return;
    this.timer = undefined;
    const instance = this.spec.adoptPid && !this.adopted ? this.adopt(this.spec.adoptPid) : this.spawn();
    this.adopted = true;
    this.current = instance;
    this.state = 'running';
    this.ready = false;
    if (instance.pid !== undefined) {
      this.spec.onStart?.(instance.pid);
      this.sup.emit('spawn', this.spec.name, instance.pid);
      this.watchReady(instance);
    }
    void instance.exited.then((info) => this.onExit(instance, info));
  }

  private adopt(pid: number): Instance {
    let resolveExit!: (e: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
    const poll = setInterval(() => {
      const e = procExit(pid);
      if (e) {
        clearInterval(poll);
        resolveExit(e);
      }
    }, this.sup.pollMs);
    return {
      pid,
      startedAt: Date.now(),
      exited,
      signal: (sig) => {
        try {
          process.kill(pid, sig);
        } catch {
          /* already gone */
        }
      },
      dispose: () => clearInterval(poll),
    };
  }

  private spawn(): Instance {
    const { spec } = this;
    const output = spec.output ?? 'inherit';
    let fileFd: number | undefined;
    let stdio: ('inherit' | 'ignore' | 'pipe' | number)[];
    if (typeof output === 'object') {
      fileFd = openSync(output.file, 'a');
      stdio = ['ignore', fileFd, fileFd];
    } else if (output === 'prefix') stdio = ['ignore', 'pipe', 'pipe'];
    else stdio = ['ignore', output, output];
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(spec.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    let child: ChildProcess;
    let resolveExit!: (e: ExitInfo) => void;
    const exited = new Promise<ExitInfo>((r) => (resolveExit = r));
    try {
      child = spawn(spec.command, spec.args ?? [], { cwd: spec.cwd, env, stdio, detached: true });
    } catch (err) {
      this.sup.log(`${spec.name}: cannot start ${spec.command}: ${(err as Error).message}`);
      resolveExit({ code: null, signal: null });
      return { pid: undefined, startedAt: Date.now(), exited, signal() {}, dispose() {} };
    } finally {
      if (fileFd !== undefined) closeSync(fileFd);
    }
    child.once('error', (err) => {
      this.sup.log(`${spec.name}: ${err.message}`);
      if (child.pid === undefined) resolveExit({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    if (output === 'prefix') {
      for (const [stream, write] of [
        [child.stdout, (s: string) => process.stdout.write(s)],
        [child.stderr, (s: string) => process.stderr.write(s)],
      ] as const) {
        if (!stream) continue;
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          this.sup.emit('output', spec.name, line);
          if (this.sup.echoOutput) write(`${this.sup.tag(spec.name)} ${line}\n`);
        });
      }
    }
    const pid = child.pid;
    return {
      pid,
      startedAt: Date.now(),
      exited,
      signal: (sig) => {
        if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
        try {
          process.kill(-pid, sig); // the child's process group: it and anything it started
        } catch {
          try {
            child.kill(sig);
          } catch {
            /* gone */
          }
        }
      },
      dispose() {},
    };
  }

  private watchReady(instance: Instance) {
    const ready = this.spec.ready;
    if (!ready) return;
    const mark = () => {
      if (this.current !== instance || this.ready) return;
      this.ready = true;
      this.sup.emit('ready', this.spec.name, instance.pid!);
      this.markEverReady();
    };
    if ('line' in ready) {
      const onLine = (name: string, line: string) => {
        if (name === this.spec.name && this.current === instance && ready.line.test(line)) {
          this.sup.off('output', onLine);
          mark();
        }
      };
      this.sup.on('output', onLine);
      void instance.exited.then(() => this.sup.off('output', onLine));
      return;
    }
    let alive = true;
    void instance.exited.then(() => (alive = false));
    void (async () => {
      while (alive && this.current === instance && !this.sup.stopping) {
        if (await tcpOpen(ready.tcp.host, ready.tcp.port)) return mark();
        await sleep(this.sup.pollMs);
      }
    })();
  }

  private onExit(instance: Instance, info: ExitInfo) {
    instance.dispose();
    if (this.current !== instance) return;
    this.lastExit = info;
    this.ready = false;
    const uptimeMs = Date.now() - instance.startedAt;
    this.sup.emit('exit', this.spec.name, { ...info, pid: instance.pid });
    if (this.sup.stopping || this.state === 'stopping') {
      this.state = 'stopped';
      return;
    }
    if (uptimeMs >= this.sup.backoff.resetAfterMs) this.attempt = 0;
    this.attempt += 1;
    const delayMs = backoffDelay(this.attempt, this.sup.backoff);
    this.nextDelayMs = delayMs;
    this.state = 'backoff';
    this.restarts += 1;
    const pidText = instance.pid === undefined ? '' : ` (pid ${instance.pid})`;
    this.sup.log(
      `${this.spec.name}${pidText} ${describeExit(info)} after ${(uptimeMs / 1000).toFixed(1)} s; ` +
        `restart attempt ${this.attempt} in ${(delayMs / 1000).toFixed(1)} s`,
    );
    this.sup.emit('restart', { name: this.spec.name, pid: instance.pid, ...info, attempt: this.attempt, delayMs, uptimeMs });
    this.timer = setTimeout(() => this.start(), delayMs);
  }

  /** Clean stop of this process (the caller has stopped its dependents first). */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      const instance = this.current;
      if (!instance || this.state === 'stopped' || this.state === 'backoff' || this.state === 'waiting') {
        this.state = 'stopped';
        return;
      }
      this.state = 'stopping';
      instance.signal(this.spec.stopSignal ?? 'SIGTERM');
      const timeout = this.spec.stopTimeoutMs ?? this.sup.stopTimeoutMs;
      const finished = await Promise.race([instance.exited.then(() => true), sleep(timeout).then(() => false)]);
      if (!finished) {
        this.sup.log(`${this.spec.name} (pid ${instance.pid}) did not stop within ${(timeout / 1000).toFixed(1)} s: SIGKILL`);
        instance.signal('SIGKILL');
        await Promise.race([instance.exited, sleep(5000)]);
      }
      this.state = 'stopped';
    })();
    return this.stopped;
  }

  kill() {
    if (this.timer) clearTimeout(this.timer);
    this.current?.signal('SIGKILL');
  }
}

class SupervisorImpl extends EventEmitter<SupervisorEvents> implements Supervisor {
  readonly processes = new Map<string, Managed>();
  readonly backoff: BackoffOptions;
  readonly stopTimeoutMs: number;
  readonly pollMs: number;
  readonly log: (line: string) => void;
  echoOutput = true;
  stopping = false;
  private stopPromise: Promise<void> | undefined;

  constructor(specs: ProcessSpec[], opts: SupervisorOptions) {
    super();
    this.setMaxListeners(0);
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
    this.pollMs = opts.pollMs ?? 200;
    this.echoOutput = opts.echoOutput ?? true;
    this.log = opts.log ?? ((line) => process.stderr.write(`${this.tag('supervisor')} ${line}\n`));
    for (const spec of specs) {
      if (this.processes.has(spec.name)) throw new Error(`supervisor: two processes are named ${spec.name}`);
      this.processes.set(spec.name, new Managed(spec, this));
    }
    for (const spec of specs) {
      for (const dep of spec.dependsOn ?? []) {
        if (!this.processes.has(dep)) throw new Error(`supervisor: ${spec.name} depends on unknown ${dep}`);
      }
    }
    this.checkAcyclic();
    // Started on the next tick, so the caller can listen to the first 'spawn' events.
    process.nextTick(() => {
      for (const m of this.processes.values()) {
        const deps = (m.spec.dependsOn ?? []).map((d) => this.processes.get(d)!.everReady);
        if (deps.length === 0) m.start();
        else void Promise.all(deps).then(() => m.start());
      }
    });
  }

  tag(name: string) {
    const text = `[${name}]`;
    return process.stderr.isTTY ? `\x1b[36m${text}\x1b[0m` : text;
  }

  private checkAcyclic() {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string) => {
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`supervisor: dependency cycle through ${name}`);
      visiting.add(name);
      for (const d of this.processes.get(name)!.spec.dependsOn ?? []) visit(d);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of this.processes.keys()) visit(name);
  }

  status() {
    return [...this.processes.values()].map((m) => m.status());
  }

  get(name: string) {
    const m = this.processes.get(name);
    if (!m) throw new Error(`supervisor: no process named ${name}`);
    return m.status();
  }

  ready() {
    return Promise.all([...this.processes.values()].map((m) => m.everReady)).then(() => undefined);
  }

  stop() {
    this.stopPromise ??= (async () => {
      this.stopping = true;
      const stops = new Map<string, Promise<void>>();
      const stopOne = (name: string): Promise<void> => {
        let p = stops.get(name);
        if (!p) {
          const dependents = [...this.processes.values()].filter((m) => m.spec.dependsOn?.includes(name)).map((m) => m.spec.name);
          p = Promise.all(dependents.map(stopOne)).then(() => this.processes.get(name)!.stop());
          stops.set(name, p);
        }
        return p;
      };
      await Promise.all([...this.processes.keys()].map(stopOne));
    })();
    return this.stopPromise;
  }

  kill() {
    this.stopping = true;
    for (const m of this.processes.values()) m.kill();
  }
}

/** Starts every spec (each after the specs it depends on are ready) and keeps them running. */
export function supervise(specs: ProcessSpec[], opts: SupervisorOptions = {}): Supervisor {
  return new SupervisorImpl(specs, opts);
}
