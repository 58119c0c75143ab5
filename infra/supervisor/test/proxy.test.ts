/** The proxy in front of several API processes, with tiny in-process backends. */
import http, { type Server } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { expect } from 'chai';
import { homeIndex, routeOrder, startProxy, type Proxy } from '../src/proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One request from a given loopback address (Linux answers on all of 127/8), so tests can be several clients. */
function request(port: number, opts: { from?: string; method?: string; path?: string; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, localAddress: opts.from ?? '127.0.0.1', method: opts.method ?? 'GET', path: opts.path ?? '/', agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.setHeader('content-type', 'application/json');
    req.end(opts.body);
  });
}

interface FakeBackend {
  name: string;
  port: number;
  ready: boolean;
  server: Server;
  close(): Promise<void>;
  listen(): Promise<void>;
}

async function backend(name: string, port = 0): Promise<FakeBackend> {
  const upgraded = new Set<Duplex>();
  const b: FakeBackend = {
    name,
    port,
    ready: true,
    server: http.createServer((req, res) => {
      if (req.url === '/readyz') {
        res.writeHead(b.ready ? 200 : 503).end();
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.end(JSON.stringify({ backend: name, method: req.method, url: req.url, body, xff: req.headers['x-forwarded-for'], host: req.headers['x-forwarded-host'] }));
      });
    }),
    async listen() {
      await new Promise<void>((r) => b.server.listen(b.port, '127.0.0.1', r));
      b.port = (b.server.address() as net.AddressInfo).port;
    },
    async close() {
      const done = new Promise((r) => b.server.close(r));
      b.server.closeAllConnections();
      for (const s of upgraded) s.destroy();
      await done;
    },
  };
  b.server.on('upgrade', (req, socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Backend: ${name}\r\nX-Seen-For: ${req.headers['x-forwarded-for']}\r\n\r\n`);
    socket.on('data', (d) => socket.write(`${name}:${d}`));
    socket.on('end', () => socket.end());
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
  });
  await b.listen();
  return b;
}

/** The loopback addresses, of the first 20, whose home is backend index i of 2. */
const clientsHomedOn = (i: number) => Array.from({ length: 20 }, (_, k) => `127.0.0.${k + 1}`).filter((a) => homeIndex(a, 2) === i);

describe('proxy', function () {
  this.timeout(20_000);
  let a: FakeBackend;
  let b: FakeBackend;
  let proxy: Proxy;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    a = await backend('a');
    b = await backend('b');
    proxy = await startProxy({
      host: '127.0.0.1',
      port: 0,
      backends: [a, b].map((x) => ({ name: x.name, host: '127.0.0.1', port: x.port })),
      healthIntervalMs: 100,
      log: (l) => lines.push(l),
    });
    await waitUp(2);
  });
  afterEach(async () => {
    await proxy.close();
    await Promise.all([a, b].filter((x) => x.server.listening).map((x) => x.close()));
  });

  async function waitUp(n: number, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (proxy.up().length !== n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} backends up, have ${proxy.up().join(',')}`);
      await sleep(20);
    }
  }

  it('routes each address to one home backend, spreading addresses, and tries the others in ring order', () => {
    const homes = Array.from({ length: 50 }, (_, k) => homeIndex(`10.0.0.${k}`, 3));
    expect(new Set(homes).size).to.equal(3);
    expect(homeIndex('10.0.0.7', 3)).to.equal(homeIndex('10.0.0.7', 3));
    const list = ['x', 'y', 'z'];
    const home = homeIndex('10.0.0.7', 3);
    expect(routeOrder('10.0.0.7', list, () => true)).to.deep.equal([0, 1, 2].map((i) => list[(home + i) % 3]));
    const down = list[home]!;
    expect(routeOrder('10.0.0.7', list, (x) => x !== down).at(-1)).to.equal(down);
  });

  it('is sticky by client address, forwards method, path, body and headers, and sets X-Forwarded-For', async () => {
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (let k = 1; k <= 8; k++) {
        const from = `127.0.0.${k}`;
        const r = await request(proxy.port, { from, method: 'POST', path: '/api/x?y=1', body: '{"n":1}' });
        expect(r.status).to.equal(200);
        const body = JSON.parse(r.body);
        expect(body).to.include({ method: 'POST', url: '/api/x?y=1', body: '{"n":1}', xff: from, host: `127.0.0.1:${proxy.port}` });
        expect(r.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
        if (!seen.has(from)) seen.set(from, new Set());
        seen.get(from)!.add(body.backend);
      }
    }
    for (const [from, backends] of seen) {
      expect([...backends], from).to.deep.equal([['a', 'b'][homeIndex(from, 2)]]);
    }
    expect(new Set([...seen.values()].map((s) => [...s][0])).size).to.equal(2);
  });

  it('skips a backend that went away (no failed request) and sends its clients back when it returns', async () => {
    const onA = clientsHomedOn(0).slice(0, 3);
    for (const from of onA) expect(JSON.parse((await request(proxy.port, { from })).body).backend).to.equal('a');
    await a.close();
    // At once, before any health probe noticed: the refused connection is retried on b.
    for (const from of onA) {
      const r = await request(proxy.port, { from, method: 'POST', body: '{"kept":true}' });
      expect(r.status).to.equal(200);
      expect(JSON.parse(r.body)).to.include({ backend: 'b', body: '{"kept":true}' });
    }
    await waitUp(1);
    expect(lines.join('\n')).to.match(/a \(port \d+\) is down/);
    await a.listen();
    await waitUp(2);
    expect(lines.join('\n')).to.match(/a \(port \d+\) is back/);
    for (const from of onA) expect(JSON.parse((await request(proxy.port, { from })).body).backend).to.equal('a');
  });

  it('skips a backend whose readiness check fails', async () => {
    const onA = clientsHomedOn(0)[0]!;
    a.ready = false;
    await waitUp(1);
    expect(JSON.parse((await request(proxy.port, { from: onA })).body).backend).to.equal('b');
  });

  it('answers 503 when no backend is up', async () => {
    await Promise.all([a.close(), b.close()]);
    const r = await request(proxy.port);
    expect(r.status).to.equal(503);
    expect(JSON.parse(r.body).error.code).to.equal('unavailable');
  });

  it('tunnels a WebSocket-style upgrade to the client’s home backend', async () => {
    for (const [i, from] of [clientsHomedOn(0)[0]!, clientsHomedOn(1)[0]!].entries()) {
      const socket = net.connect({ host: '127.0.0.1', port: proxy.port, localAddress: from });
      await new Promise((r) => socket.once('connect', r));
      socket.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n`);
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const deadline = Date.now() + 3000;
      while (!text.includes('\r\n\r\n') && Date.now() < deadline) await sleep(10);
      expect(text).to.match(/^HTTP\/1.1 101/);
      expect(text).to.include(`X-Backend: ${['a', 'b'][i]}`).and.include(`X-Seen-For: ${from}`);
      socket.write('ping');
      while (!text.endsWith('ping') && Date.now() < deadline) await sleep(10);
      expect(text).to.match(new RegExp(`${['a', 'b'][i]}:ping$`));
      socket.destroy();
    }
  });
});
