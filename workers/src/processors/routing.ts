import type { Job } from 'bullmq';
import { routeCase, type ReferralDeps } from '@hotline/referrals';
import { ZRouteJob } from '@hotline/queue';

/** `case.route`: one routing round (see @hotline/referrals route-case). */
export function routingProcessor(deps: ReferralDeps) {
  return async (job: Job) => {
    const { caseId, round } = ZRouteJob.parse(job.data);
    return { outcome: await routeCase(deps, caseId, round) };
  };
}
