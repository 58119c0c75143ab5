/**
 * What `npm start` runs, as process specs: the API processes (API_PROCESSES,
 * default 1), the workers processes (WORKERS, default 1), the fake Twilio when
 * asked, and the embedded database when start.sh started it in this run.
 *
 * One API process listens on PORT itself. With several, the supervisor's proxy
 * listens on PORT and API process i on PORT+i (loopback only).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProcessSpec } from './supervisor';
import type { Backend } from './proxy';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ORPHAN_GUARD = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'orphan-guard.ts')).href;

export interface DatabaseToAdopt {
  /** The wrapper's pid (a child of the shell that exec'd the supervisor). */
  pid: number;
  /** lib.sh's pid file ("<pid> <build stamp>"), rewritten on each restart. */
  pidFile?: string;
  /** Where its output goes on restart. */
  logFile?: string;
}

export interface PlanOptions {
  env?: NodeJS.ProcessEnv;
  root?: string;
  fakeTwilio?: boolean;
  database?: DatabaseToAdopt;
}

export interface Plan {
  specs: ProcessSpec[];
  /** The address users open: the proxy's with several API processes, else the one API process's. */
  host: string;
  port: number;
  url: string;
  apiProcesses: number;
  workers: number;
  /** Set when a proxy must run on host:port in front of these backends. */
  proxy?: { host: string; port: number; backends: Backend[] };
}

function count(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new Error(`${name} must be a whole number from 1 to 32 (got "${raw}")`);
  return n;
}

/** The wrapper's command line, from /proc, to start it again the same way. */
export function commandLineOf(pid: number): string[] {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (argv[argv.length - 1] === '') argv.pop();
  if (argv.length === 0) throw new Error(`process ${pid} has no command line (not running?)`);
  return argv;
}

function listenAddress(args: string[]): { host: string; port: number } {
  const i = args.indexOf('-listen');
  const value = i >= 0 ? args[i + 1] : undefined;
  const m = value?.match(/^(.*):(\d+)$/);
  return m ? { host: m[1] || '127.0.0.1', port: Number(m[2]) } : { host: '127.0.0.1', port: 27017 };
}

export function hotlinePlan(opts: PlanOptions = {}): Plan {
  const env = opts.env ?? process.env;
  const root = opts.root ?? REPO_ROOT;
  const apiProcesses = count(env, 'API_PROCESSES');
  const workers = count(env, 'WORKERS');
  const host = env.HOST || '127.0.0.1';
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 1 || port + apiProcesses > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`);
  const backendHost = ['0.0.0.0', '::', '[::]'].includes(host) ? '127.0.0.1' : host;
  // Info-level logs carry the workers' "workers ready" line; quieter levels do not.
  const infoLogged = ['info', 'debug', 'trace'].includes(env.LOG_LEVEL || 'info');

  const node = (script: string) => ({
    command: process.execPath,
    args: ['--import', 'tsx', '--import', ORPHAN_GUARD, path.join(root, script)],
    cwd: root,
  });
  const supervised = { HOTLINE_SUPERVISOR_PID: String(process.pid) };
  const specs: ProcessSpec[] = [];
  const dependsOn: string[] = [];

  if (opts.database) {
    const { pid, pidFile, logFile } = opts.database;
    const [command, ...args] = commandLineOf(pid);
    let stamp = '';
    if (pidFile) {
      try {
        stamp = readFileSync(pidFile, 'utf8').trim().split(/\s+/)[1] ?? '';
      } catch {
        /* no pid file: write one without a stamp */
      }
    }
    specs.push({
      name: 'database',
      command: command!,
      args,
      cwd: root,
      output: logFile ? { file: logFile } : 'inherit',
      ready: { tcp: listenAddress(args) },
      adoptPid: pid,
      stopTimeoutMs: 10_000,
      onStart: pidFile ? (newPid) => writeFileSync(pidFile, `${newPid} ${stamp}`.trim() + '\n') : undefined,
    });
    dependsOn.push('database');
  }

  if (opts.fakeTwilio) {
    specs.push({
      name: 'fake-twilio',
      ...node('services/telephony/src/fake-twilio/main.ts'),
      env: supervised,
      output: 'prefix',
      ready: { tcp: { host: env.FAKE_TWILIO_HOST || '127.0.0.1', port: Number(env.FAKE_TWILIO_PORT || 3080) } },
      stopTimeoutMs: 5000,
    });
  }

  const backends: Backend[] = [];
  for (let i = 1; i <= apiProcesses; i++) {
    const apiPort = apiProcesses === 1 ? port : port + i;
    const name = `api-${i}`;
    backends.push({ name, host: backendHost, port: apiPort });
    specs.push({
      name,
      ...node('services/api/src/main.ts'),
      env: { ...supervised, PORT: String(apiPort), HOST: apiProcesses === 1 ? host : backendHost },
      output: 'prefix',
      ready: { tcp: { host: backendHost, port: apiPort } },
      dependsOn,
      stopTimeoutMs: 20_000, // the API gives its requests 15 s
    });
  }

  for (let i = 1; i <= workers; i++) {
    specs.push({
      name: `workers-${i}`,
      ...node('workers/src/main.ts'),
      env: supervised,
      output: 'prefix',
      ready: infoLogged ? { line: /"msg":"workers ready"/ } : undefined,
      dependsOn,
      stopTimeoutMs: 30_000, // running jobs finish first
    });
  }

  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    specs,
    host,
    port,
    url: `http://${hostForUrl}:${port}`,
    apiProcesses,
    workers,
    proxy: apiProcesses > 1 ? { host, port, backends } : undefined,
  };
}
