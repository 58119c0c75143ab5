/**
 * The SLA part of the reconciler (worker start and every minute). Redis may
 * have lost anything; the deadlines collection has everything:
 * - steps claimed by a process that died before their notices went out are finished;
 * - recent open cases without deadlines (a crash before their first sync) are planned;
 * - overdue timers fire at once, here, with bounded parallelism;
 * - missing timers are armed again: all of them when the rebuild marker is gone
 *   from Redis (it was flushed or lost) and on the process's first sweep,
 *   otherwise those due since shortly before the last sweep and within
 *   `windowMs` (a later sweep arms later ones before they are due).
 * A timer is "there" when its job's key exists: ids are derived from nextAt.
 */
import type { Types } from 'mongoose';
import type { Redis } from 'ioredis';
import { casesWithoutDeadlines, deadlinesDueBetween, deadlinesWithStaleEffects, deadlinesWithTimers, loadSlaSettings, projectPendingDeadlineStats } from '@hotline/db';
import { JOBS } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { syncCaseDeadlines } from './deadline-sync';
import { finishDeadlineEffects, runDeadlineTimer } from './deadline-timer';

export const REBUILD_MARKER = 'sla-timers-rebuilt';
const PAGE = 2000;

export interface DeadlineReconcileResult {
  effects: number;
  planned: number;
  fired: number;
  armed: number;
  checked: number;
  fullRebuild: boolean;
  ms: number;
}

async function pool<T>(items: T[], size: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** Timers this much overdue are fired here; fresher ones are left to (or re-armed on) the queue. */
export const OVERDUE_GRACE_MS = 5_000;

let running: Promise<DeadlineReconcileResult> | null = null;
const REPAIR_EVERY_MS = 60_000;
let lastRepairAt = 0;
/** When this process last swept the timers (0: never; its first sweep reads them all). */
let lastSweepAt = 0;
/** A sweep re-reads this far before the previous one, so nothing falls between two. */
const SWEEP_OVERLAP_MS = 10 * 60_000;

/** One sweep at a time per process (a slow sweep is not joined by the next scheduled one). */
export function reconcileDeadlines(
  deps: ReferralDeps,
  opts: { windowMs?: number; staleEffectMs?: number; forceFullRebuild?: boolean } = {},
): Promise<DeadlineReconcileResult> {
  running ??= sweep(deps, opts).finally(() => {
    running = null;
  });
  return running;
}

async function sweep(
  deps: ReferralDeps,
  opts: { windowMs?: number; staleEffectMs?: number; forceFullRebuild?: boolean },
): Promise<DeadlineReconcileResult> {
  const started = Date.now();
  const queue = deps.producers.queue(JOBS.slaTimer.queue);
  const redis = (await queue.client) as unknown as Redis;
  const result: DeadlineReconcileResult = { effects: 0, planned: 0, fired: 0, armed: 0, checked: 0, fullRebuild: false, ms: 0 };

  const settings = await loadSlaSettings();
  // The repairs of rare crashes scan more; they run at most once a minute, however often the timers are checked.
  if (Date.now() - lastRepairAt >= REPAIR_EVERY_MS) {
    lastRepairAt = Date.now();
    for (const d of await deadlinesWithStaleEffects(new Date(Date.now() - (opts.staleEffectMs ?? 120_000)))) {
      result.effects += await finishDeadlineEffects(deps, d).catch(() => 0);
    }
    for (const caseId of await casesWithoutDeadlines(new Date(Date.now() - 2 * 24 * 3600_000), settings.policySet.noDeadlineCategories)) {
      if ((await syncCaseDeadlines(deps, caseId, settings)).changed.length) result.planned++;
    }
    await projectPendingDeadlineStats();
  }

  const markerKey = queue.toKey(REBUILD_MARKER);
  result.fullRebuild = opts.forceFullRebuild === true || (await redis.exists(markerKey)) === 0;
  const now = Date.now();
  const horizon = new Date(now + (opts.windowMs ?? 5 * 60_000));
  const overdue: Types.ObjectId[] = [];

  const arm = async (rows: { _id: Types.ObjectId; nextAt: Date | null }[]) => {
    const late = now - OVERDUE_GRACE_MS;
    const future = rows.filter((r) => r.nextAt && r.nextAt.getTime() > late) as { _id: Types.ObjectId; nextAt: Date }[];
    for (const r of rows) if (r.nextAt && r.nextAt.getTime() <= late) overdue.push(r._id);
    if (future.length === 0) return;
    const pipe = redis.pipeline();
    for (const r of future) pipe.exists(queue.toKey(JOBS.slaTimer.jobId({ deadlineId: r._id.toHexString() }, r.nextAt)));
    const exists = (await pipe.exec()) ?? [];
    const missing = future.filter((_, i) => exists[i]?.[1] === 0);
    result.checked += future.length;
    await deps.producers.addMany(JOBS.slaTimer, missing.map((r) => ({ input: { deadlineId: r._id.toHexString() }, key: [r.nextAt], at: r.nextAt })));
    result.armed += missing.length;
  };

  if (result.fullRebuild || lastSweepAt === 0) {
    // After a Redis loss, and on this process's first sweep (workers may all have been down): every timer.
    const rows = await deadlinesWithTimers();
    for (let i = 0; i < rows.length; i += PAGE) await arm(rows.slice(i, i + PAGE));
    if (result.fullRebuild) await redis.set(markerKey, new Date(now).toISOString());
  } else {
    // Since a little before the last sweep: anything that fell due meanwhile, and what falls due before the next.
    await arm(await deadlinesDueBetween(new Date(lastSweepAt - SWEEP_OVERLAP_MS), horizon));
  }
  lastSweepAt = now;

  await pool(overdue, deps.env.WORKER_CONCURRENCY, async (id) => {
    const run = await runDeadlineTimer(deps, id, settings.quietHours).catch((err: Error) => {
      deps.log('error', { deadlineId: id.toHexString(), err: err.message }, 'overdue deadline failed; the next sweep retries it');
      return null;
    });
    if (run?.steps.length) result.fired++;
  });
  result.ms = Date.now() - started;
  return result;
}
