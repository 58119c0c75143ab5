/** `sla.timer`: a deadline's timer fired; take whatever steps are due (see @hotline/referrals sla/deadline-timer). */
import type { Job } from 'bullmq';
import { runDeadlineTimer, type ReferralDeps } from '@hotline/referrals';
import { ZSlaTimerJob } from '@hotline/queue';

export function slaProcessor(deps: ReferralDeps) {
  return async (job: Job) => {
    const { deadlineId } = ZSlaTimerJob.parse(job.data);
    return runDeadlineTimer(deps, deadlineId);
  };
}
