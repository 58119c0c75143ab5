/**
 * npm run bench -- routing
 * Routes BENCH_CASES (5,000) triaged cases over BENCH_PARTNERS (500) partners
 * with the real workers process, until the fake Twilio has accepted one SMS per
 * case, beside two baselines measured in the same run on the same Redis,
 * database and fake Twilio: raw BullMQ no-op throughput, and a floor pipeline
 * doing only the unavoidable I/O (one BullMQ hop, the candidate query, the
 * referral insert, the HTTP call to the fake Twilio) with no ranking logic.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose, { Types } from 'mongoose';
import { objectIdAt, recordCaseMonth } from '@hotline/db';
import { createFakeTwilio, createTwilioClient, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '@hotline/telephony';
import { benchSettings, cleanRedisPrefix, dropDatabase, seedDatabase, startWorkersProcess } from './bench-stack';

const CASES = Number(process.env.BENCH_CASES ?? 5000);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 500);
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 8);
const CATEGORIES = ['child_abuse', 'sexual_abuse', 'domestic_violence', 'psychological_crisis', 'elderly_without_support'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};
const round2 = (x: number) => Math.round(x * 100) / 100;

const settings = benchSettings('routing');
const twilio = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
const fakeServer = await twilio.listen(0, '127.0.0.1');
await seedDatabase(settings);
await mongoose.connect(settings.mongodbUri);
const db = mongoose.connection.db!;
const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });

try {
  // Partners: PARTNERS collaborators spread over Hà Nội's communes, all taking SMS.
  const communes = (await db.collection('communes').find({ provinceCode: '01' }).project({ _id: 1 }).toArray()).map((c) => String(c._id));
  await db.collection('partners').updateMany({}, { $set: { active: false } });
  await db.collection('partners').insertMany(
    Array.from({ length: PARTNERS }, (_, i) => ({
      name: `Bench CTV ${i}`, kind: 'collaborator', type: 'commune_collaborator', phones: [`+8409${String(10_000_000 + i)}`], categories: CATEGORIES,
      area: { provinceCode: '01', communeCodes: [communes[i % communes.length], communes[(i * 7) % communes.length]] }, provinceCode: '01', capacity: null, onDuty: null,
      paused: false, channels: ['sms'], userId: null, active: true, demo: false, createdAt: new Date(), updatedAt: new Date(),
    })),
  );

  // 1. Raw BullMQ no-op throughput.
  const noopQ = new Queue('bench-noop', { connection: redis, prefix: settings.prefix });
  let noopDone = 0;
  const noopStart = Date.now();
  let noopFinished = () => {};
  const noopAllDone = new Promise<void>((resolve) => (noopFinished = resolve));
  const noopWorker = new Worker('bench-noop', async () => {
    if (++noopDone === CASES) noopFinished();
  }, { connection: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }), prefix: settings.prefix, concurrency: CONCURRENCY });
  await noopQ.addBulk(Array.from({ length: CASES }, (_, i) => ({ name: 'noop', data: { i }, opts: { removeOnComplete: true } })));
  await noopAllDone;
  await noopWorker.close();
  const noopRate = CASES / ((Date.now() - noopStart) / 1000);
  console.error(`  raw BullMQ no-op: ${noopRate.toFixed(1)}/s`);

  // 2. The floor: one hop, the candidate query, the referral insert, the SMS HTTP call.
  const client = createTwilioClient({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN, fakeBaseUrl: fakeServer.url });
  const floorQ = new Queue('bench-floor', { connection: redis, prefix: settings.prefix });
  const floorLatency: number[] = [];
  let floorDone = 0;
  const floorStart = Date.now();
  let floorFinished = () => {};
  const floorAllDone = new Promise<void>((resolve) => (floorFinished = resolve));
  const floorWorker = new Worker('bench-floor', async (job) => {
      const { commune, category, at } = job.data as { commune: string; category: string; at: number };
      const candidates = await db.collection('partners').find({ provinceCode: '01', categories: category }).toArray();
      const chosen = candidates.find((p) => (p.area.communeCodes as string[]).includes(commune)) ?? candidates[0]!;
      await db.collection('bench_referrals').insertOne({ caseId: new Types.ObjectId(), partnerId: chosen._id, at: new Date() });
      await client.messages.create({ to: chosen.phones[0], from: '+15005550006', body: 'floor' });
      floorLatency.push(Date.now() - at);
      if (++floorDone === CASES) floorFinished();
  }, { connection: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }), prefix: settings.prefix, concurrency: CONCURRENCY });
  await floorQ.addBulk(Array.from({ length: CASES }, (_, i) => ({ name: 'floor', data: { commune: communes[i % communes.length], category: CATEGORIES[i % CATEGORIES.length], at: Date.now() }, opts: { removeOnComplete: true } })));
  await floorAllDone;
  await floorWorker.close();
  const floorRate = CASES / ((Date.now() - floorStart) / 1000);
  console.error(`  floor: ${floorRate.toFixed(1)}/s`);
  twilio.reset();

  // 3. The real thing: triaged cases, the routing worker, the notifications worker, SMS to the fake Twilio.
  const now = new Date();
  const cases = Array.from({ length: CASES }, (_, i) => ({
    _id: objectIdAt(now), provinceCode: '01', open: true, createdMonth: now.toISOString().slice(0, 7), reference: `HN-2099-${String(i + 1).padStart(6, '0')}`, intakeKey: `bench-${i}`, status: 'triaged',
    category: CATEGORIES[i % CATEGORIES.length], subCategories: [], riskLevel: i % 10 === 0 ? 'emergency' : 'high',
    subjects: [{ name: null, ageYears: 9, gender: 'unknown', group: 'child' }], location: { provinceCode: '01', communeCode: communes[i % communes.length], address: null },
    summary: 'bench', consent: null, assignedCounsellorId: null, createdBy: null, callIds: [], callerPhoneHashes: [], referredPartnerIds: [],
    routingRound: 0, routingState: 'none', acceptedReferralId: null, version: 1, outbox: [], outboxPending: false, createdAt: now, updatedAt: now, closedAt: null,
  }));
  for (let i = 0; i < cases.length; i += 1000) await db.collection('cases').insertMany(cases.slice(i, i + 1000));
  await recordCaseMonth('01', now.toISOString().slice(0, 7));
  const workers = await startWorkersProcess(settings, { TWILIO_FAKE_URL: fakeServer.url, OFFER_WINDOW_SECONDS: '3600', SMS_RATE_PER_SECOND: '1000', LOG_LEVEL: 'error', RECONCILE_EVERY_MS: '3600000' });
  await new Promise((r) => setTimeout(r, 3000));
  const routingQ = new Queue('routing', { connection: redis, prefix: settings.prefix });
  const enqueuedAt = new Map<string, number>();
  const start = Date.now();
  for (let i = 0; i < cases.length; i += 500) {
    const batch = cases.slice(i, i + 500);
    const t = Date.now();
    for (const c of batch) enqueuedAt.set(c.reference, t);
    await routingQ.addBulk(batch.map((c) => ({ name: 'case.route', data: { caseId: c._id.toHexString(), round: 1 }, opts: { jobId: `route-${c._id.toHexString()}-r1` } })));
  }
  const expected = cases.reduce((n, c) => n + (c.riskLevel === 'emergency' ? 2 : 1), 0);
  const deadline = Date.now() + Number(process.env.BENCH_TIMEOUT_MINUTES ?? 30) * 60_000;
  let lastReport = Date.now();
  while (twilio.messages().length < expected && Date.now() < deadline) {
    if (workers.child.exitCode !== null) throw new Error(`the workers process exited (code ${workers.child.exitCode}) before every case was routed`);
    await new Promise((r) => setTimeout(r, 250));
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      console.error(`  … ${twilio.messages().length}/${expected} SMS after ${((Date.now() - start) / 1000).toFixed(0)} s`);
    }
  }
  const elapsed = (Date.now() - start) / 1000;
  const latency = new Map<string, number>();
  for (const m of twilio.messages()) {
    const ref = /HN-2099-\d{6}/.exec(m.body)?.[0];
    if (ref && !latency.has(ref)) latency.set(ref, m.dateCreated.getTime() - enqueuedAt.get(ref)!);
  }
  await workers.stop();
  const routedRate = latency.size / elapsed;
  const lat = [...latency.values()];

  console.log(`\nrouting benchmark: ${CASES} cases over ${PARTNERS} partners, worker concurrency ${CONCURRENCY}, fake Twilio over HTTP`);
  console.log(`cases routed (SMS accepted by the fake Twilio): ${latency.size}/${CASES} in ${elapsed.toFixed(1)} s`);
  console.log('pipeline                                   cases/s   p50 ms   p99 ms');
  console.log(`routing (rank, referral, case, SMS)       ${routedRate.toFixed(1).padStart(8)} ${String(pct(lat, 50)).padStart(8)} ${String(pct(lat, 99)).padStart(8)}`);
  console.log(`floor (hop, query, insert, SMS)           ${floorRate.toFixed(1).padStart(8)} ${String(pct(floorLatency, 50)).padStart(8)} ${String(pct(floorLatency, 99)).padStart(8)}`);
  console.log(`raw BullMQ no-op                          ${noopRate.toFixed(1).padStart(8)}`);
  console.log(`ratios: routing/floor ${round2(routedRate / floorRate)}, routing/no-op ${round2(routedRate / noopRate)}`);
  console.log(JSON.stringify({
    bench: 'routing', at: new Date().toISOString(), cases: CASES, partners: PARTNERS, concurrency: CONCURRENCY, routed: latency.size, seconds: round2(elapsed),
    routedPerSecond: round2(routedRate), p50Ms: pct(lat, 50), p99Ms: pct(lat, 99),
    floorPerSecond: round2(floorRate), floorP50Ms: pct(floorLatency, 50), floorP99Ms: pct(floorLatency, 99), noopPerSecond: round2(noopRate),
    ratioToFloor: round2(routedRate / floorRate), ratioToNoop: round2(routedRate / noopRate),
  }));
} finally {
  redis.disconnect();
  await mongoose.disconnect();
  await fakeServer.close();
  await cleanRedisPrefix(settings);
  await dropDatabase(settings);
}
