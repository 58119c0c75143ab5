/**
 * npm run bench -- reports
 * Does a yearly report answer within twice a monthly one? One run: a fresh
 * stack (demo seed, the API as a child process), one year of the scale
 * benchmark's data written straight into the database (seedYear, which ends
 * by recounting the daily rollups with rebuildRollups()), then
 * GET /api/reports/summary for the last complete month and for the last 365
 * days, as a manager of one province (Hà Nội) and as an admin (all 34
 * provinces), samples of month and year interleaved so the machine's load
 * falls on both alike. Printed: p50 / p95 per (user, period) and the ratio
 * year / month (the goal, not asserted: ≤ 2), then one JSON line.
 *
 * BENCH_SCALE (0.25 by default here, a few minutes: 125,000 calls and 5,000
 * cases; 1 is the scale benchmark's full year), BENCH_SAMPLES (20 per
 * period and user), BENCH_BATCH (2,000), BENCH_SEED_STREAMS (2), BENCH_SEED (1),
 * BENCH_SETTLE_SECONDS (70, after the seed: the database gathers statistics
 * on the new rows), BENCH_KEEP_DATABASE=1.
 */
import { loadEnv, vietnamDay } from '@hotline/core';
import { configureFieldKeys, connectDatabase, disconnectDatabase, ensureIndexes, mongoose } from '@hotline/db';
import { createFakeTwilio, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { benchSettings, cleanRedisPrefix, dropDatabase, seedDatabase, startApiProcess } from './bench-stack';
import { Session } from './scale/http';
import { Rng } from './scale/random';
import { seedYear, volumes } from './scale/seed-year';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const SCALE = num('BENCH_SCALE', 0.25);
const SAMPLES = Math.round(num('BENCH_SAMPLES', 20));
const SEED = Math.round(num('BENCH_SEED', 1));
const KEEP = process.env.BENCH_KEEP_DATABASE === '1';
const GOAL = 2;
const DAY = 86_400_000;

const log = (msg: string) => console.error(msg);
const round2 = (x: number) => Math.round(x * 100) / 100;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? round2(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!) : 0;
};

const settings = benchSettings('reports');
const env = loadEnv({ ...process.env, NODE_ENV: 'test', MONGODB_URI: settings.mongodbUri, REDIS_URL: settings.redisUrl, BULLMQ_PREFIX: settings.prefix, LOG_LEVEL: 'warn' });
configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY, searchIndexKey: env.SEARCH_INDEX_KEY });
const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
const fakeServer = await twilio.listen(0, '127.0.0.1');

let api: Awaited<ReturnType<typeof startApiProcess>> | null = null;
let connected = false;
try {
  const v = volumes(SCALE);
  log(`reports benchmark: BENCH_SCALE=${SCALE} (${v.calls} calls, ${v.cases} cases over a year), ${SAMPLES} samples per period and user; database ${settings.mongodbUri}`);
  await seedDatabase(settings);
  api = await startApiProcess(settings, { TWILIO_FAKE_URL: fakeServer.url, LOG_LEVEL: 'error' });
  await connectDatabase({ uri: settings.mongodbUri });
  connected = true;
  await ensureIndexes();
  const now = new Date();
  const seed = await seedYear({ scale: SCALE, now, rng: new Rng(SEED * 7919), benchPhones: [], batch: Math.round(num('BENCH_BATCH', 2000)), streams: Math.round(num('BENCH_SEED_STREAMS', 2)), log });
  if (!seed.rebuilt.includes('rebuildRollups')) throw new Error('seedYear did not rebuild the rollups');
  const settle = num('BENCH_SETTLE_SECONDS', 70);
  log(`  waiting ${settle} s for the database's statistics on the new rows`);
  await new Promise((r) => setTimeout(r, settle * 1000));

  const today = vietnamDay(now);
  const monthStart = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 1));
  const month = { from: monthStart.toISOString().slice(0, 10), to: vietnamDay(new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, 1) - DAY + 7 * 3_600_000)) };
  const year = { from: vietnamDay(now.getTime() - 364 * DAY), to: today };
  const users = { 'manager (01)': await Session.login(api.url, 'manager.hn@demo.vn', env.DEMO_PASSWORD), 'admin (34 provinces)': await Session.login(api.url, 'admin@demo.vn', env.DEMO_PASSWORD) };

  type Totals = { calls: { total: number }; cases: { opened: number }; placements: { rows: unknown[] } };
  const results: Record<string, { month: { p50: number; p95: number; n: number }; year: { p50: number; p95: number; n: number }; p50Ratio: number; p95Ratio: number; yearTotals: { calls: number; casesOpened: number } }> = {};
  for (const [who, session] of Object.entries(users)) {
    const path = (p: { from: string; to: string }) => `/api/reports/summary?from=${p.from}&to=${p.to}`;
    for (let i = 0; i < 3; i++) await Promise.all([session.get(path(month)), session.get(path(year))].map((x) => x.then(() => undefined)));
    const ms = { month: [] as number[], year: [] as number[] };
    let totals: Totals | null = null;
    for (let i = 0; i < SAMPLES; i++) {
      ms.month.push((await session.get(path(month))).ms);
      const y = await session.get<Totals>(path(year));
      ms.year.push(y.ms);
      totals = y.body;
    }
    const m = { p50: quantile(ms.month, 0.5), p95: quantile(ms.month, 0.95), n: ms.month.length };
    const y = { p50: quantile(ms.year, 0.5), p95: quantile(ms.year, 0.95), n: ms.year.length };
    results[who] = { month: m, year: y, p50Ratio: round2(y.p50 / m.p50), p95Ratio: round2(y.p95 / m.p95), yearTotals: { calls: totals!.calls.total, casesOpened: totals!.cases.opened } };
    log(`  ${who}: month p50 ${m.p50} ms, year p50 ${y.p50} ms`);
  }

  const worst = Math.max(...Object.values(results).map((r) => r.p95Ratio));
  console.log(`\nreports benchmark: GET /api/reports/summary over one year at BENCH_SCALE=${SCALE} (${seed.docs.toLocaleString('en')} documents seeded in ${(seed.ms / 1000).toFixed(0)} s; rebuildRollups() ${seed.rebuildSeconds.rebuildRollups} s); ${SAMPLES} samples each; ms`);
  console.log(`month ${month.from}..${month.to}, year ${year.from}..${year.to}`);
  console.log(`${'user'.padEnd(22)} ${'month p50'.padStart(9)} ${'p95'.padStart(7)}   ${'year p50'.padStart(9)} ${'p95'.padStart(7)}   ${'p50 ratio'.padStart(9)} ${'p95 ratio'.padStart(9)}   year totals`);
  for (const [who, r] of Object.entries(results)) {
    console.log(`${who.padEnd(22)} ${String(r.month.p50).padStart(9)} ${String(r.month.p95).padStart(7)}   ${String(r.year.p50).padStart(9)} ${String(r.year.p95).padStart(7)}   ${String(r.p50Ratio).padStart(9)} ${String(r.p95Ratio).padStart(9)}${r.p95Ratio > GOAL ? ' > 2' : '    '}   ${r.yearTotals.calls} calls, ${r.yearTotals.casesOpened} cases`);
  }
  console.log(`worst p95 ratio year / month: ${worst}; goal ≤ ${GOAL}`);
  console.log(JSON.stringify({
    bench: 'reports', at: new Date().toISOString(), scale: SCALE, samples: SAMPLES, month, year,
    seed: { docs: seed.docs, seconds: round2(seed.ms / 1000), counts: seed.counts, rebuildSeconds: seed.rebuildSeconds },
    results, worstP95Ratio: worst, goalP95Ratio: GOAL,
  }));
} finally {
  if (api && api.child.exitCode === null && api.child.signalCode === null) await api.stop().catch(() => {});
  await fakeServer.close().catch(() => {});
  if (KEEP) log(`kept the database: ${settings.mongodbUri}`);
  else if (connected) await mongoose.connection.dropDatabase().catch((err: Error) => log(`could not drop ${settings.mongodbUri}: ${err.message}`));
  else await dropDatabase(settings).catch(() => {});
  if (connected) await disconnectDatabase().catch(() => {});
  await cleanRedisPrefix(settings).catch(() => {});
}
