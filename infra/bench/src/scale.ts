/**
 * npm run bench -- scale
 * Does the service stay as fast after a year of a national line as on its
 * first day? One run: a fresh stack (demo seed, API and workers processes),
 * the latency of what users do through the real HTTP API on the near-empty
 * database (phase "empty"), then one year of data written straight into the
 * database (500,000 calls, 20,000 cases with their timelines, referrals,
 * notices and SLA deadlines, 500,000 audit entries, 2,000 partners, 300 users
 * over the 34 provinces; BENCH_SCALE scales it), then the same operations
 * again (phase "one year"). Printed: p50 / p95 per operation in both phases
 * and the p95 ratio year / empty (the goal, not asserted: ≤ 1.5), then one
 * JSON line with every figure and `worstP95Ratio`.
 *
 * BENCH_SCALE (1), BENCH_SAMPLES (30 per operation), BENCH_CLIENTS (3
 * concurrent), BENCH_OP_SECONDS (60: an operation's sampling stops after this
 * long with what it has), BENCH_LIST_LIMIT (10 cases a page: page 5 exists on
 * the near-empty database), BENCH_BATCH (2,000 documents per insertMany),
 * BENCH_SEED_STREAMS (2 insertMany in flight), BENCH_SEED (1), BENCH_SETTLE_SECONDS (70, after
 * the seed: statistics gathered), BENCH_KEEP_DATABASE=1 (leave the database behind to look at it).
 */
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { loadEnv } from '@hotline/core';
import { configureFieldKeys, connectDatabase, disconnectDatabase, ensureIndexes, loadOfficialCommunes, mongoose, PartnerModel, UserModel } from '@hotline/db';
import { QUEUE_NAMES } from '@hotline/queue';
import { createFakeTwilio, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { benchSettings, cleanRedisPrefix, dropDatabase, seedDatabase, startApiProcess, startWorkersProcess } from './bench-stack';
import { Session, type OpFigures } from './scale/http';
import { OPS, runPhase, seedBusiestCallerDayOne, type OpName, type PhaseContext, type PhaseOptions } from './scale/ops';
import { Rng } from './scale/random';
import { BUSIEST_CALLER, seedYear, volumes, type YearSeedResult } from './scale/seed-year';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};
const SCALE = num('BENCH_SCALE', 1);
const SAMPLES = Math.round(num('BENCH_SAMPLES', 30));
const CLIENTS = Math.round(num('BENCH_CLIENTS', 3));
const OP_SECONDS = num('BENCH_OP_SECONDS', 60);
const LIST_LIMIT = Math.round(num('BENCH_LIST_LIMIT', 10));
const BATCH = Math.round(num('BENCH_BATCH', 2000));
const STREAMS = Math.round(num('BENCH_SEED_STREAMS', 2));
const SEED = Math.round(num('BENCH_SEED', 1));
/** BENCH_KEEP_DATABASE=1: leave the seeded database behind (to look at its queries); it is dropped otherwise. */
const KEEP = process.env.BENCH_KEEP_DATABASE === '1';
const GOAL = 1.5;

const log = (msg: string) => console.error(msg);
const round2 = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runStarted = performance.now();
const elapsed = () => `${((performance.now() - runStarted) / 1000).toFixed(0)} s`;

const settings = benchSettings('scale');
const env = loadEnv({ ...process.env, NODE_ENV: 'test', MONGODB_URI: settings.mongodbUri, REDIS_URL: settings.redisUrl, BULLMQ_PREFIX: settings.prefix, LOG_LEVEL: 'warn' });
configureFieldKeys({ phoneHashKey: env.PHONE_HASH_KEY, fieldEncryptionKey: env.FIELD_ENCRYPTION_KEY, searchIndexKey: env.SEARCH_INDEX_KEY });

const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
const fakeServer = await twilio.listen(0, '127.0.0.1');
// Offers wait 30 days for an answer: the seeded open offers (made in the last day and a half) and the
// benchmark's own stay on offer, so no offer timeout reroutes cases while operations are timed.
const childEnv = { TWILIO_FAKE_URL: fakeServer.url, OFFER_WINDOW_SECONDS: String(30 * 24 * 3600), SMS_RATE_PER_SECOND: '1000', LOG_LEVEL: 'error' };

let api: Awaited<ReturnType<typeof startApiProcess>> | null = null;
let workers: Awaited<ReturnType<typeof startWorkersProcess>> | null = null;
const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
const queues = [QUEUE_NAMES.triage, QUEUE_NAMES.routing, QUEUE_NAMES.notifications].map((n) => new Queue(n, { connection: redis, prefix: settings.prefix }));
let connected = false;

try {
  log(`scale benchmark: BENCH_SCALE=${SCALE}, ${SAMPLES} samples × ${CLIENTS} clients per operation; database ${settings.mongodbUri}`);
  await seedDatabase(settings);
  api = await startApiProcess(settings, childEnv);
  workers = await startWorkersProcess(settings, childEnv);
  await connectDatabase({ uri: settings.mongodbUri });
  connected = true;
  log(`stack up (${elapsed()})`);

  // A child that dies (a crash, or a signal from outside) ends the run instead of timing errors.
  const exits: string[] = [];
  for (const [name, child] of [['API', api.child], ['workers', workers.child]] as const) {
    child.once('exit', (code, signal) => exits.push(`the ${name} process exited (${signal ? `signal ${signal}` : `code ${code}`}) after ${elapsed()}`));
  }
  const alive = () => {
    if (exits.length) throw new Error(exits.join('; '));
  };
  const settle = async () => {
    alive();
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'prioritized')));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      alive();
      await sleep(200);
    }
  };

  const login = (email: string, n: number) => Promise.all(Array.from({ length: n }, () => Session.login(api!.url, email, env.DEMO_PASSWORD)));
  const [counsellors, supervisors, managers, collaborators] = await Promise.all([
    login('counsellor.hn@demo.vn', CLIENTS), login('supervisor.hn@demo.vn', CLIENTS), login('manager.hn@demo.vn', CLIENTS), login('collaborator.hn@demo.vn', CLIENTS),
  ]);
  const collaboratorUser = await UserModel.findOne({ email: 'collaborator.hn@demo.vn' }).lean();
  const collaboratorPartner = collaboratorUser?.partnerId ? await PartnerModel.findById(collaboratorUser.partnerId).lean() : null;
  const collaboratorCommune = collaboratorPartner?.area.communeCodes[0];
  if (!collaboratorCommune) throw new Error("collaborator.hn@demo.vn has no partner covering a commune (demo seed changed?)");
  const hanoi = loadOfficialCommunes().filter((w) => w.province_code === '01').map((w) => w.ward_code);
  // The demo partners cover the first 12 communes of Hà Nội: new cases go elsewhere (routed on province-wide ranking).
  const communes = hanoi.slice(12);

  // The open-case list: `open=true` where the API has it, else one open status.
  const probe = await fetch(`${api.url}/api/cases?open=true&limit=1`, { headers: { cookie: supervisors[0]!.cookie } });
  await probe.text();
  const listQuery = probe.status === 200 ? 'open=true' : 'status=referred';

  const ctx: PhaseContext = {
    rng: new Rng(SEED), password: env.DEMO_PASSWORD, counsellors, supervisors, managers, collaborators,
    loginEmails: ['counsellor.hn@demo.vn', 'supervisor.hn@demo.vn', 'manager.hn@demo.vn', 'collaborator.hn@demo.vn', 'counsellor.hcm@demo.vn', 'admin@demo.vn'],
    communes, collaboratorCommune, listQuery, listLimit: LIST_LIMIT, known: [], busiestCaller: BUSIEST_CALLER, settle, log,
  };
  const phaseOptions: PhaseOptions = { samples: SAMPLES, clients: CLIENTS, warmup: 3, budgetMs: OP_SECONDS * 1000, routingTimeoutMs: 60_000 };

  await seedBusiestCallerDayOne(ctx, 20);
  await settle();
  log(`\nphase "empty" (demo data only; case list: ${listQuery}, ${LIST_LIMIT} a page) (${elapsed()})`);
  const empty = await runPhase(ctx, phaseOptions);

  const v = volumes(SCALE);
  log(`\nseeding one year (BENCH_SCALE=${SCALE}: ${v.calls} calls, ${v.cases} cases (${v.openCases} open), ~${v.events} timeline events, ~${v.referrals} referrals, ~${v.messages} messages, ~${v.deadlines} deadlines (~${v.pendingDeadlines} pending), ${v.audit} audit entries, ${v.partners} partners, ${v.users} users, all communes) (${elapsed()})`);
  await settle();
  await ensureIndexes();
  const seed: YearSeedResult = await seedYear({ scale: SCALE, now: new Date(), rng: new Rng(SEED * 7919), benchPhones: ctx.known.map((k) => k.phone), batch: BATCH, streams: STREAMS, log });
  for (const c of seed.fieldChecks) {
    if (c.dropped.length || c.missing.length || c.keptExtra.length) {
      log(`  fields of ${c.collection}: ${[c.dropped.length ? `dropped (not in the model) ${c.dropped.join(', ')}` : '', c.keptExtra.length ? `written though not in the model yet ${c.keptExtra.join(', ')}` : '', c.missing.length ? `MODEL PATHS NOT SEEDED ${c.missing.join(', ')}` : ''].filter(Boolean).join('; ')}`);
    }
  }
  // Let the workers' reconciler see the new data once, and the database gather statistics on the new rows
  // as a year-old database has them: PostgreSQL's autovacuum (naptime 1 min) or, where it is off, the
  // embedded database's upkeep (every minute). Measured before they ran, the year phase timed the
  // planner's guesses for empty tables and the ANALYZE itself.
  await sleep(num('BENCH_SETTLE_SECONDS', 70) * 1000);
  await settle();

  alive();
  log(`\nphase "one year" (${elapsed()})`);
  const year = await runPhase(ctx, phaseOptions);

  // ---- the table and the JSON line
  // The floor (GET /readyz all through each phase) tells how loaded this shared machine was in each phase:
  // the adjusted ratio divides by the floor's p50 ratio (a heuristic; the raw ratio is the figure).
  const floorRatio = empty.floor.p50 > 0 && year.floor.p50 > 0 ? round2(year.floor.p50 / empty.floor.p50) : null;
  const ratio = (a: OpFigures, b: OpFigures) => (a.n && b.n && b.p95 > 0 ? round2(a.p95 / b.p95) : null);
  const ops: Record<string, { empty: OpFigures; year: OpFigures; p95Ratio: number | null; p95RatioFloorAdjusted: number | null }> = {};
  for (const name of OPS) {
    const r = ratio(year.ops[name], empty.ops[name]);
    ops[name] = { empty: empty.ops[name], year: year.ops[name], p95Ratio: r, p95RatioFloorAdjusted: r !== null && floorRatio ? round2(r / floorRatio) : null };
  }
  const rated = Object.entries(ops).filter(([, o]) => o.p95Ratio !== null) as [OpName, { p95Ratio: number; p95RatioFloorAdjusted: number | null }][];
  const worst = rated.reduce<[string, number] | null>((w, [n, o]) => (!w || o.p95Ratio > w[1] ? [n, o.p95Ratio] : w), null);
  const worstAdjusted = rated.reduce<number | null>((w, [, o]) => (o.p95RatioFloorAdjusted !== null && (w === null || o.p95RatioFloorAdjusted > w) ? o.p95RatioFloorAdjusted : w), null);
  const above = rated.filter(([, o]) => o.p95Ratio > GOAL).map(([n]) => n);
  const cell = (f: { n: number; p50: number; p95: number }, k: 'p50' | 'p95') => (f.n ? String(f[k]) : '—').padStart(9);

  console.log(`\nscale benchmark: one year at BENCH_SCALE=${SCALE} (${seed.docs.toLocaleString('en')} documents seeded in ${(seed.ms / 1000).toFixed(0)} s, ${seed.docsPerSecond} docs/s); ${SAMPLES} samples × ${CLIENTS} clients per operation; ms`);
  console.log(`${'operation'.padEnd(26)} ${'empty p50'.padStart(9)} ${'p95'.padStart(9)}   ${'year p50'.padStart(9)} ${'p95'.padStart(9)}   p95 ratio   ÷ floor`);
  for (const [name, o] of Object.entries(ops)) {
    const flag = o.p95Ratio !== null && o.p95Ratio > GOAL ? '  > 1.5' : '';
    const note = [o.empty.errors || o.year.errors ? `errors ${o.empty.errors}/${o.year.errors}` : '', o.year.cut ? `year n=${o.year.n}` : ''].filter(Boolean).join(', ');
    console.log(`${name.padEnd(26)} ${cell(o.empty, 'p50')} ${cell(o.empty, 'p95')}   ${cell(o.year, 'p50')} ${cell(o.year, 'p95')}   ${String(o.p95Ratio ?? '—').padStart(9)}   ${String(o.p95RatioFloorAdjusted ?? '—').padStart(7)}${flag}${note ? `  (${note})` : ''}`);
  }
  console.log(`${'floor: GET /readyz'.padEnd(26)} ${cell(empty.floor, 'p50')} ${cell(empty.floor, 'p95')}   ${cell(year.floor, 'p50')} ${cell(year.floor, 'p95')}   (p50 ratio ${floorRatio ?? '—'}: the machine's load, sampled every 250 ms through each phase)`);
  console.log(`worst p95 ratio: ${worst ? `${worst[1]} (${worst[0]})` : '—'}; goal ≤ ${GOAL}: ${above.length} operation(s) above${above.length ? ` (${above.join(', ')})` : ''}`);
  console.log(JSON.stringify({
    bench: 'scale', at: new Date().toISOString(), scale: SCALE, samples: SAMPLES, clients: CLIENTS, opBudgetSeconds: OP_SECONDS, listQuery, listLimit: LIST_LIMIT,
    seed: {
      docs: seed.docs, seconds: round2(seed.ms / 1000), docsPerSecond: seed.docsPerSecond, probe: seed.probe, batch: BATCH, streams: STREAMS, counts: seed.counts,
      openCases: seed.openCases, pendingDeadlines: seed.pendingDeadlines, rebuilt: seed.rebuilt, rebuildSeconds: seed.rebuildSeconds, notAvailable: seed.notAvailable,
      fields: seed.fieldChecks.filter((c) => c.dropped.length || c.missing.length || c.keptExtra.length),
    },
    floor: { empty: empty.floor, year: year.floor, p50Ratio: floorRatio },
    ops, worstP95Ratio: worst?.[1] ?? null, worstOp: worst?.[0] ?? null, worstP95RatioFloorAdjusted: worstAdjusted, goalP95Ratio: GOAL,
    aboveGoal: above, runSeconds: Math.round((performance.now() - runStarted) / 1000),
  }));
} finally {
  // A child killed by a signal has no exit code: bench-stack's stop would wait for an exit already past.
  const running = (c: { exitCode: number | null; signalCode: NodeJS.Signals | null }) => c.exitCode === null && c.signalCode === null;
  if (api && running(api.child)) await api.stop().catch(() => {});
  if (workers && running(workers.child)) await workers.stop().catch(() => {});
  await Promise.all(queues.map((q) => q.close().catch(() => {})));
  redis.disconnect();
  await fakeServer.close().catch(() => {});
  if (KEEP) {
    log(`kept the database for a look: ${settings.mongodbUri} (drop it when done)`);
    await disconnectDatabase().catch(() => {});
  } else if (connected) {
    await mongoose.connection.dropDatabase().catch((err: Error) => log(`could not drop ${settings.mongodbUri}: ${err.message}`));
    await disconnectDatabase().catch(() => {});
  } else {
    await dropDatabase(settings).catch(() => {});
  }
  await cleanRedisPrefix(settings).catch(() => {});
}
