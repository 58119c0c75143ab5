/**
 * `sla.timer`: a deadline's timer fired; take whatever steps are due (see @hotline/referrals sla/deadline-timer).
 * Recovery re-arms missing timers from the deadlines collection and fires overdue ones (sla/deadline-reconcile).
 */
import { JOBS } from '@hotline/queue';
import { reconcileDeadlines, runDeadlineTimer } from '@hotline/referrals';
import { defineHandler } from './job-handler';

export const slaTimerJob = defineHandler(JOBS.slaTimer, {
  handle: (deps, { deadlineId }) => runDeadlineTimer(deps, deadlineId),
  async recover(deps) {
    const sla = await reconcileDeadlines(deps);
    if (sla.armed || sla.fired || sla.effects || sla.planned) deps.logger.warn({ sla }, 'reconciler repaired SLA timers');
    return { slaArmed: sla.armed, slaFired: sla.fired };
  },
});
