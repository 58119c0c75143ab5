/**
 * The safety net, run at worker start and every minute (`reconcile` job): whatever
 * Redis lost or a crash left half done is rebuilt from the database.
 * - case outboxes left behind are relayed to the timeline;
 * - acceptances a crash left half done are completed;
 * - every job kind re-creates the jobs the database says should exist (its handler's `recover`):
 *   intake of cases still new or waiting for their first round, the notice or offer timeout of
 *   every open offer, SLA timers (missing ones re-armed, overdue ones fired);
 * - expired sessions are deleted;
 * - partners' routing stats are checked against their referrals (a few provinces a run, in turn):
 *   entries older than 90 days dropped, anything a crash left behind rebuilt;
 * - the same provinces' facilities' occupancy is checked against their current residents, and
 *   every reunified resident's follow-up visits have their SLA deadlines.
 */
import { PROVINCE_CODES } from '@hotline/core';
import { applyPendingCallRollups, compactRollups, deleteExpiredSessions, relayPendingOutboxes, repairAcceptedReferrals, repairFacilityOccupancy, repairPartnerStats, SYSTEM_ACTOR } from '@hotline/db';
import { repairResidentVisitDeadlines } from '@hotline/referrals';
import { JOBS, type JobSpec } from '@hotline/queue';
import type { WorkerDeps } from '../worker-deps';
import { defineHandler, type JobHandler, type RecoverContext } from './job-handler';

const GRACE_MS = 15_000;
/** The stats repair reads each partner's referrals: a few provinces' partners a run, every province in about nine runs. */
const STATS_PROVINCES_PER_RUN = 4;

export type Reconciler = (deps: WorkerDeps) => Promise<Record<string, number>>;

export function createReconciler(handlers: readonly JobHandler[]): Reconciler {
  let statsRun = 0;
  return async (deps) => {
    const before = new Date(Date.now() - GRACE_MS);
    const relayed = await relayPendingOutboxes();
    // Lone calls whose report counts a crash left unwritten (each counted once: guarded by its marker).
    const callRollups = await applyPendingCallRollups();
    const repaired = await repairAcceptedReferrals(SYSTEM_ACTOR);

    let requeued = 0;
    const reads = new Map<string, Promise<unknown>>();
    const figures: Record<string, number> = {};
    const failures: string[] = [];
    for (const h of handlers) {
      if (!h.recover) continue;
      const ctx: RecoverContext<JobSpec> = {
        before,
        async ensure(at, input, ...key) {
          const did = await deps.producers.ensure(h.spec, at, input, ...key);
          if (did !== 'present') requeued++;
          return did;
        },
        shared: <T>(name: string, read: () => Promise<T>) => {
          if (!reads.has(name)) reads.set(name, read());
          return reads.get(name) as Promise<T>;
        },
      };
      // One job kind failing to recover does not keep the others from recovering.
      try {
        Object.assign(figures, (await h.recover(deps, ctx)) ?? {});
      } catch (err) {
        failures.push(h.spec.name);
        deps.logger.error({ job: h.spec.name, err: (err as Error).message }, 'reconciler could not recover these jobs; the next run retries');
      }
    }

    const provinces = Array.from({ length: STATS_PROVINCES_PER_RUN }, (_, i) => PROVINCE_CODES[(statsRun * STATS_PROVINCES_PER_RUN + i) % PROVINCE_CODES.length]!);
    statsRun++;
    const stats = await repairPartnerStats(new Date(), undefined, [...new Set(provinces)]);
    // Facilities' occupancy of the same provinces checked against their residents; reunified residents' visit deadlines ensured.
    const occupancy = await repairFacilityOccupancy([...new Set(provinces)]);
    const visits = await repairResidentVisitDeadlines(deps);
    if (occupancy || visits) deps.logger.warn({ occupancy, visits }, 'reconciler repaired residents');
    const sessions = await deleteExpiredSessions();
    // Days and months that ended are compacted for the reports (and periods a late fact changed, an hour on).
    const { compacted: rollupsCompacted } = await compactRollups(PROVINCE_CODES);
    if (relayed || callRollups || requeued || repaired) deps.logger.warn({ relayed, callRollups, requeued, repaired }, 'reconciler repaired state');
    if (stats) deps.logger.info({ partners: stats }, 'reconciler brought partner stats up to date');
    if (failures.length) throw new Error(`reconciler could not recover: ${failures.join(', ')}`);
    return { relayed, callRollups, requeued, repaired, stats, occupancy, visits, sessions, rollupsCompacted, ...figures };
  };
}

/** The `reconcile` job itself: runs the reconciler over the other jobs' handlers. */
export const reconcileJob = (reconcile: Reconciler) => defineHandler(JOBS.reconcile, { handle: (deps) => reconcile(deps) });
