/**
 * npm run bench -- intake
 * 50 concurrent clients (autocannon) against a real API process: POST /api/calls
 * (a call that opens a case) and GET /api/cases/:id, beside the floor route that
 * makes the same database writes and one enqueue with no domain logic.
 * Figures are ratios to that floor, measured in the same run. With the workers
 * running, it also times a case's way from its 201 to its first offer (the
 * referral's offeredAt), for cases logged one at a time with no other load and
 * for cases logged while the 50 clients log theirs.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { createFakeTwilio, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { startApiProcess, startWorkersProcess, seedDatabase, benchSettings, cleanRedisPrefix, dropDatabase } from './bench-stack';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const settings = benchSettings('intake');
await seedDatabase(settings);
const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
const fakeServer = await twilio.listen(0, '127.0.0.1');
const api = await startApiProcess(settings, { BENCH_MODE: 'true', TWILIO_FAKE_URL: fakeServer.url });
const workers = await startWorkersProcess(settings, { TWILIO_FAKE_URL: fakeServer.url, LOG_LEVEL: 'error', OFFER_WINDOW_SECONDS: '3600', SMS_RATE_PER_SECOND: '1000' });
await mongoose.connect(settings.mongodbUri);
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
};

try {
  const login = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'counsellor.hn@demo.vn', password: 'demo1234' }),
  });
  const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const headers = { 'content-type': 'application/json', cookie, origin: new URL(api.url).origin };
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

  /** Logs one case and notes when its 201 arrived. */
  const logOne = async (into: Map<string, number>) => {
    const r = await fetch(`${api.url}/api/calls`, { method: 'POST', headers, body: callBody() });
    const at = Date.now();
    if (r.status === 201) into.set(((await r.json()) as { case: { id: string } }).case.id, at);
  };
  /** Milliseconds from each case's 201 to its first referral's offeredAt (waits up to two minutes for the offers). */
  const toFirstOffer = async (cases: Map<string, number>) => {
    const referrals = mongoose.connection.db!.collection<{ caseId: mongoose.Types.ObjectId; offeredAt: Date }>('referrals');
    const out = new Map<string, number>();
    const until = Date.now() + 120_000;
    while (out.size < cases.size && Date.now() < until) {
      for (const [id, at] of cases) {
        if (out.has(id)) continue;
        const first = await referrals.find({ caseId: new mongoose.Types.ObjectId(id) }).toArray();
        if (first.length) out.set(id, Math.min(...first.map((r) => r.offeredAt.getTime())) - at);
      }
      if (out.size < cases.size) await new Promise((r) => setTimeout(r, 250));
    }
    return { ms: [...out.values()], missing: cases.size - out.size };
  };

  const idle = new Map<string, number>();
  for (let i = 0; i < 20; i++) {
    await logOne(idle);
    await toFirstOffer(new Map([...idle].slice(-1)));
  }
  const idleOffer = await toFirstOffer(idle);

  const floor = await run('floor', { method: 'POST', path: '/api/bench/floor', body: '{"x":1}' });
  const loaded = new Map<string, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await logOne(loaded);
      await new Promise((r) => setTimeout(r, 400));
    }
  })();
  const post = await run('POST /api/calls', { method: 'POST', path: '/api/calls', requests: [{ setupRequest: (req) => ({ ...req, body: callBody() }) }] });
  sampling = false;
  await sampler;
  const loadedOffer = await toFirstOffer(loaded);
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
  const offer = (o: { ms: number[]; missing: number }) => ({ cases: o.ms.length, missing: o.missing, p50: pct(o.ms, 50), p99: pct(o.ms, 99) });
  const oi = offer(idleOffer);
  const ol = offer(loadedOffer);
  console.log('\n201 → first offer (referral offeredAt), workers routing     cases   p50 ms   p99 ms   missing');
  console.log(`no other load (one case at a time)                      ${String(oi.cases).padStart(8)} ${String(oi.p50).padStart(8)} ${String(oi.p99).padStart(8)} ${String(oi.missing).padStart(9)}`);
  console.log(`while ${connections} clients log calls                             ${String(ol.cases).padStart(8)} ${String(ol.p50).padStart(8)} ${String(ol.p99).padStart(8)} ${String(ol.missing).padStart(9)}`);
  console.log(`ratios under load / idle: p50 ${ratio(ol.p50, oi.p50 || 1)}, p99 ${ratio(ol.p99, oi.p99 || 1)}`);
  console.log(JSON.stringify({
    bench: 'intake', at: new Date().toISOString(), connections, seconds,
    floor: f, postCalls: p, getCase: g,
    firstOfferIdle: oi, firstOfferLoaded: ol, firstOfferP50Ratio: ratio(ol.p50, oi.p50 || 1), firstOfferP99Ratio: ratio(ol.p99, oi.p99 || 1),
    postRpsRatioToFloor: ratio(p.rps, f.rps), postP50RatioToFloor: ratio(p.p50, f.p50 || 1), postP99RatioToFloor: ratio(p.p99, f.p99 || 1),
    getRpsRatioToFloor: ratio(g.rps, f.rps), getP50RatioToFloor: ratio(g.p50, f.p50 || 1),
  }));
} finally {
  await api.stop();
  await workers.stop();
  await mongoose.disconnect();
  await fakeServer.close();
  await cleanRedisPrefix(settings);
  await dropDatabase(settings);
}
