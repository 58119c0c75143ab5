/**
 * npm run bench -- intake
 * 50 concurrent clients (autocannon) against a real API process: POST /api/calls
 * (a call that opens a case) and GET /api/cases/:id, beside the floor route that
 * makes the same database writes and one enqueue with no domain logic.
 * Figures are ratios to that floor, measured in the same run.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { startApiProcess, seedDatabase, benchSettings, cleanRedisPrefix, dropDatabase } from './bench-stack';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const settings = benchSettings('intake');
await seedDatabase(settings);
const api = await startApiProcess(settings, { BENCH_MODE: 'true' });

try {
  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'counsellor.hn@demo.vn', password: 'demo1234' }),
  });
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const headers = { 'content-type': 'application/json', cookie };
  const callBody = () =>
    JSON.stringify({
      channel: 'phone',
      caller: { phone: `09${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`, relationship: 'neighbour' },
      outcome: 'case_opened',
      clientRequestId: randomUUID(),
      case: {
        category: 'child_abuse', riskLevel: 'high', subjects: [{ name: 'Bé A', ageYears: 8, gender: 'female' }],
        location: { provinceCode: '01', communeCode: '00004' }, summary: 'Bench: hàng xóm nghe tiếng trẻ khóc',
      },
    });
  const first = await (await fetch(`${api.url}/api/calls`, { method: 'POST', headers, body: callBody() })).json() as { case: { id: string } };

  const run = (title: string, opts: Partial<autocannon.Options> & { path: string }) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const { path: route, ...rest } = opts;
      autocannon({ connections, duration: seconds, headers, ...rest, url: api.url + route, title }, (err, res) => (err ? reject(err) : resolve(res)));
    });
  // Warm up every path once so the first measured seconds are not start-up.
  await run('warm-up', { duration: 2, method: 'POST', path: '/api/bench/floor', body: '{}' });

  const floor = await run('floor', { method: 'POST', path: '/api/bench/floor', body: '{"x":1}' });
  const post = await run('POST /api/calls', { method: 'POST', path: '/api/calls', requests: [{ setupRequest: (req) => ({ ...req, body: callBody() }) }] });
  const get = await run('GET /api/cases/:id', { method: 'GET', path: `/api/cases/${first.case.id}` });

  const fig = (r: autocannon.Result) => ({
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  });
  const f = fig(floor);
  const p = fig(post);
  const g = fig(get);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  console.log(`\nintake benchmark: ${connections} connections, ${seconds} s each, API in its own process on 127.0.0.1`);
  console.log('route                  req/s   p50 ms   p99 ms   errors   req/s vs floor   p50 vs floor');
  for (const [name, x] of [['floor (writes+enqueue)', f], ['POST /api/calls', p], ['GET /api/cases/:id', g]] as const) {
    console.log(`${name.padEnd(22)} ${String(x.rps).padStart(6)} ${String(x.p50).padStart(8)} ${String(x.p99).padStart(8)} ${String(x.errors).padStart(8)}   ${String(ratio(x.rps, f.rps)).padStart(14)}   ${String(ratio(x.p50, f.p50 || 1)).padStart(12)}`);
  }
  console.log(JSON.stringify({
    bench: 'intake', at: new Date().toISOString(), connections, seconds,
    floor: f, postCalls: p, getCase: g,
    postRpsRatioToFloor: ratio(p.rps, f.rps), postP50RatioToFloor: ratio(p.p50, f.p50 || 1), postP99RatioToFloor: ratio(p.p99, f.p99 || 1),
    getRpsRatioToFloor: ratio(g.rps, f.rps), getP50RatioToFloor: ratio(g.p50, f.p50 || 1),
  }));
} finally {
  await api.stop();
  await cleanRedisPrefix(settings);
  await dropDatabase(settings);
}
