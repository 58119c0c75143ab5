/**
 * The safety net, run at start and every minute: whatever Redis lost or a
 * crash left half done is rebuilt from the database.
 * - case outboxes left behind are relayed to the timeline;
 * - cases still `new` get their triage job back; triaged cases never routed get round 1;
 * - acceptances a crash left half done are completed;
 * - every open offer gets back the job that moves it on (its notice, or its offer timeout);
 * - expired sessions are deleted;
 * - partners' routing stats are checked against their referrals (a few provinces a run, in turn):
 *   entries older than 90 days dropped, anything a crash left behind rebuilt;
 * - SLA deadlines: missing timers re-armed, overdue ones fired (see @hotline/referrals sla/deadline-reconcile).
 */
import { isReferable, PROVINCE_CODES } from '@hotline/core';
import {
  CaseModel, deleteExpiredSessions, MessageModel, messageKey, ReferralModel, relayPendingOutboxes, repairAcceptedReferrals, repairPartnerStats, SYSTEM_ACTOR,
} from '@hotline/db';
import { ensureJob, jobIds, JOB_NAMES, QUEUE_NAMES } from '@hotline/queue';
import { offerWindowMs, reconcileDeadlines } from '@hotline/referrals';
import type { WorkerDeps } from '../worker-deps';

export const GRACE_MS = 15_000;
/** The stats repair reads each partner's referrals: a few provinces' partners a run, every province in about nine runs. */
export const STATS_PROVINCES_PER_RUN = 4;

export function reconcileProcessor(deps: WorkerDeps) {
  let statsRun = 0;
  return async (): Promise<Record<string, number>> => {
    const before = new Date(Date.now() - GRACE_MS);
    const relayed = await relayPendingOutboxes();
    let requeued = 0;
    const count = (did: string) => void (did !== 'present' && requeued++);

    const stuckNew = await CaseModel.find({ status: 'new', createdAt: { $lt: before } }, { _id: 1 }).limit(500).lean();
    for (const c of stuckNew) {
      const id = c._id.toHexString();
      count(await ensureJob(deps.producers.queue(QUEUE_NAMES.triage), JOB_NAMES.caseTriaged, jobIds.triage(id), { caseId: id }));
    }

    const unrouted = await CaseModel.find({ status: 'triaged', routingRound: 0, updatedAt: { $lt: before } }, { _id: 1, category: 1 }).limit(500).lean();
    for (const c of unrouted.filter((x) => isReferable(x.category))) {
      const id = c._id.toHexString();
      count(await ensureJob(deps.producers.queue(QUEUE_NAMES.routing), JOB_NAMES.caseRoute, jobIds.route(id, 1), { caseId: id, round: 1 }));
    }

    const repaired = await repairAcceptedReferrals(SYSTEM_ACTOR);

    const offered = await ReferralModel.find({ status: 'offered', updatedAt: { $lt: before } }).limit(1000).lean();
    const notifications = deps.producers.queue(QUEUE_NAMES.notifications);
    for (const r of offered) {
      const id = r._id.toHexString();
      const channel = r.channels[r.channelStep];
      const sent = channel ? await MessageModel.findOne({ idempotencyKey: messageKey(r._id, channel, r.channelStep) }).lean() : null;
      if (!sent || sent.status === 'pending') {
        count(await ensureJob(notifications, JOB_NAMES.referralNotify, jobIds.notify(id, r.channelStep), { referralId: id, step: r.channelStep }));
      } else {
        const kase = await CaseModel.findById(r.caseId, { riskLevel: 1 }).lean();
        const due = sent.createdAt.getTime() + (kase ? offerWindowMs(deps, kase) : 0);
        count(await ensureJob(notifications, JOB_NAMES.offerTimeout, jobIds.offerTimeout(id, r.channelStep), { referralId: id, step: r.channelStep }, { delay: due - Date.now() }));
      }
    }

    const provinces = Array.from({ length: STATS_PROVINCES_PER_RUN }, (_, i) => PROVINCE_CODES[(statsRun * STATS_PROVINCES_PER_RUN + i) % PROVINCE_CODES.length]!);
    statsRun++;
    const stats = await repairPartnerStats(new Date(), undefined, [...new Set(provinces)]);

    const sessions = await deleteExpiredSessions();
    const sla = await reconcileDeadlines(deps);
    if (relayed || requeued || repaired) deps.logger.warn({ relayed, requeued, repaired }, 'reconciler repaired state');
    if (stats) deps.logger.info({ partners: stats }, 'reconciler brought partner stats up to date');
    if (sla.armed || sla.fired || sla.effects || sla.planned) deps.logger.warn({ sla }, 'reconciler repaired SLA timers');
    return { relayed, requeued, repaired, stats, sessions, slaArmed: sla.armed, slaFired: sla.fired };
  };
}
