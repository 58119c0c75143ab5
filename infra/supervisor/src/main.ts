/**
 * npm start's last step (infra/scripts/start.sh exec's it):
 *   node --import tsx infra/supervisor/src/main.ts [--fake-twilio]
 *     [--database-pid PID [--database-pidfile FILE] [--database-log FILE]]
 * runs the API (API_PROCESSES), the workers (WORKERS), the fake Twilio and the
 * embedded database started by this run, restarts whichever dies (backoff
 * 0.5 s doubling to 30 s, reset after 60 s up), runs the proxy on PORT when
 * there are several API processes, and stops everything on Ctrl-C / SIGTERM.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import { hotlinePlan } from './plan';
import { startProxy, type Proxy } from './proxy';
import { describeExit, supervise } from './supervisor';

const tag = (name: string) => (process.stderr.isTTY ? `\x1b[36m[${name}]\x1b[0m` : `[${name}]`);
const log = (line: string) => process.stderr.write(`${tag('supervisor')} ${line}\n`);

const { values } = parseArgs({
  options: {
    'fake-twilio': { type: 'boolean', default: false },
    'database-pid': { type: 'string' },
    'database-pidfile': { type: 'string' },
    'database-log': { type: 'string' },
  },
});

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

let plan: ReturnType<typeof hotlinePlan>;
try {
  plan = hotlinePlan({
    fakeTwilio: values['fake-twilio'],
    database: values['database-pid']
      ? { pid: Number(values['database-pid']), pidFile: values['database-pidfile'], logFile: values['database-log'] }
      : undefined,
  });
} catch (err) {
  log((err as Error).message);
  process.exit(2);
}

const ports = plan.proxy ? [plan.proxy, ...plan.proxy.backends] : [{ host: plan.host, port: plan.port }];
for (const { host, port } of ports) {
  if (!(await portFree(host, port))) {
    log(`${host}:${port} is already in use (another npm start?); stop it or set PORT`);
    process.exit(1);
  }
}

const sup = supervise(plan.specs, { log });
let proxy: Proxy | undefined;
let stopping = false;

sup.on('spawn', (name, pid) => {
  const s = sup.get(name);
  const spec = plan.specs.find((x) => x.name === name)!;
  const port = spec.env?.PORT ? `, port ${spec.env.PORT}` : '';
  if (s.restarts === 0) log(`${spec.adoptPid === pid ? 'watching' : 'started'} ${name} (pid ${pid}${port})`);
  else log(`${name} restarted (pid ${pid}${port}; restart ${s.restarts})`);
});
sup.on('ready', (name, pid) => {
  if (sup.get(name).restarts > 0) log(`${name} is ready again (pid ${pid})`);
});
sup.on('exit', (name, info) => {
  if (stopping) log(`${name} (pid ${info.pid}) ${describeExit(info)}`);
  if (name.startsWith('api-') && !stopping) proxy?.markDown(name, 'the process exited');
});

async function shutdown(signal: string) {
  if (stopping) {
    log(`${signal} again: killing everything`);
    sup.kill();
    process.exit(1);
  }
  stopping = true;
  clearInterval(parentWatch);
  log(`${signal}: stopping (API and workers, then what they use)`);
  proxy?.stopHealthChecks();
  await sup.stop();
  await proxy?.close();
  log('stopped');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));
// `npm start` runs this under `sh -c`, and npm hands a SIGTERM to that shell only: when the
// process that started the supervisor goes away, everything stops as on SIGTERM.
const parentAtStart = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid === parentAtStart) return;
  clearInterval(parentWatch);
  if (!stopping) void shutdown(`the parent process (pid ${parentAtStart}) exited`);
}, 500);
parentWatch.unref();
process.on('uncaughtException', (err) => {
  log(`supervisor error: ${err.stack ?? err.message}; stopping everything`);
  sup.kill();
  process.exit(1);
});

if (plan.proxy) {
  try {
    proxy = await startProxy({ ...plan.proxy, log: (line) => process.stderr.write(`${tag('proxy')} ${line}\n`) });
    log(`proxy on ${proxy.url} → ${plan.proxy.backends.map((b) => `${b.name} :${b.port}`).join(', ')} (sticky by client address)`);
  } catch (err) {
    log(`the proxy cannot listen on ${plan.host}:${plan.port}: ${(err as Error).message}`);
    await sup.stop();
    process.exit(1);
  }
}

await sup.ready();
if (!stopping) {
  process.stderr.write(
    `${tag('hotline')} hotline is up: ${plan.url}  (OpenAPI: /api/openapi.json; ${plan.apiProcesses} API, ${plan.workers} workers ` +
      `process${plan.workers > 1 ? 'es' : ''}; restarts what dies; Ctrl-C stops everything)\n`,
  );
}
