/**
 * A small HTTP reverse proxy in front of several API processes (node:http and
 * node:net only).
 *
 * - Sticky by client address: each address has a home backend (a hash of the
 *   address), so socket.io's long-polling requests of one console reach the
 *   process that holds its session. When the home is down, the next backend
 *   in ring order takes its clients until it is back.
 * - Health: every backend's /readyz is polled; a backend that fails it, or
 *   refuses a connection, is skipped. A request is only retried on another
 *   backend when its connection was refused, i.e. before any of it was sent.
 * - WebSocket upgrades are tunnelled to the same backend.
 * - X-Forwarded-For/-Proto/-Host are set; the API trusts them from loopback.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Backend {
  name: string;
  host: string;
  port: number;
}

export interface ProxyOptions {
  host: string;
  port: number;
  backends: Backend[];
  /** Readiness path polled on every backend (200 = ready). */
  healthPath?: string;
  healthIntervalMs?: number;
  healthTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface Proxy {
  url: string;
  port: number;
  /** Backends currently considered up. */
  up(): string[];
  /** Marks a backend down at once (the supervisor saw it exit); the next good probe brings it back. */
  markDown(name: string, reason: string): void;
  /** Stops the readiness polls (while everything is being stopped); requests are still forwarded. */
  stopHealthChecks(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** FNV-1a of the address: the index of its home backend. */
export function homeIndex(address: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < address.length; i++) {
    h ^= address.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return count > 0 ? h % count : 0;
}

export const clientAddress = (socket: Socket) => (socket.remoteAddress ?? '').replace(/^::ffff:/, '');

/** Backends in the order to try for a client: from its home around the ring, those up first, the others as a last resort. */
export function routeOrder<T>(address: string, backends: T[], isUp: (b: T) => boolean): T[] {
  const n = backends.length;
  const home = homeIndex(address, n);
  const ring = Array.from({ length: n }, (_, i) => backends[(home + i) % n]!);
  return [...ring.filter(isUp), ...ring.filter((b) => !isUp(b))];
}

interface BackendState extends Backend {
  /** undefined until the first probe answers. */
  up: boolean | undefined;
  wasUp: boolean;
  probing: boolean;
}

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const ip = clientAddress(req.socket);
  const prior = req.headers['x-forwarded-for'];
  return {
    'x-forwarded-for': prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${ip}` : ip,
    'x-forwarded-proto': (req.headers['x-forwarded-proto'] as string | undefined) ?? 'http',
    'x-forwarded-host': (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host ?? '',
  };
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || listed.has(k)) continue;
    out[k] = v;
  }
  return out;
}

const unavailable = JSON.stringify({ error: { code: 'unavailable', message: 'No API process is available; try again shortly' } });

export async function startProxy(opts: ProxyOptions): Promise<Proxy> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[proxy] ${line}\n`));
  const healthPath = opts.healthPath ?? '/readyz';
  const timeoutMs = opts.healthTimeoutMs ?? 1000;
  const backends: BackendState[] = opts.backends.map((b) => ({ ...b, up: undefined, wasUp: false, probing: false }));
  const tunnels = new Set<Duplex>();
  let closed = false;

  const setUp = (b: BackendState, up: boolean, reason: string) => {
    if (b.up === up) return;
    const before = b.up;
    b.up = up;
    if (up) {
      if (b.wasUp) log(`${b.name} (port ${b.port}) is back: ${reason}`);
      b.wasUp = true;
    } else if (before === true) {
      log(`${b.name} (port ${b.port}) is down: ${reason}; its clients go to the others`);
    }
  };

  const probe = (b: BackendState) => {
    if (b.probing || closed) return;
    b.probing = true;
    const req = http.get({ host: b.host, port: b.port, path: healthPath, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      setUp(b, res.statusCode === 200, `${healthPath} ${res.statusCode}`);
      b.probing = false;
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => {
      setUp(b, false, `${healthPath}: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
      b.probing = false;
    });
  };
  const probeAll = () => backends.forEach(probe);
  const timer = setInterval(probeAll, opts.healthIntervalMs ?? 1000);
  timer.unref();
  probeAll();

  const order = (socket: Socket) => routeOrder(clientAddress(socket), backends, (b) => b.up === true);

  function onRequest(req: IncomingMessage, res: ServerResponse) {
    const candidates = order(req.socket);
    const headers = { ...withoutHopByHop(req.headers), ...forwardedHeaders(req) };
    const tryBackend = (i: number) => {
      const b = candidates[i];
      if (!b) {
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(unavailable);
        return;
      }
      let connected = false;
      const upstream = http.request({ host: b.host, port: b.port, method: req.method, path: req.url, headers, agent: false });
      upstream.on('socket', (s) => {
        const go = () => {
          connected = true;
          req.pipe(upstream);
        };
        if (s.connecting) s.once('connect', go);
        else go();
      });
      upstream.on('response', (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, withoutHopByHop(up.headers));
        up.pipe(res);
        up.on('error', () => res.destroy());
      });
      upstream.on('error', (err) => {
        if (!connected) {
          // Nothing was sent: this backend is gone; the request goes to the next one.
          setUp(b, false, (err as NodeJS.ErrnoException).code ?? err.message);
          req.unpipe(upstream);
          tryBackend(i + 1);
          return;
        }
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json', connection: 'close' });
          res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'The API process ended while answering' } }));
        } else res.destroy();
      });
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
    };
    tryBackend(0);
  }

  function onUpgrade(req: IncomingMessage, client: Duplex, head: Buffer) {
    const candidates = order(req.socket);
    client.on('error', () => {});
    const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (/^x-forwarded-(for|proto|host)$/i.test(name)) continue;
      lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
    }
    for (const [k, v] of Object.entries(forwardedHeaders(req))) lines.push(`${k}: ${v}`);
    const preamble = `${lines.join('\r\n')}\r\n\r\n`;
    const tryBackend = (i: number) => {
      const b = candidates[i];
      if (!b) {
        client.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(unavailable)}\r\nconnection: close\r\n\r\n${unavailable}`);
        return;
      }
      const upstream = net.connect({ host: b.host, port: b.port });
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        tunnels.add(client);
        upstream.write(preamble);
        if (head.length) upstream.write(head);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', (err) => {
        if (!connected) {
          setUp(b, false, (err as NodeJS.ErrnoException).code ?? err.message);
          tryBackend(i + 1);
        } else client.destroy();
      });
      upstream.on('close', () => {
        if (connected) client.destroy();
      });
      client.on('close', () => {
        tunnels.delete(client);
        upstream.destroy();
      });
    };
    tryBackend(0);
  }

  const server = http.createServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    up: () => backends.filter((b) => b.up === true).map((b) => b.name),
    markDown(name, reason) {
      const b = backends.find((x) => x.name === name);
      if (b) setUp(b, false, reason);
    },
    stopHealthChecks() {
      closed = true;
      clearInterval(timer);
    },
    async close() {
      closed = true;
      clearInterval(timer);
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const t of tunnels) t.destroy();
      await done;
    },
  };
}
