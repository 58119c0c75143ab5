/**
 * npm run bench -- sla
 * BENCH_SLA_DEADLINES (100,000) pending deadlines in the database with their
 * timers in Redis; BENCH_SLA_DUE (10,000) of them fall due within the same
 * minute and are fired by the real timer handler (claim, breach, timeline
 * event, realtime notice) on a BullMQ worker at WORKER_CONCURRENCY. Printed:
 * lateness (breach recorded − due time) p50 / p99 / max, the reconciler's time
 * to rebuild every timer after the run's Redis keys are flushed, and the Redis
 * memory the timers take; beside plain BullMQ delayed no-op jobs with the same
 * counts in the same run (their lateness, the time to add them all again, and
 * their memory), with ratios. The last line is one JSON object.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { loadEnv } from '@hotline/core';
import { CaseModel, monthOfId, timerHourOf, connectDatabase, DeadlineModel, disconnectDatabase, ensureIndexes, mongoose, type CaseDoc, type DeadlineDoc } from '@hotline/db';
import { createQueueSummaryNotifier, createRedisEmitter, JOBS, Producers, QUEUE_NAMES } from '@hotline/queue';
import { reconcileDeadlines, runDeadlineTimer, telephonyFromEnv, type ReferralDeps } from '@hotline/referrals';
import { benchSettings, cleanRedisPrefix } from './bench-stack';

const TOTAL = Number(process.env.BENCH_SLA_DEADLINES ?? 100_000);
const DUE = Math.min(TOTAL, Number(process.env.BENCH_SLA_DUE ?? 10_000));
const CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 8);
const LEAD_MS = Number(process.env.BENCH_SLA_LEAD_MS ?? 30_000);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};
const round2 = (x: number) => Math.round(x * 100) / 100;
const usedMemory = async (r: Redis) => Number(/used_memory:(\d+)/.exec(await r.info('memory'))?.[1] ?? 0);
const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

const settings = benchSettings('sla');
const env = loadEnv({ ...process.env, NODE_ENV: 'test', MONGODB_URI: settings.mongodbUri, REDIS_URL: settings.redisUrl, BULLMQ_PREFIX: settings.prefix, LOG_LEVEL: 'warn' });
await connectDatabase({ uri: env.MONGODB_URI });
await ensureIndexes();
const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: null });
const producers = new Producers(redis, settings.prefix);
const realtime = createRedisEmitter(redis, settings.prefix);
const deps: ReferralDeps = {
  env, producers, realtime, queueSummary: createQueueSummaryNotifier(realtime, async () => []), presence: { isOnline: async () => false }, telephony: telephonyFromEnv(env),
  log: (level, fields, msg) => { if (level === 'error') console.error(msg, fields); },
};

try {
  // ---- Baseline: plain BullMQ delayed no-op jobs, same counts. ----
  const noopQ = new Queue('bench-sla-noop', { connection: redis, prefix: settings.prefix });
  const memBeforeNoop = await usedMemory(redis);
  const noopDueStart = Date.now() + LEAD_MS;
  const noopJobs = Array.from({ length: TOTAL }, (_, i) => {
    const at = i < DUE ? noopDueStart + Math.floor((i / DUE) * 60_000) : Date.now() + 7 * 24 * 3600_000 + i;
    return { name: 'noop', data: { deadlineId: new Types.ObjectId().toHexString() }, opts: { jobId: `noop-${i}-t${at}`, delay: at - Date.now(), removeOnComplete: true } };
  });
  const addStart = Date.now();
  for (const c of chunks(noopJobs, 5000)) await noopQ.addBulk(c);
  const noopAddMs = Date.now() - addStart;
  const noopMemory = (await usedMemory(redis)) - memBeforeNoop;
  const noopLate: number[] = [];
  let noopFinished = () => {};
  const noopDone = new Promise<void>((r) => (noopFinished = r));
  const noopWorker = new Worker('bench-sla-noop', async (job) => {
    noopLate.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
    if (noopLate.length === DUE) noopFinished();
  }, { connection: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }), prefix: settings.prefix, concurrency: CONCURRENCY });
  await noopDone;
  await noopWorker.close();
  await noopQ.obliterate({ force: true });

  // ---- SLA: deadlines in the database, timers in Redis. ----
  const now = new Date();
  const cases: CaseDoc[] = Array.from({ length: DUE }, (_, i) => ({
    _id: new Types.ObjectId(), reference: `01-2026-B${String(i).padStart(6, '0')}`, intakeKey: `bench-sla-${i}`, status: 'referred', category: 'domestic_violence',
    subCategories: [], riskLevel: 'high', subjects: [{ name: null, ageYears: 30, gender: 'female', group: 'violence_survivor' }],
    location: { provinceCode: '01', communeCode: null, address: null }, provinceCode: '01', open: true, createdMonth: monthOfId(new Types.ObjectId()), summary: 'bench', consent: null, assignedCounsellorId: null, createdBy: null,
    callIds: [], callerPhoneHashes: [], searchKeys: [], searchKeysVersion: 0, referredPartnerIds: [], routingRound: 1, routingState: 'offered', acceptedReferralId: null, version: 1, outbox: [],
    outboxPending: false, createdAt: new Date(now.getTime() - 3600_000), updatedAt: new Date(now.getTime() - 3600_000), closedAt: null,
  }));
  const insertStart = Date.now();
  for (const c of chunks(cases, 2000)) await CaseModel.collection.insertMany(c, { ordered: false });
  let slaDueStart = 0;
  const deadline = (i: number): DeadlineDoc => {
    const fires = i < DUE;
    const dueAt = new Date(fires ? slaDueStart + Math.floor((i / DUE) * 60_000) : now.getTime() + 7 * 24 * 3600_000 + i);
    return {
      _id: new Types.ObjectId(), caseId: fires ? cases[i]!._id : new Types.ObjectId(), referralId: null, provinceCode: '01', category: 'domestic_violence', riskLevel: 'high',
      key: 'accept', kind: 'accept', clock: 'around_the_clock', planKey: 'bench', startsAt: now, dueAt, reminders: [],
      // A step a day after the breach keeps a timer on every deadline, so the rebuild re-arms all of them.
      escalation: [{ level: 1, action: 'supervisor', audience: 'province_supervisors', at: new Date(dueAt.getTime() + 24 * 3600_000) }],
      state: 'pending', remindersSent: 0, escalationLevel: 0, heldSms: null, nextAt: dueAt, metAt: null, breachedAt: null, cancelledAt: null,
      effects: [], timed: true, timerHour: timerHourOf(dueAt), breached: false, effectsPending: false, statsPending: false, version: 1, createdAt: now, updatedAt: now,
    };
  };
  // The deadlines that do not fire first; then the due minute starts LEAD_MS after the rest are written.
  const later = Array.from({ length: TOTAL - DUE }, (_, i) => deadline(DUE + i));
  for (const c of chunks(later, 2000)) await DeadlineModel.collection.insertMany(c, { ordered: false });
  slaDueStart = Date.now() + LEAD_MS;
  const soon = Array.from({ length: DUE }, (_, i) => deadline(i));
  for (const c of chunks(soon, 2000)) await DeadlineModel.collection.insertMany(c, { ordered: false });
  const docs = [...soon, ...later];
  const insertMs = Date.now() - insertStart;
  const memBeforeSla = await usedMemory(redis);
  for (const c of chunks(docs, 5000)) await producers.addMany(JOBS.slaTimer, c.map((d) => ({ input: { deadlineId: d._id.toHexString() }, key: [d.nextAt!], at: d.nextAt! })));
  const slaMemory = (await usedMemory(redis)) - memBeforeSla;
  await redis.set(producers.queue(QUEUE_NAMES.sla).toKey('sla-timers-rebuilt'), 'bench');
  if (Date.now() > slaDueStart) console.warn('setup ran past the due minute: lateness includes setup (raise BENCH_SLA_LEAD_MS)');

  const errors = new Map<string, number>();
  const slaWorker = new Worker(QUEUE_NAMES.sla, async (job) => {
    try {
      return await runDeadlineTimer(deps, JOBS.slaTimer.schema.parse(job.data).deadlineId);
    } catch (err) {
      errors.set((err as Error).message, (errors.get((err as Error).message) ?? 0) + 1);
      throw err;
    }
  }, { connection: new Redis(settings.redisUrl, { maxRetriesPerRequest: null }), prefix: settings.prefix, concurrency: CONCURRENCY });
  // Done when every due deadline has its breach recorded (read from the database, the record that counts).
  // Checked every few seconds (an indexed equality on the `breached` flag), so the check takes little from the workers measured.
  while ((await DeadlineModel.countDocuments({ breached: true })) < DUE) await new Promise((r) => setTimeout(r, 5000));
  await slaWorker.close();
  if (errors.size) console.warn('timer job errors (retried):', Object.fromEntries(errors));
  const breached = await DeadlineModel.find({ breached: true }, { dueAt: 1, breachedAt: 1 }).lean();
  const slaLate = breached.map((d) => d.breachedAt!.getTime() - d.dueAt.getTime());

  // ---- Rebuild every timer after losing the run's Redis keys. ----
  await cleanRedisPrefix(settings);
  const rebuild = await reconcileDeadlines(deps, { windowMs: 0 });
  const rebuiltJobs = await producers.queue(QUEUE_NAMES.sla).getDelayedCount();

  const out = {
    bench: 'sla', deadlines: TOTAL, due: DUE, concurrency: CONCURRENCY, insertMs,
    slaLatenessMs: { p50: pct(slaLate, 50), p99: pct(slaLate, 99), max: Math.max(...slaLate) },
    noopLatenessMs: { p50: pct(noopLate, 50), p99: pct(noopLate, 99), max: Math.max(...noopLate) },
    rebuildMs: rebuild.ms, rebuildArmed: rebuild.armed, rebuiltDelayedJobs: rebuiltJobs, noopAddAllMs: noopAddMs,
    redisBytes: { sla: slaMemory, noop: noopMemory, slaPerTimer: Math.round(slaMemory / TOTAL), noopPerJob: Math.round(noopMemory / TOTAL) },
    breachesRecorded: breached.length,
    ratios: {
      latenessP50: round2(pct(slaLate, 50) / Math.max(1, pct(noopLate, 50))),
      latenessP99: round2(pct(slaLate, 99) / Math.max(1, pct(noopLate, 99))),
      rebuildVsAddAll: round2(rebuild.ms / Math.max(1, noopAddMs)),
      memory: round2(slaMemory / Math.max(1, noopMemory)),
    },
  };
  console.log(`\nSLA benchmark: ${TOTAL} pending deadlines (${DUE} due within one minute), worker concurrency ${CONCURRENCY}`);
  console.log('                         p50 ms   p99 ms   max ms');
  console.log(`SLA deadline lateness  ${String(out.slaLatenessMs.p50).padStart(8)} ${String(out.slaLatenessMs.p99).padStart(8)} ${String(out.slaLatenessMs.max).padStart(8)}`);
  console.log(`BullMQ no-op lateness  ${String(out.noopLatenessMs.p50).padStart(8)} ${String(out.noopLatenessMs.p99).padStart(8)} ${String(out.noopLatenessMs.max).padStart(8)}`);
  console.log(`rebuild of ${rebuild.armed} timers after the flush: ${rebuild.ms} ms (BullMQ addBulk of ${TOTAL} no-op jobs: ${noopAddMs} ms)`);
  console.log(`Redis memory: SLA timers ${(slaMemory / 1e6).toFixed(1)} MB (${out.redisBytes.slaPerTimer} B each), no-op jobs ${(noopMemory / 1e6).toFixed(1)} MB`);
  console.log(`ratios: lateness p50 ${out.ratios.latenessP50}, p99 ${out.ratios.latenessP99}, rebuild/addAll ${out.ratios.rebuildVsAddAll}, memory ${out.ratios.memory}`);
  console.log(JSON.stringify(out));
} finally {
  await producers.close().catch(() => {});
  redis.disconnect();
  await cleanRedisPrefix(settings);
  await mongoose.connection.dropDatabase().catch(() => {});
  await disconnectDatabase();
}
